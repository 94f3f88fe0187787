"""Every page: what each persona sees (404 for what is not theirs), the flows through the views,
and bad input re-shown with its message and nothing typed lost."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Criterion, Score
from tests.conftest import local_dt

BEFORE = local_dt(2023, 10, 5, 9, 0)
ON_THE_DAY = local_dt(2023, 10, 17, 8, 40)


def round_pages(rnd):
    r, d = rnd.round.pk, rnd.day.pk
    return [
        reverse("inspections-round-edit", args=[r]),
        reverse("inspections-table-import", args=[r]),
        reverse("inspections-group-create", args=[r]),
        reverse("inspections-bands", args=[r]),
        reverse("inspections-team", args=[r]),
        reverse("inspections-day-create", args=[r]),
        reverse("inspections-day-edit", args=[d]),
        reverse("inspections-pairs", args=[d]),
        reverse("inspections-results-xlsx", args=[r]),
        reverse("inspections-conclusion-docx", args=[r]),
    ]


def test_manager_opens_every_setup_page(rnd, personas, client_as):
    c = client_as(personas.reviewer)
    for url in round_pages(rnd) + [
        reverse("inspections-round-list"), reverse("inspections-round-create"),
        reverse("inspections-round-detail", args=[rnd.round.pk]), reverse("inspections-table", args=[rnd.round.pk]),
        reverse("inspections-schedule", args=[rnd.round.pk]), reverse("inspections-results", args=[rnd.round.pk]),
        reverse("inspections-schedule-docx", args=[rnd.round.pk]), reverse("inspections-schedule-ics", args=[rnd.round.pk]),
        reverse("inspections-dossier", args=[rnd.a1.pk]), reverse("inspections-precheck", args=[rnd.a1.pk]),
        reverse("inspections-reconcile", args=[rnd.a1.pk]), reverse("inspections-evidence-zip", args=[rnd.a1.pk]),
        reverse("inspections-report-docx", args=[rnd.a1.pk]),
    ]:
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["other_city_reviewer", "other_city_officer", "officer", "other_ward_officer", "nobody"])
def test_setup_and_results_are_the_standing_committees_only(rnd, personas, client_as, who):
    c = client_as(getattr(personas, who))
    for url in round_pages(rnd) + [reverse("inspections-results", args=[rnd.round.pk])]:
        assert c.get(url).status_code == 404, (who, url)


def test_anonymous_is_sent_to_login(rnd, client):
    for url in [reverse("inspections-round-detail", args=[rnd.round.pk]), reverse("inspections-dossier", args=[rnd.a1.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"] or "dang-nhap" in response["Location"]


def test_another_city_sees_nothing(rnd, personas, client_as):
    c = client_as(personas.other_city_reviewer)
    assert rnd.round.title not in c.get(reverse("inspections-round-list")).content.decode()
    for url in [reverse("inspections-round-detail", args=[rnd.round.pk]), reverse("inspections-dossier", args=[rnd.a1.pk]),
                reverse("inspections-precheck", args=[rnd.a1.pk]), reverse("inspections-reconcile", args=[rnd.a1.pk]),
                reverse("inspections-evidence-zip", args=[rnd.a1.pk]), reverse("inspections-results", args=[rnd.round.pk])]:
        assert c.get(url).status_code == 404, url


def test_the_province_reads_the_results_only(rnd, tree, personas, client_as):
    """The standing committee above the city (a congress pilot's "vững mạnh" links to these results)
    reads the ranking; it neither reconciles, decides nor downloads, and no link leads to a 404."""
    from committees.models import Membership
    from tests.conftest import make_user

    province = client_as(make_user("btt_tinh", tree.province, Membership.Role.STANDING))
    page = province.get(reverse("inspections-results", args=[rnd.round.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert rnd.a1.name in html and "/doi-chieu/" not in html and "ket-qua.xlsx" not in html
    assert f'href="{reverse("inspections-round-detail", args=[rnd.round.pk])}"' not in html
    for url in [reverse("inspections-round-detail", args=[rnd.round.pk]), reverse("inspections-reconcile", args=[rnd.a1.pk]),
                reverse("inspections-results-xlsx", args=[rnd.round.pk]), reverse("inspections-dossier", args=[rnd.a1.pk])]:
        assert province.get(url).status_code == 404, url
    assert province.post(reverse("inspections-decide", args=[rnd.round.pk])).status_code == 404
    # a ward's officer does not read the city's ranking
    assert client_as(personas.officer).get(reverse("inspections-results", args=[rnd.round.pk])).status_code == 404


@time_machine.travel(BEFORE, tick=False)
def test_a_unit_sees_only_its_own_dossier(rnd, personas, client_as):
    c = client_as(personas.officer)
    assert c.get(reverse("inspections-round-detail", args=[rnd.round.pk])).status_code == 200
    assert c.get(reverse("inspections-dossier", args=[rnd.a1.pk])).status_code == 200
    for unit in (rnd.a2, rnd.a3):
        assert c.get(reverse("inspections-dossier", args=[unit.pk])).status_code == 404
        assert c.get(reverse("inspections-evidence-zip", args=[unit.pk])).status_code == 404
    assert c.get(reverse("inspections-precheck", args=[rnd.a1.pk])).status_code == 404
    assert c.get(reverse("inspections-reconcile", args=[rnd.a1.pk])).status_code == 404


def test_cross_target_shown_only_when_the_session_opens(rnd, personas, client_as):
    c = client_as(personas.officer)  # A1 inspects A2 (the cycle)
    assert rnd.a1.cross_target_id == rnd.a2.pk
    url = reverse("inspections-cross", args=[rnd.a2.pk])
    with time_machine.travel(local_dt(2023, 10, 17, 7, 29), tick=False):
        assert c.get(url).status_code == 404
        page = c.get(reverse("inspections-round-detail", args=[rnd.round.pk])).content.decode()
        assert "07:30 ngày 17/10/2023" in page and url not in page
        assert c.get(reverse("inspections-evidence-zip", args=[rnd.a2.pk])).status_code == 404
    with time_machine.travel(local_dt(2023, 10, 17, 7, 30), tick=False):
        assert c.get(url).status_code == 200
        assert url in c.get(reverse("inspections-round-detail", args=[rnd.round.pk])).content.decode()
        assert c.get(reverse("inspections-evidence-zip", args=[rnd.a2.pk])).status_code == 200
        assert c.get(reverse("inspections-cross", args=[rnd.a3.pk])).status_code == 404  # not its target
        assert c.get(reverse("inspections-dossier", args=[rnd.a2.pk])).status_code == 404  # never writes it
    with time_machine.travel(local_dt(2023, 10, 18, 8, 0), tick=False):
        assert c.get(url).status_code == 404


@time_machine.travel(ON_THE_DAY, tick=False)
def test_cross_inspector_scores_its_unit(rnd, personas, client_as):
    c = client_as(personas.officer)
    crit = Criterion.objects.get(group__round=rnd.round, group__label="I", label="1")
    response = c.post(reverse("inspections-cross", args=[rnd.a2.pk]), {"save": "1", f"points-{crit.pk}": "7,5", f"note-{crit.pk}": "đủ"})
    assert response.status_code == 302
    score = Score.objects.get(unit=rnd.a2, source="cross")
    assert score.points == 7.5 and score.by_unit == rnd.a1


def test_team_member_sees_the_units_of_their_days_only(rnd, personas, client_as):
    from inspections.setup import services

    other_day = services.day_save(round=rnd.round, by=personas.reviewer, date=datetime.date(2023, 10, 18))
    services.units_set(day=other_day, by=personas.reviewer, committees=[rnd.ward_a4])
    c = client_as(rnd.team_user)
    assert c.get(reverse("inspections-precheck", args=[rnd.a1.pk])).status_code == 200
    assert c.get(reverse("inspections-reconcile", args=[rnd.a1.pk])).status_code == 200
    assert c.get(reverse("inspections-precheck", args=[rnd.a4.pk])).status_code == 404
    assert c.get(reverse("inspections-results", args=[rnd.round.pk])).status_code == 200
    assert c.get(reverse("inspections-bands", args=[rnd.round.pk])).status_code == 404


@time_machine.travel(BEFORE, tick=False)
def test_bad_score_is_shown_with_its_criterion_and_nothing_typed_is_lost(rnd, personas, client_as):
    c = client_as(personas.officer)
    c1 = Criterion.objects.get(group__round=rnd.round, group__label="I", label="1")
    c2 = Criterion.objects.get(group__round=rnd.round, group__label="I", label="2")
    response = c.post(reverse("inspections-dossier", args=[rnd.a1.pk]), {
        "save": "1", f"points-{c1.pk}": "9", f"note-{c1.pk}": "giải thích dài", f"points-{c2.pk}": "6,5", f"note-{c2.pk}": "ghi chú 2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu chí I.1: điểm vượt điểm tối đa 8." in page
    assert 'value="9"' in page and "giải thích dài" in page and 'value="6,5"' in page and "ghi chú 2" in page
    assert not Score.objects.exists()


@time_machine.travel(BEFORE, tick=False)
def test_officer_of_another_ward_cannot_write_or_submit(rnd, personas, client_as):
    c = client_as(personas.other_ward_officer)  # A2's officer
    crit = Criterion.objects.get(group__round=rnd.round, group__label="I", label="1")
    assert c.post(reverse("inspections-dossier", args=[rnd.a1.pk]), {"save": "1", f"points-{crit.pk}": "1"}).status_code == 404
    assert c.post(reverse("inspections-dossier-submit", args=[rnd.a1.pk])).status_code == 404
    assert c.post(reverse("inspections-evidence-upload", args=[rnd.a1.pk]), {"criterion": crit.pk}).status_code == 404
    assert not Score.objects.exists()


def test_page_shows_the_last_minute_of_the_deadline(rnd, personas, client_as):
    page = client_as(personas.officer).get(reverse("inspections-dossier", args=[rnd.a1.pk])).content.decode()
    assert "hạn cuối: <strong>23:59 ngày 11/10/2023</strong>" in page


def test_submit_after_the_deadline_is_refused_on_the_page(rnd, personas, client_as):
    c = client_as(personas.officer)
    with time_machine.travel(local_dt(2023, 10, 12, 0, 0, 1), tick=False):
        response = c.post(reverse("inspections-dossier-submit", args=[rnd.a1.pk]), follow=True)
    assert "Đã quá hạn cuối nộp hồ sơ (23:59 ngày 11/10/2023)" in response.content.decode()
    rnd.a1.refresh_from_db()
    assert rnd.a1.submitted_at is None


def test_schedule_warns_when_the_agenda_does_not_fit(rnd, personas, client_as):
    page = client_as(personas.reviewer).get(reverse("inspections-schedule", args=[rnd.round.pk])).content.decode()
    assert "mục 08:00 – 08:30 có 30 phút, nhưng 4 đơn vị × 10 phút cần 40 phút" in page


def test_pairs_edit_refuses_mutual_pairs(rnd, personas, client_as):
    c = client_as(personas.reviewer)
    data = {f"target-{rnd.a1.pk}": rnd.a2.pk, f"target-{rnd.a2.pk}": rnd.a1.pk, f"target-{rnd.a3.pk}": rnd.a4.pk, f"target-{rnd.a4.pk}": rnd.a3.pk}
    page = c.post(reverse("inspections-pairs", args=[rnd.day.pk]), data).content.decode()
    assert "không được chấm lẫn nhau" in page
    rnd.a1.refresh_from_db()
    assert rnd.a1.cross_target_id == rnd.a2.pk and rnd.a2.__class__.objects.get(pk=rnd.a2.pk).cross_target_id == rnd.a3.pk


def test_day_units_are_matched_across_hoa_spellings(rnd, personas, client_as):
    c = client_as(personas.reviewer)
    response = c.post(reverse("inspections-day-create", args=[rnd.round.pk]), {
        "date": "18/10/2023", "place": "99 Hùng Vương", "morning_start": "07:30", "morning_end": "11:00",
        "afternoon_start": "14:00", "afternoon_end": "17:00", "units": "Hòa Hương, Phường A4\nKhông Có"})
    assert response.status_code == 200
    assert "Không Có" in response.content.decode()
    response = c.post(reverse("inspections-day-create", args=[rnd.round.pk]), {
        "date": "18/10/2023", "place": "99 Hùng Vương", "morning_start": "07:30", "morning_end": "11:00",
        "afternoon_start": "14:00", "afternoon_end": "17:00", "units": "Ho\u0300a Hu\u031bo\u031bng, A4"})
    assert response.status_code == 302
    rnd.a3.refresh_from_db()
    assert rnd.a3.day.date == datetime.date(2023, 10, 18)


@time_machine.travel(BEFORE, tick=False)
def test_results_search_matches_hoa_spellings(rnd, personas, client_as):
    page = client_as(personas.reviewer).get(reverse("inspections-results", args=[rnd.round.pk]), {"q": "hòa hương"}).content.decode()
    assert "Phường Hoà Hương" in page and "Phường A1" not in page


def test_board_queries_do_not_grow_with_units(rnd, personas, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.selectors import board
    from inspections.setup import services
    from tests.conftest import make_committee

    def count():
        with CaptureQueriesContext(connection) as q:
            rows = board(rnd.round)
        return len(q), len(rows)

    small = count()
    day = services.day_save(round=rnd.round, by=personas.reviewer, date=datetime.date(2023, 10, 18))
    wards = [make_committee(f"tp-a-x{i}", f"Ủy ban MTTQ Phường X{i}", "Phường", tree.city_a) for i in range(6)]
    services.units_set(day=day, by=personas.reviewer, committees=wards)
    services.pairs_generate(day=day, by=personas.reviewer)
    big = count()
    assert big[1] == 10 and small[1] == 4 and big[0] == small[0]


def test_printed_schedule_shows_the_pairs_to_the_organisers_only(rnd, personas, client_as):
    import io

    from docx import Document

    def text(user):
        response = client_as(user).get(reverse("inspections-schedule-docx", args=[rnd.round.pk]))
        return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)

    assert "Phường A1 kiểm tra chéo Phường A2" in text(personas.reviewer)
    assert "Phường A1 kiểm tra chéo Phường A2" in text(rnd.team_user)
    officer_copy = text(personas.officer)
    assert "Ngày 17/10/2023" in officer_copy and "kiểm tra chéo Phường" not in officer_copy
    assert client_as(personas.other_city_officer).get(reverse("inspections-schedule-docx", args=[rnd.round.pk])).status_code == 404


@time_machine.travel(BEFORE, tick=False)
def test_a_decided_round_refuses_table_and_band_changes_with_a_message(rnd, personas, client_as):
    from inspections.results import services as results
    from inspections.selectors import criteria_of

    from .test_scoring_services import fill_all

    for unit in (rnd.a1, rnd.a2, rnd.a3, rnd.a4):
        fill_all(unit, personas.reviewer, source="team", evidence=False)
    results.round_decide(round=rnd.round, by=personas.reviewer)
    c = client_as(personas.reviewer)
    crit = criteria_of(rnd.round)[0]
    page = c.post(reverse("inspections-bands", args=[rnd.round.pk]), {"preset": "vung_manh"}, follow=True).content.decode()
    assert "không sửa được bảng điểm" in page
    page = c.post(reverse("inspections-criterion-edit", args=[crit.pk]), {"delete": "1"}, follow=True).content.decode()
    assert "không sửa được bảng điểm" in page and Criterion.objects.filter(pk=crit.pk).exists()
    veto = rnd.round.vetoes.first()
    c.post(reverse("inspections-veto-delete", args=[veto.pk]))
    assert rnd.round.vetoes.filter(pk=veto.pk).exists()


def test_import_page_lists_bad_cells_and_keeps_the_table(rnd, personas, client_as):
    from .test_reminders_and_documents import _xlsx

    c = client_as(personas.reviewer)
    before = Criterion.objects.filter(group__round=rnd.round).count()
    page = c.post(reverse("inspections-table-import", args=[rnd.round.pk]),
                  {"file": _xlsx([["I", "Nhóm", None], ["1", "Tiêu chí", "mười"]])}).content.decode()
    assert "ô C2: &quot;mười&quot; không phải là số điểm." in page
    assert Criterion.objects.filter(group__round=rnd.round).count() == before
    response = c.post(reverse("inspections-table-import", args=[rnd.round.pk]),
                      {"file": _xlsx([["I", "Nhóm", None], ["1", "Tiêu chí", "10"]])})
    assert response.status_code == 302 and Criterion.objects.filter(group__round=rnd.round).count() == 1
    assert c.get(reverse("inspections-table-import", args=[rnd.round.pk])).status_code == 200
    assert client_as(personas.officer).post(reverse("inspections-table-import", args=[rnd.round.pk])).status_code == 404


@time_machine.travel(BEFORE, tick=False)
def test_a_unit_reads_its_own_decided_band_on_the_round_page(rnd, personas, client_as):
    from inspections.results import services as results

    from .test_scoring_services import fill_all

    for unit in (rnd.a1, rnd.a2, rnd.a3, rnd.a4):
        fill_all(unit, personas.reviewer, source="team", evidence=False)
    results.round_decide(round=rnd.round, by=personas.reviewer)
    page = client_as(personas.officer).get(reverse("inspections-round-detail", args=[rnd.round.pk])).content.decode()
    assert "Kết quả: Hoàn thành xuất sắc nhiệm vụ (100 điểm, hạng 1)." in page
    assert "Phường A2" not in page.split("Lịch kiểm tra")[0]  # only its own unit above the schedule


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize("bad", ["abc", "²", "99999999999999999999"])
def test_malformed_ids_in_forms_are_a_bad_request(rnd, personas, client_as, bad):
    """Ids typed into a form's hidden fields are read with lib.params: 400, never a server error."""
    officer, reviewer = client_as(personas.officer), client_as(personas.reviewer)
    assert officer.post(reverse("inspections-evidence-upload", args=[rnd.a1.pk]), {"criterion": bad}).status_code == 400
    reconcile = reverse("inspections-reconcile", args=[rnd.a1.pk])
    assert reviewer.post(reconcile, {"criterion": bad, "points": "5", "reason": "x"}).status_code == 400
    assert reviewer.post(reconcile, {"vetoes": "1", "veto": [bad]}).status_code == 400
    assert reviewer.post(reverse("inspections-team", args=[rnd.round.pk]), {"remove": bad}).status_code == 400
    assert reviewer.post(reverse("inspections-table-copy", args=[rnd.round.pk]), {"source": bad}).status_code == 400


@time_machine.travel(BEFORE, tick=False)
def test_every_button_that_deletes_or_replaces_asks_first(rnd, personas, client_as):
    """static/js/site.js asks the data-confirm question; a slip of the thumb deletes nothing."""
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections.dossiers import services as dossier
    from inspections.results import services as results
    from inspections.setup import services as setup

    c = Criterion.objects.filter(group__round=rnd.round, evidence_required=True).first()
    dossier.evidence_add(unit=rnd.a1, criterion=c, by=personas.officer,
                         upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
    setup.veto_save(round=rnd.round, by=personas.reviewer, label="Có cán bộ bị kỷ luật", cap_band=None)
    reviewer, officer = client_as(personas.reviewer), client_as(personas.officer)

    def asks(client, url, button):
        html = client.get(url).content.decode()
        tags = [t for t in re.findall(r"<button[^>]*>[^<]*", html) if button in t]
        assert tags and all("data-confirm=" in t for t in tags), (url, button, tags)

    asks(officer, reverse("inspections-dossier", args=[rnd.a1.pk]), "/xoa/")
    asks(reviewer, reverse("inspections-bands", args=[rnd.round.pk]), 'class="btn btn-link btn-sm p-0"')
    asks(reviewer, reverse("inspections-bands", args=[rnd.round.pk]), "Dùng bộ có sẵn")
    asks(reviewer, reverse("inspections-pairs", args=[rnd.day.pk]), 'name="generate"')
    asks(reviewer, reverse("inspections-team", args=[rnd.round.pk]), 'name="remove"')
    asks(reviewer, reverse("inspections-day-edit", args=[rnd.day.pk]), 'name="delete"')
    regular = Criterion.objects.filter(group__round=rnd.round, kind="regular")
    for unit in rnd.units:
        dossier.scores_save(unit=unit, source="team", by=personas.reviewer, entries={k.pk: dossier.Entry(points="1") for k in regular})
    results.round_decide(round=rnd.round, by=personas.reviewer)
    asks(reviewer, reverse("inspections-results", args=[rnd.round.pk]), 'name="reopen"')
