"""Meetings: the level outside the Front (the ward's Party committee) is recorded by the ward with
the meeting's date, conclusions and minutes; a Front level may record its meeting too."""

import pytest
import time_machine

from approvals import selectors, services
from approvals.models import Meeting
from approvals.services import ApprovalError
from tests.conftest import local_dt

from .conftest import PDF, approve_all, minutes_file, steps

pytestmark = pytest.mark.django_db
DAY = local_dt(2023, 12, 4, 15, 0)


@time_machine.travel(DAY, tick=False)
def test_the_unit_records_the_party_committees_meeting_and_decision(sent, people):
    party = steps(sent)[0]
    meeting = services.meeting_record(
        case=sent,
        step=party,
        held_on=DAY.date(),
        conclusions="Thống nhất chương trình Đại hội.",
        minutes=minutes_file("Biên bản họp Đảng ủy.pdf"),
        by=people.officer,
    )
    assert meeting.minutes_name == "Biên bản họp Đảng ủy.pdf"
    assert meeting.minutes.read() == PDF and "Biên" not in meeting.minutes.name  # generated name on disk
    approve_all(sent, party, people.officer, meeting)
    state = selectors.case_state(sent)
    assert state.current_step == steps(sent)[1]
    assert state.meetings == [meeting]
    assert all(cell.decision.meeting == meeting for item in state.items if item.item.version for cell in item.cells[:1])


@time_machine.travel(DAY, tick=False)
def test_an_outside_level_needs_the_minutes_and_conclusions(sent, people):
    errors = refused_fields(sent, people, conclusions=" ", minutes=None)
    assert set(errors) == {"conclusions", "minutes"}
    assert errors["minutes"] == ["Hãy đính kèm biên bản cuộc họp của Đảng ủy Phường A1."]


def refused_fields(sent, people, **given) -> dict:
    """The field messages of a refused Party-committee meeting recorded by the ward."""
    values = {"held_on": DAY.date(), "conclusions": "Đồng ý", "minutes": minutes_file(), **given}
    with pytest.raises(ApprovalError) as exc:
        services.meeting_record(case=sent, step=steps(sent)[0], by=people.officer, **values)
    assert not Meeting.objects.exists()
    return exc.value.message_dict


@time_machine.travel(DAY, tick=False)
def test_minutes_are_checked_like_every_upload(sent, people):
    errors = refused_fields(sent, people, minutes=minutes_file("bien-ban.pdf", b"MZ\x90\x00 not a pdf"))
    assert "không đúng loại cho phép" in errors["minutes"][0]
    errors = refused_fields(sent, people, minutes=minutes_file("bien-ban.docx"))
    assert "không khớp với nội dung thật" in errors["minutes"][0]


@time_machine.travel(DAY, tick=False)
def test_a_meeting_cannot_be_in_the_future(sent, people):
    errors = refused_fields(sent, people, held_on=local_dt(2023, 12, 9).date())
    assert errors == {"held_on": ["Ngày họp 09/12/2023 chưa tới: chỉ ghi cuộc họp đã diễn ra."]}


def test_a_front_level_may_record_its_meeting_without_minutes(at_city, people):
    with time_machine.travel(local_dt(2023, 12, 5, 9, 0), tick=False):
        meeting = services.meeting_record(
            case=at_city,
            step=steps(at_city)[1],
            held_on=local_dt(2023, 12, 5).date(),
            conclusions="Ban Thường trực thống nhất; đề nghị bổ sung cơ cấu.",
            by=people.reviewer,
        )
        decision = services.decision_record(
            case=at_city,
            step=steps(at_city)[1],
            key="de-an",
            outcome="returned",
            comment="Bổ sung cơ cấu.",
            by=people.reviewer,
            meeting=meeting,
        )
    assert decision.meeting == meeting and not meeting.minutes
