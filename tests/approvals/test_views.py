"""The pages: who sees a dossier (404 for the officer of another ward, a reviewer of another city or
province; login for an anonymous visitor), the grid, the forms of whoever's turn it is, refusals
shown with what was typed kept, the minutes download and the "waiting for me" list."""

import pytest
import time_machine
from django.urls import reverse

from approvals import services
from approvals.models import Decision, Meeting
from tests.conftest import local_dt

from .conftest import PDF, minutes_file, steps, submit

pytestmark = pytest.mark.django_db
NOW = local_dt(2023, 12, 5, 10, 0)
OUTSIDERS = ["other_ward_officer", "other_city_reviewer", "other_province_reviewer", "other_city_officer", "nobody"]


def url(name, case):
    return reverse(name, args=[case.pk])


@pytest.mark.parametrize("who", ["officer", "leader", "reviewer", "province_reviewer"])
def test_the_unit_and_its_levels_see_the_dossier(at_city, people, client_as, who):
    body = client_as(getattr(people, who)).get(url("approvals-case-detail", at_city)).content.decode()
    assert at_city.title in body and "Đảng ủy Phường A1" in body


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(at_city, people, client_as, who):
    client = client_as(getattr(people, who))
    assert client.get(url("approvals-case-detail", at_city)).status_code == 404
    assert (
        client.post(
            url("approvals-case-decide", at_city), {"key": "de-an", "item_version": 1, "outcome": "approved"}
        ).status_code
        == 404
    )
    assert (
        client.post(url("approvals-case-meeting", at_city), {"held_on": "04/12/2023", "conclusions": "x"}).status_code
        == 404
    )
    assert client.post(url("approvals-case-send", at_city)).status_code == 404
    assert client.get(reverse("approvals-minutes", args=[Meeting.objects.get().pk])).status_code == 404
    assert not Decision.objects.filter(step__position=2).exists()


def test_anonymous_is_sent_to_login(at_city, client_as):
    for name in ["approvals-case-detail", "approvals-case-send"]:
        response = (
            client_as(None).get(url(name, at_city))
            if name.endswith("detail")
            else client_as(None).post(url(name, at_city))
        )
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert client_as(None).get(reverse("approvals-inbox")).status_code == 302


def test_the_page_shows_both_deadlines_and_warns_about_a_sunday(at_city, people, client_as):
    body = client_as(people.officer).get(url("approvals-case-detail", at_city)).content.decode()
    assert "05/12/2023 17:00" in body and "10/12/2023 17:00" in body
    assert "10/12/2023 là Chủ nhật." in body
    assert "Đang chờ Ban Thường trực Ủy ban MTTQ thành phố A xét duyệt (từ 04/12/2023 15:00)." in body
    assert "/dai-hoi/1/tai-lieu/de-an/" in body and 'href="/dai-hoi/1/"' in body  # the owner's pages


def test_only_the_level_whose_turn_it_is_gets_the_forms(at_city, people, client_as):
    assert (
        'data-actor-step="2"' in client_as(people.reviewer).get(url("approvals-case-detail", at_city)).content.decode()
    )
    for who in ["officer", "province_reviewer"]:
        body = client_as(getattr(people, who)).get(url("approvals-case-detail", at_city)).content.decode()
        assert "data-actor-step" not in body
    # The level whose turn has not come posting anyway: 404, nothing recorded.
    r = client_as(people.province_reviewer).post(
        url("approvals-case-decide", at_city), {"key": "de-an", "item_version": 1, "outcome": "approved"}
    )
    assert r.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_city_approves_and_returns_through_the_page(at_city, people, client_as):
    client = client_as(people.reviewer)
    r = client.post(
        url("approvals-case-decide", at_city), {"key": "chuong-trinh", "item_version": 1, "outcome": "approved"}
    )
    assert r.status_code == 302
    r = client.post(
        url("approvals-case-decide", at_city),
        {"key": "de-an", "item_version": 1, "outcome": "returned", "comment": "Bổ sung cơ cấu nữ."},
    )
    assert r.status_code == 302
    assert Decision.objects.get(step__position=2, item__key="de-an").comment == "Bổ sung cơ cấu nữ."
    body = client.get(url("approvals-case-detail", at_city)).content.decode()
    assert "Bổ sung cơ cấu nữ." in body and "Trả lại" in body


def test_a_return_without_comment_is_refused_on_the_page(at_city, people, client_as):
    r = client_as(people.reviewer).post(
        url("approvals-case-decide", at_city),
        {"key": "de-an", "item_version": 1, "outcome": "returned", "comment": " "},
    )
    assert r.status_code == 400
    assert "Hãy ghi ý kiến khi trả lại" in r.content.decode()
    assert not Decision.objects.filter(step__position=2).exists()


def test_a_stale_page_is_refused_and_the_comment_kept(at_city, people, client_as):
    services.item_submit(case=at_city, key="de-an", link="/v2/", by=people.officer)
    r = client_as(people.reviewer).post(
        url("approvals-case-decide", at_city),
        {"key": "de-an", "item_version": 1, "outcome": "returned", "comment": "Thiếu danh sách trích ngang."},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "vừa có phiên bản mới (lần 2)" in body and "Thiếu danh sách trích ngang." in body


@time_machine.travel(local_dt(2023, 12, 4, 15, 0), tick=False)
def test_the_ward_records_its_party_committee_through_the_page(sent, people, client_as):
    client = client_as(people.officer)
    body = client.get(url("approvals-case-detail", sent)).content.decode()
    assert "Ghi cuộc họp trước" in body
    r = client.post(url("approvals-case-meeting", sent), {"held_on": "04/12/2023", "conclusions": "Thống nhất."})
    assert r.status_code == 400
    assert "Hãy đính kèm biên bản cuộc họp của Đảng ủy Phường A1." in r.content.decode()
    assert "Thống nhất." in r.content.decode()  # what was typed is kept
    r = client.post(
        url("approvals-case-meeting", sent),
        {"held_on": "04/12/2023", "conclusions": "Thống nhất.", "minutes": minutes_file()},
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get()
    for key in ["chuong-trinh", "dai-bieu", "bao-cao", "de-an"]:
        r = client.post(
            url("approvals-case-decide", sent),
            {"key": key, "item_version": 1, "outcome": "approved", "meeting": meeting.pk},
        )
        assert r.status_code == 302
    sent.refresh_from_db()
    assert steps(sent)[1].reached_at == local_dt(2023, 12, 4, 15, 0)
    download = client.get(reverse("approvals-minutes", args=[meeting.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert 'filename="bien-ban-hop.pdf"' in download["Content-Disposition"]


def test_the_unit_sends_from_the_page(case, people, client_as):
    client = client_as(people.officer)
    submit(case, people.officer, keys=["chuong-trinh"])
    body = client.get(url("approvals-case-detail", case)).content.decode()
    assert "Chưa gửi được: còn thiếu tài liệu bắt buộc:" in body
    r = client.post(url("approvals-case-send", case), follow=True)
    assert "còn thiếu tài liệu bắt buộc" in r.content.decode()
    submit(case, people.officer, keys=["dai-bieu", "bao-cao", "de-an"])
    assert "Gửi hồ sơ lên Đảng ủy Phường A1" in client.get(url("approvals-case-detail", case)).content.decode()
    assert client.post(url("approvals-case-send", case)).status_code == 302
    case.refresh_from_db()
    assert case.sent_at is not None
    # The city's reviewer sees the page but may not send for the ward.
    assert client_as(people.reviewer).post(url("approvals-case-send", case)).status_code == 404


def test_waiting_for_me_lists(at_city, people, client_as):
    body = client_as(people.reviewer).get(reverse("approvals-inbox")).content.decode()
    assert f'data-case="{at_city.pk}"' in body and "Chờ Ban Thường trực Ủy ban MTTQ thành phố A xét duyệt" in body
    for who in ["other_city_reviewer", "other_province_reviewer", "other_ward_officer"]:
        assert (
            f'data-case="{at_city.pk}"'
            not in client_as(getattr(people, who)).get(reverse("approvals-inbox")).content.decode()
        )
    officer = client_as(people.officer).get(reverse("approvals-inbox")).content.decode()
    assert f'data-case="{at_city.pk}"' in officer and "Hồ sơ của Ủy ban MTTQ Phường A1" in officer


def test_the_unit_is_told_to_record_its_party_committee(sent, people, client_as):
    body = client_as(people.officer).get(reverse("approvals-inbox")).content.decode()
    assert "Cần ghi ý kiến của Đảng ủy Phường A1" in body


def test_the_admin_only_shows(at_city, client_as):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("quantri", "qt@mttq.example", "x")
    client = client_as(admin_user)
    assert client.get(reverse("admin:approvals_case_change", args=[at_city.pk])).status_code == 200
    assert client.get(reverse("admin:approvals_case_add")).status_code == 403
    assert client.get(reverse("admin:approvals_decision_changelist")).status_code == 200


def test_the_inbox_takes_as_many_queries_for_many_dossiers_as_for_few(tree, people, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_selectors import build_round

    client = client_as(people.reviewer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("approvals-inbox")).status_code == 200
        return len(ctx.captured_queries)

    build_round(tree, people, 5)
    few = count()
    build_round(tree, people, 10, start=5)
    assert count() == few


def test_a_level_may_change_its_mind_while_it_is_its_turn(at_city, people, client_as):
    client = client_as(people.reviewer)
    client.post(url("approvals-case-decide", at_city), {"key": "bao-cao", "item_version": 1, "outcome": "approved"})
    body = client.get(url("approvals-case-detail", at_city)).content.decode()
    assert "Đổi ý kiến" in body
    r = client.post(
        url("approvals-case-decide", at_city),
        {"key": "bao-cao", "item_version": 1, "outcome": "returned", "comment": "Số liệu chưa khớp."},
    )
    assert r.status_code == 302
    assert Decision.objects.filter(item__key="bao-cao", step__position=2).latest("pk").outcome == "returned"
    officer = client_as(people.officer).get(url("approvals-case-detail", at_city)).content.decode()
    assert 'data-hint="fix"' in officer and "Số liệu chưa khớp." in officer


def test_a_long_waiting_list_shows_the_oldest_and_says_how_many(tree, people, client_as, monkeypatch):
    from approvals import views

    from .test_selectors import build_round

    monkeypatch.setattr(views, "LIST_LIMIT", 1)
    build_round(tree, people, 10)  # two dossiers wait on city A
    body = client_as(people.reviewer).get(reverse("approvals-inbox")).content.decode()
    assert "1 hồ sơ chờ lâu nhất, trong tổng số 2 hồ sơ đang chờ." in body
