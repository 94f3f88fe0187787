"""Out of turn, wrong level, not in the chain, not submitted, not sent: each refused with a
Vietnamese message, and nothing recorded."""

import pytest

from approvals import services
from approvals.models import Decision, Meeting
from approvals.services import ApprovalError
from tests.conftest import local_dt

from .conftest import REQUIRED, open_case, party_meeting, steps, submit

pytestmark = pytest.mark.django_db


def refused(match, **kwargs):
    before = Decision.objects.count()
    with pytest.raises(ApprovalError, match=match):
        services.decision_record(**kwargs)
    assert Decision.objects.count() == before


def test_no_level_decides_before_the_dossier_is_sent(case, people):
    submit(case, people.officer)
    refused(
        "chưa được gửi đi", case=case, step=steps(case)[1], key="chuong-trinh", outcome="approved", by=people.reviewer
    )


def test_a_higher_level_waits_for_its_turn(sent, people):
    refused(
        "Chưa đến lượt Ban Thường trực Ủy ban MTTQ thành phố A: hồ sơ đang chờ Đảng ủy Phường A1 xét duyệt.",
        case=sent,
        step=steps(sent)[1],
        key="chuong-trinh",
        outcome="approved",
        by=people.reviewer,
    )


def test_a_lower_level_cannot_decide_once_the_dossier_went_up(at_city, people):
    refused(
        "Đảng ủy Phường A1 đã thông qua hồ sơ; hồ sơ đang ở Ban Thường trực Ủy ban MTTQ thành phố A.",
        case=at_city,
        step=steps(at_city)[0],
        key="de-an",
        outcome="returned",
        comment="Sửa",
        by=people.officer,
        meeting=Meeting.objects.get(case=at_city),
    )


@pytest.mark.parametrize("who", ["officer", "other_ward_officer", "other_city_reviewer", "province_reviewer", "nobody"])
def test_only_the_levels_standing_committee_decides(at_city, people, who):
    refused(
        "Chỉ Ban Thường trực của Ban Thường trực Ủy ban MTTQ thành phố A",
        case=at_city,
        step=steps(at_city)[1],
        key="chuong-trinh",
        outcome="approved",
        by=getattr(people, who),
    )


@pytest.mark.parametrize("who", ["reviewer", "other_ward_officer", "nobody"])
def test_only_the_unit_records_a_level_outside_the_front(sent, people, who):
    meeting = party_meeting(sent, people.officer)
    refused(
        "cấp ngoài Mặt trận: chỉ cán bộ của Ủy ban MTTQ Phường A1",
        case=sent,
        step=steps(sent)[0],
        key="chuong-trinh",
        outcome="approved",
        by=getattr(people, who),
        meeting=meeting,
    )


def test_a_step_of_another_dossier_is_not_in_the_chain(sent, tree, people):
    other = open_case(tree, owner_key="congress:2", subject=tree.ward_a2)
    refused(
        "không có trong các cấp phê duyệt của hồ sơ này",
        case=sent,
        step=steps(other)[1],
        key="chuong-trinh",
        outcome="approved",
        by=people.reviewer,
    )


def test_an_outside_level_needs_its_meeting(sent, people):
    refused(
        "hãy ghi cuộc họp", case=sent, step=steps(sent)[0], key="chuong-trinh", outcome="approved", by=people.officer
    )


def test_a_meeting_of_another_level_is_refused(at_city, people):
    refused(
        "Cuộc họp đã chọn không phải của Ban Thường trực Ủy ban MTTQ thành phố A",
        case=at_city,
        step=steps(at_city)[1],
        key="chuong-trinh",
        outcome="approved",
        by=people.reviewer,
        meeting=Meeting.objects.get(case=at_city),
    )


def test_a_return_needs_a_comment(at_city, people):
    with pytest.raises(ApprovalError) as exc:
        services.decision_record(
            case=at_city, step=steps(at_city)[1], key="de-an", outcome="returned", comment="  ", by=people.reviewer
        )
    assert exc.value.message_dict == {
        "comment": ["Hãy ghi ý kiến khi trả lại “Đề án nhân sự và danh sách trích ngang Ủy ban MTTQ khóa mới”."]
    }


def test_an_unknown_outcome_or_document_is_refused(at_city, people):
    city = steps(at_city)[1]
    refused("Quyết định không hợp lệ", case=at_city, step=city, key="de-an", outcome="maybe", by=people.reviewer)
    refused(
        "Hồ sơ không có tài liệu “nhan-su”",
        case=at_city,
        step=city,
        key="nhan-su",
        outcome="approved",
        by=people.reviewer,
    )


def test_a_document_not_submitted_cannot_be_decided(at_city, people):
    refused(
        "“Tài liệu khác” chưa được nộp.",
        case=at_city,
        step=steps(at_city)[1],
        key="khac",
        outcome="approved",
        by=people.reviewer,
    )


@pytest.mark.parametrize("who", ["reviewer", "other_ward_officer", "nobody"])
def test_only_the_unit_submits_and_sends(case, people, who):
    with pytest.raises(ApprovalError, match="Chỉ cán bộ của Ủy ban MTTQ Phường A1"):
        services.item_submit(case=case, key="chuong-trinh", link="/x/", by=getattr(people, who))
    submit(case, people.officer)
    with pytest.raises(ApprovalError, match="Chỉ cán bộ của Ủy ban MTTQ Phường A1"):
        services.case_send(case=case, by=getattr(people, who))


def test_meeting_out_of_turn_or_by_another_level_is_refused(sent, people):
    city = steps(sent)[1]
    with pytest.raises(ApprovalError, match="Chưa đến lượt"):
        services.meeting_record(
            case=sent, step=city, held_on=local_dt(2023, 12, 4).date(), conclusions="Đồng ý", by=people.reviewer
        )
    assert not Meeting.objects.exists()


def test_required_documents_are_all_in_the_dossier(sent):
    assert sorted(sent.items.filter(version__gt=0).values_list("key", flat=True)) == sorted(REQUIRED)
