"""The pipeline dashboard and command: stages, who it waits on, lateness, bounded queries, access."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congresses.dossier import services as dossier
from congresses.pipeline.selectors import pipeline, round_congresses
from congresses.records import services as records
from congresses.rounds.services import congress_open
from tests.conftest import local_dt
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
