"""The pipeline dashboard and command: stages, who it waits on, lateness, bounded queries, access."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Membership
from congresses.dossier import services as dossier
from congresses.pipeline.selectors import pipeline, round_congresses
from congresses.records import services as records
from congresses.rounds.services import congress_open
from tests.conftest import local_dt, make_user
from tests.congresses.conftest import approve_level, upload_all


def _row(rnd, congress):
    return {r.congress.pk: r for r in pipeline(congresses=round_congresses(rnd))}[congress.pk]


def test_stages_follow_the_flow(st, round24, pilot):
    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        row = _row(round24, pilot)
        assert row.stage == "selected" and row.waits_on == st.ward.name
        upload_all(pilot, st.officer)
        dossier.dossier_send(congress=pilot, by=st.officer)
        assert _row(round24, pilot).stage == "dossier_in"
        approve_level(pilot.case, st.officer)
        row = _row(round24, pilot)
        assert row.stage == "approving" and "Đảng ủy" in row.stage_detail and row.waits_on.endswith("thành phố A")
        assert row.since_date == datetime.date(2023, 11, 25)
    with time_machine.travel(local_dt(2023, 12, 11, 9, 0), tick=False):
        assert _row(round24, pilot).late  # past the approval deadline 10/12/2023
        approve_level(pilot.case, st.city_btt)
        approve_level(pilot.case, st.province_btt)
        assert _row(round24, pilot).stage == "approved"
    records.congress_schedule(
        congress=pilot, starts_on=datetime.date(2024, 1, 5), days=1, sessions=2, place="Hội trường"
    )
    with time_machine.travel(local_dt(2024, 1, 5, 17, 0), tick=False):
        records.congress_held(congress=pilot)
        assert _row(round24, pilot).stage == "held"
        records.recognition_request(congress=pilot, on=datetime.date(2024, 1, 6))
        records.recognition_record(congress=pilot, on=datetime.date(2024, 1, 8), number="05/QĐ-MTTQ")
        assert _row(round24, pilot).stage == "recognised"
        records.results_report_record(congress=pilot, on=datetime.date(2024, 1, 9), text="Thành công")
        assert _row(round24, pilot).stage == "report_in"


def test_late_submission_is_flagged(st, round24, pilot):
    with time_machine.travel(local_dt(2023, 12, 1, 9, 0), tick=False):
        assert "Quá hạn nộp hồ sơ 30/11/2023" in _row(round24, pilot).late


@pytest.mark.parametrize("extra", [0, 6])
def test_pipeline_queries_do_not_grow_with_units(st, round24, extra, django_assert_max_num_queries):
    units = [st.ward, st.ward2, st.ward3, st.commune, st.commune2][: 1 + extra // 2] + ([st.district] if extra else [])
    for unit in units:
        congress_open(round=round24, committee=unit)
    with CaptureQueriesContext(connection) as ctx:
        rows = pipeline(congresses=round_congresses(round24))
    assert len(rows) == len(units)
    assert len(ctx.captured_queries) <= 7


def test_command_prints_one_unit_a_line(st, round24, pilot, capsys):
    congress_open(round=round24, committee=st.district)
    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        call_command("congress_pipeline", str(round24.pk))
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "Ủy ban MTTQ Phường A1\tCấp xã\tĐã chọn, đang chuẩn bị hồ sơ\tỦy ban MTTQ Phường A1 (từ "
    )


def test_pipeline_page_access(st, round24, pilot, client_as):
    url = f"/dai-hoi/dot/{round24.pk}/tien-do/"
    page = client_as(st.province_btt).get(url)
    assert page.status_code == 200 and "Phường A1" in page.content.decode()
    assert "Phường A1" in client_as(st.city_btt).get(url).content.decode()
    assert "Phường A1" not in client_as(st.district_btt).get(url).content.decode()  # another district's unit
    assert client_as(st.officer).get(url).status_code == 404
    assert client_as(st.other_province_btt).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302


def test_pipeline_page_queries_do_not_grow_with_units(st, round24, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_as(st.province_btt)
    url = f"/dai-hoi/dot/{round24.pk}/tien-do/"
    congress_open(round=round24, committee=st.ward)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for unit in (st.ward2, st.ward3, st.commune, st.commune2, st.district):
        congress_open(round=round24, committee=unit)
    with CaptureQueriesContext(connection) as many:
        assert c.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def _stages_by_unit(st, round24):
    """Five units at five stages: A1 approving, A2 dossier in, A3 selected, D1 approved, D2 report in."""
    units = {}
    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        for unit in (st.ward, st.ward2, st.ward3, st.commune, st.commune2):
            units[unit.pk] = congress_open(round=round24, committee=unit)
        officers = {
            c.pk: make_user(f"cb_{c.committee.code}", c.committee, Membership.Role.OFFICER) for c in units.values()
        }
        district_btt = st.district_btt
        for unit in (st.ward, st.ward2, st.commune, st.commune2):
            c = units[unit.pk]
            upload_all(c, officers[c.pk])
            dossier.dossier_send(congress=c, by=officers[c.pk])
        approve_level(units[st.ward.pk].case, officers[units[st.ward.pk].pk])
        for unit in (st.commune, st.commune2):
            c = units[unit.pk]
            for by in (officers[c.pk], district_btt, st.province_btt):
                approve_level(c.case, by)
    done = units[st.commune2.pk]
    records.congress_schedule(
        congress=done, starts_on=datetime.date(2024, 1, 5), days=1, sessions=2, place="Hội trường"
    )
    with time_machine.travel(local_dt(2024, 1, 9, 17, 0), tick=False):
        records.congress_held(congress=done)
        records.results_report_record(congress=done, on=datetime.date(2024, 1, 9), text="Thành công")
    return units


def test_stage_filter_in_sql_agrees_with_the_rows(st, round24):
    from congresses.pipeline.selectors import STAGES, stage_q

    _stages_by_unit(st, round24)
    with time_machine.travel(local_dt(2023, 12, 1, 9, 0), tick=False):
        derived = {r.congress.pk: r.stage for r in pipeline(congresses=round_congresses(round24))}
    assert sorted(derived.values()) == sorted(["approving", "dossier_in", "selected", "approved", "report_in"])
    for stage, _label in STAGES:
        in_sql = set(round_congresses(round24).filter(stage_q(stage)).values_list("pk", flat=True))
        assert in_sql == {pk for pk, s in derived.items() if s == stage}, stage


def test_stage_filter_covers_the_whole_round_not_one_page(st, round24, client_as, monkeypatch):
    from congresses.pipeline import views

    units = _stages_by_unit(st, round24)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)  # five units: three pages
    url = f"/dai-hoi/dot/{round24.pk}/tien-do/"
    page = client_as(st.province_btt).get(url, {"giai-doan": "report_in"}).content.decode()
    assert f"/dai-hoi/don-vi/{units[st.commune2.pk].pk}/" in page  # last in name order, yet on page 1
    assert "Phường A1" not in page and "Chưa có đơn vị nào" not in page
    page = client_as(st.province_btt).get(url, {"giai-doan": "approved"}).content.decode()
    assert "xã D1" in page and "xã D2" not in page


def test_the_row_says_which_documents_are_missing_or_returned_and_by_whom(st, round24, pilot):
    from congresses.dossier import services as dossier_services
    from tests.congresses.conftest import pdf

    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        dossier_services.document_upload(congress=pilot, key="programme", upload=pdf(), by=st.officer)
        detail = _row(round24, pilot).stage_detail
        assert detail.startswith("Còn thiếu: Báo cáo tổng hợp đại biểu") and "Dự kiến chương trình" not in detail
        upload_all(pilot, st.officer)
        dossier.dossier_send(congress=pilot, by=st.officer)
        approve_level(pilot.case, st.officer)
        approve_level(pilot.case, st.city_btt, returns=("term_report",))
        row = _row(round24, pilot)
    assert row.waits_on == st.ward.name
    assert row.stage_detail.endswith(
        "Ban Thường trực Ủy ban MTTQ thành phố A trả lại: Dự thảo báo cáo tổng kết nhiệm kỳ"
    )


def test_command_on_a_round_without_units_says_so(st, round25, capsys):
    call_command("congress_pipeline", str(round25.pk))
    assert capsys.readouterr().out.strip() == f"Đợt “{round25.title}” chưa có đơn vị nào."


def test_the_phone_cards_tell_the_detail_too(st, round24, pilot, client_as):
    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        page = client_as(st.province_btt).get(f"/dai-hoi/dot/{round24.pk}/tien-do/").content.decode()
    cards = page.split('class="d-md-none"')[1]
    assert "Còn thiếu: Dự kiến chương trình Đại hội" in cards


def test_a_filtered_page_costs_as_many_queries_as_the_whole_one(st, round24, client_as):
    _stages_by_unit(st, round24)
    c = client_as(st.province_btt)
    url = f"/dai-hoi/dot/{round24.pk}/tien-do/"
    with CaptureQueriesContext(connection) as whole:
        assert c.get(url).status_code == 200
    with CaptureQueriesContext(connection) as filtered:
        assert c.get(url, {"giai-doan": "approving"}).status_code == 200
    assert len(filtered.captured_queries) <= len(whole.captured_queries)
