"""The congress itself (window, length and sessions per round and level; programme; delegates and
guests, the sibling chairs filled in) and the records after it; lessons search; targets rows."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from committees.access import get_access
from congresses.models import Attendee
from congresses.records import services
from congresses.records.selectors import action_targets, lessons_search
from congresses.rounds.services import congress_open
from tests.conftest import local_dt

D = datetime.date


def test_2024_commune_congress_over_one_day_or_outside_the_window_is_refused(pilot):
    with pytest.raises(ValidationError) as exc:
        services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=2, sessions=2, place="Hội trường")
    assert "tối đa 1 ngày" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.congress_schedule(congress=pilot, starts_on=D(2024, 2, 5), days=1, sessions=2, place="Hội trường")
    assert "ngoài thời gian" in str(exc.value)
    pilot.refresh_from_db()
    assert pilot.starts_on is None  # nothing saved
    assert (
        services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=1, sessions=2, place="Hội trường")
        == []
    )


def test_2024_district_congress_may_last_two_days_not_three(st, round24):
    congress = congress_open(round=round24, committee=st.district)
    assert (
        services.congress_schedule(congress=congress, starts_on=D(2024, 4, 10), days=2, sessions=2, place="Huyện") == []
    )
    with pytest.raises(ValidationError):
        services.congress_schedule(congress=congress, starts_on=D(2024, 4, 10), days=3, sessions=2, place="Huyện")


def test_2025_round_allows_two_days_and_warns_beyond(st, round25):
    congress = congress_open(round=round25, committee=st.ward)
    assert (
        services.congress_schedule(congress=congress, starts_on=D(2025, 9, 10), days=2, sessions=2, place="Phường")
        == []
    )
    warnings = services.congress_schedule(
        congress=congress, starts_on=D(2025, 9, 10), days=3, sessions=3, place="Phường"
    )
    assert len(warnings) == 2  # the round warns instead of refusing
    congress.refresh_from_db()
    assert congress.days == 3 and "tối đa 2 ngày" in congress.over_limit_note


def test_programme_must_fall_on_the_congress_days(pilot):
    with pytest.raises(ValidationError):
        services.programme_add(
            congress=pilot, session="internal", on=D(2024, 1, 5), at=datetime.time(7, 30), title="Phiên trù bị"
        )
    services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=1, sessions=2, place="Hội trường")
    with pytest.raises(ValidationError):
        services.programme_add(
            congress=pilot, session="official", on=D(2024, 1, 6), at=datetime.time(7, 30), title="Khai mạc"
        )
    services.programme_add(
        congress=pilot, session="internal", on=D(2024, 1, 5), at=datetime.time(7, 30), title="Phiên thứ nhất"
    )
    assert pilot.programme.count() == 1


def test_scheduling_a_pilot_invites_the_other_wards_chairs(st, pilot):
    services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=1, sessions=2, place="Hội trường")
    assert set(pilot.attendees.filter(kind=Attendee.Kind.GUEST).values_list("from_committee", flat=True)) == {
        st.ward2.pk,
        st.ward3.pk,
    }


def test_guests_include_the_chairs_of_the_other_wards_once(st, pilot):
    from committees.models import Membership
    from tests.conftest import make_user

    chair = make_user("ct_a2", st.ward2, Membership.Role.LEADER)
    Membership.objects.filter(user=chair).update(title="Chủ tịch")
    from committees.people import set_full_name

    set_full_name(chair, "Lâm Thị Hoa")
    assert services.guests_fill_sibling_chairs(congress=pilot) == 2
    assert services.guests_fill_sibling_chairs(congress=pilot) == 0
    guests = {a.from_committee_id: a for a in pilot.attendees.filter(kind=Attendee.Kind.GUEST)}
    assert set(guests) == {st.ward2.pk, st.ward3.pk}
    assert guests[st.ward2.pk].full_name == "Lâm Thị Hoa" and "Phường A2" in guests[st.ward2.pk].title


def _held(pilot):
    services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=1, sessions=2, place="Hội trường")
    with time_machine.travel(local_dt(2024, 1, 5, 17, 0)):
        return services.congress_held(congress=pilot)


def test_cannot_record_a_congress_held_before_its_day_or_its_dossier_approved(pilot, approved_pilot):
    services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=1, sessions=2, place="Hội trường")
    with time_machine.travel(local_dt(2024, 1, 4, 17, 0)), pytest.raises(ValidationError):
        services.congress_held(congress=pilot)


def test_cannot_record_a_congress_held_before_its_dossier_is_approved(pilot):
    services.congress_schedule(congress=pilot, starts_on=D(2024, 1, 5), days=1, sessions=2, place="Hội trường")
    with time_machine.travel(local_dt(2024, 1, 6, 17, 0)), pytest.raises(ValidationError) as exc:
        services.congress_held(congress=pilot)
    assert "chưa được duyệt" in str(exc.value)


def test_after_the_congress(approved_pilot):
    pilot = approved_pilot
    with pytest.raises(ValidationError):
        services.first_meeting_record(congress=pilot, on=D(2024, 1, 5), notes="", standing_members="A")
    _held(pilot)
    services.first_meeting_record(
        congress=pilot, on=D(2024, 1, 5), notes="", standing_members="Nguyễn Văn A – Chủ tịch"
    )
    with pytest.raises(ValidationError):
        services.recognition_record(congress=pilot, on=D(2024, 1, 10), number="12/QĐ-MTTQ")  # not requested yet
    services.recognition_request(congress=pilot, on=D(2024, 1, 6))
    with pytest.raises(ValidationError):
        services.recognition_record(congress=pilot, on=D(2024, 1, 5), number="12/QĐ-MTTQ")  # before the request
    services.recognition_record(congress=pilot, on=D(2024, 1, 10), number="12/QĐ-MTTQ")
    with pytest.raises(ValidationError):
        services.delegation_add(congress=pilot, kind="official", full_name="Nguyễn Văn A")  # no quota
    services.delegation_quota_set(congress=pilot, official=1, substitute=0)
    services.delegation_add(congress=pilot, kind="official", full_name="Nguyễn Văn A")
    with pytest.raises(ValidationError) as exc:
        services.delegation_add(congress=pilot, kind="official", full_name="Trần Văn B")
    assert "đủ 1" in str(exc.value)
    with pytest.raises(ValidationError):
        services.delegation_quota_set(congress=pilot, official=0, substitute=0)
    services.results_report_record(congress=pilot, on=D(2024, 1, 6), text="Đại hội thành công tốt đẹp")
    services.lessons_record(
        congress=pilot, strengths="Chuẩn bị chu đáo", limits="", lessons="Phối hợp với Đảng ủy phường Hoà Thuận"
    )
    pilot.refresh_from_db()
    assert pilot.recognition_number == "12/QĐ-MTTQ" and pilot.lessons_recorded_at


def test_lessons_search_matches_across_spellings_and_respects_access(st, approved_pilot):
    pilot = approved_pilot
    _held(pilot)
    services.lessons_record(congress=pilot, strengths="", limits="", lessons="Phối hợp với Đảng ủy phường Hoà Thuận")
    province = get_access(st.province_btt)
    assert lessons_search(access=province, query="hòa thuận") == [pilot]
    assert lessons_search(access=province, query="HOA\u0300 THUẬN") == [pilot]  # NFD, upper case
    assert lessons_search(access=province, query="Phường A1 phối hợp") == [pilot]  # the unit's name too
    assert lessons_search(access=province, query="hoá") == []
    assert lessons_search(access=get_access(st.other_province_btt), query="") == []


def test_action_targets_are_rows_for_the_next_term(st, pilot):
    services.action_target_add(
        congress=pilot, text="Vận động Quỹ Vì người nghèo", value=Decimal("500000000"), unit="đồng"
    )
    services.action_target_add(congress=pilot, text="100% khu dân cư tổ chức Ngày hội Đại đoàn kết")
    rows = action_targets(committee=st.ward)
    assert [r.text for r in rows] == ["Vận động Quỹ Vì người nghèo", "100% khu dân cư tổ chức Ngày hội Đại đoàn kết"]
    assert action_targets(committee=st.ward, term_start=2025) == []


def test_congress_page_access(st, pilot, client_as):
    url = f"/dai-hoi/don-vi/{pilot.pk}/"
    assert client_as(st.officer).get(url).status_code == 200
    assert client_as(st.city_btt).get(url).status_code == 200
    assert client_as(st.other_officer).get(url).status_code == 404
    assert client_as(st.other_province_btt).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302
    record = f"/dai-hoi/don-vi/{pilot.pk}/ghi/schedule/"
    data = {
        "schedule-starts_on": "05/01/2024",
        "schedule-days": "2",
        "schedule-sessions": "2",
        "schedule-place": "Hội trường",
    }
    bad = client_as(st.officer).post(record, data)
    assert bad.status_code == 400 and "tối đa 1 ngày" in bad.content.decode() and "Hội trường" in bad.content.decode()
    assert client_as(st.other_officer).post(record, data).status_code == 404
    assert (
        client_as(st.city_btt).post(record, {**data, "schedule-days": "1"}).status_code == 404
    )  # upper level reads only
    assert (
        client_as(st.officer).post(f"/dai-hoi/don-vi/{pilot.pk}/ghi/recognition/", {}).status_code == 404
    )  # upper's record
    assert client_as(st.officer).post(f"/dai-hoi/don-vi/{pilot.pk}/ghi/nope/", {}).status_code == 404
    assert client_as(st.officer).get("/dai-hoi/bai-hoc-kinh-nghiem/?q=hoa").status_code == 200


def test_a_record_saves_only_its_own_fields(approved_pilot):
    from congresses.models import Congress

    stale = Congress.objects.get(pk=approved_pilot.pk)
    _held(approved_pilot)
    Congress.objects.filter(pk=approved_pilot.pk).update(chosen_reason="Lý do đã sửa")
    services.results_report_record(congress=Congress.objects.get(pk=approved_pilot.pk), on=D(2024, 1, 6), text="Tốt")
    services.lessons_record(congress=stale, strengths="Tốt", limits="", lessons="")
    fresh = Congress.objects.get(pk=approved_pilot.pk)
    assert fresh.chosen_reason == "Lý do đã sửa" and fresh.results_report == "Tốt" and fresh.held_recorded_at
