"""The whole chain of plan 380/KH-MTTQ-BTT: Party committee of the ward (recorded by the ward) ->
standing committee of the city -> of the province; one document returned, resubmitted, approved;
the next level blind until the lower one approved everything; the approved dossier locked."""

import pytest
import time_machine

from approvals import selectors, services
from approvals.selectors import APPROVED, MISSING, RETURNED, SUBMITTED
from approvals.services import ApprovalError
from outbox.models import Email
from tests.conftest import local_dt

from .conftest import REQUIRED, SENT_AT, approve_all, party_meeting, steps, submit

pytestmark = pytest.mark.django_db


def statuses(case):
    return {s.item.key: s.status for s in selectors.case_state(case).items}


def test_full_chain_with_one_return(sent, people):
    party, city, province = steps(sent)
    state = selectors.case_state(sent)
    assert state.current_step == party and not state.waiting_on_unit and state.waiting_since == SENT_AT
    assert statuses(sent) == {**dict.fromkeys(REQUIRED, SUBMITTED), "khac": MISSING}

    # Level 1, outside the Front: the ward records the Party committee's meeting and approval.
    with time_machine.travel(local_dt(2023, 12, 4, 15, 0), tick=False):
        meeting = party_meeting(sent, people.officer)
        approve_all(sent, party, people.officer, meeting)
    state = selectors.case_state(sent)
    assert state.current_step == city and state.waiting_since == local_dt(2023, 12, 4, 15, 0)
    assert set(statuses(sent).values()) == {SUBMITTED, MISSING}
    assert Email.objects.filter(kind="approvals-reached", committee=city.committee).exists()

    # Level 2 returns the personnel scheme and approves the rest.
    with time_machine.travel(local_dt(2023, 12, 5, 10, 0), tick=False):
        for key in ["chuong-trinh", "dai-bieu", "bao-cao"]:
            services.decision_record(case=sent, step=city, key=key, outcome="approved", by=people.reviewer)
        services.decision_record(
            case=sent,
            step=city,
            key="de-an",
            outcome="returned",
            comment="Bổ sung cơ cấu dân tộc Khmer.",
            by=people.reviewer,
        )
    state = selectors.case_state(sent)
    de_an = next(i for i in state.items if i.item.key == "de-an")
    assert de_an.status == RETURNED and de_an.step == city and de_an.comment == "Bổ sung cơ cấu dân tộc Khmer."
    assert state.waiting_on_unit and state.waiting_since == local_dt(2023, 12, 5, 10, 0)
    assert state.current_step == city  # the province does not see it yet
    assert statuses(sent)["chuong-trinh"] == APPROVED
    returned_mail = Email.objects.get(kind="approvals-returned", to="canbo_a1@mttq.example")
    assert "Bổ sung cơ cấu dân tộc Khmer." in returned_mail.body_text
    assert not Email.objects.filter(kind="approvals-reached", committee=province.committee).exists()

    # The ward submits the scheme again: it alone waits again at the city; the others keep their approval.
    with time_machine.travel(local_dt(2023, 12, 6, 8, 0), tick=False):
        item = services.item_submit(case=sent, key="de-an", link="/dai-hoi/1/tai-lieu/de-an/v2/", by=people.officer)
    assert item.version == 2
    state = selectors.case_state(sent)
    assert statuses(sent) == {
        "chuong-trinh": APPROVED,
        "dai-bieu": APPROVED,
        "bao-cao": APPROVED,
        "de-an": SUBMITTED,
        "khac": MISSING,
    }
    assert not state.waiting_on_unit and state.waiting_since == local_dt(2023, 12, 6, 8, 0)
    party_cell = next(i for i in state.items if i.item.key == "de-an").cells[0]
    assert party_cell.status == APPROVED and party_cell.decision.item_version == 1  # the Party approved v1

    with time_machine.travel(local_dt(2023, 12, 6, 14, 0), tick=False):
        services.decision_record(
            case=sent, step=city, key="de-an", outcome="approved", by=people.reviewer, item_version=2
        )
    assert selectors.case_state(sent).current_step == province
    assert Email.objects.filter(kind="approvals-reached", committee=province.committee).exists()

    with time_machine.travel(local_dt(2023, 12, 8, 9, 0), tick=False):
        approve_all(sent, province, people.province_reviewer)
    sent.refresh_from_db()
    assert sent.locked_at == local_dt(2023, 12, 8, 9, 0)
    state = selectors.case_state(sent)
    assert state.is_locked and state.waiting_since is None and state.current_step == province
    assert set(statuses(sent).values()) == {APPROVED, MISSING}


def test_next_level_cannot_decide_until_the_lower_approved_everything(at_city, people):
    party, city, province = steps(at_city)
    for key in REQUIRED[:-1]:
        services.decision_record(case=at_city, step=city, key=key, outcome="approved", by=people.reviewer)
    with pytest.raises(ApprovalError, match="Chưa đến lượt Ban Thường trực Ủy ban MTTQ tỉnh"):
        services.decision_record(
            case=at_city, step=province, key="chuong-trinh", outcome="approved", by=people.province_reviewer
        )
    assert not selectors.cases_waiting_on(committee=province.committee).exists()
    assert list(selectors.cases_waiting_on(committee=city.committee)) == [at_city]


def test_an_approved_dossier_is_locked(at_city, people):
    _party, city, province = steps(at_city)
    approve_all(at_city, city, people.reviewer)
    approve_all(at_city, province, people.province_reviewer)
    with pytest.raises(ApprovalError, match="đã khóa"):
        services.item_submit(case=at_city, key="de-an", link="/x/", by=people.officer)
    with pytest.raises(ApprovalError, match="đã khóa"):
        services.decision_record(
            case=at_city, step=province, key="de-an", outcome="returned", comment="Xem lại", by=people.province_reviewer
        )
    with pytest.raises(ApprovalError, match="đã khóa"):
        services.case_open(
            subject=at_city.subject,
            owner_key=at_city.owner_key,
            title="Đổi tên",
            link=at_city.link,
            steps=[services.StepSpec("Một cấp", city.committee)],
            items=[services.ItemSpec("chuong-trinh", "Chương trình")],
        )
    at_city.refresh_from_db()
    assert at_city.title != "Đổi tên"


def test_an_approved_item_cannot_get_a_new_version_while_others_wait(at_city, people):
    _party, city, _province = steps(at_city)
    services.decision_record(case=at_city, step=city, key="chuong-trinh", outcome="approved", by=people.reviewer)
    with pytest.raises(ApprovalError, match="đã được Ban Thường trực Ủy ban MTTQ thành phố A thông qua"):
        services.item_submit(case=at_city, key="chuong-trinh", link="/x/", by=people.officer)
    # A document still waiting may be replaced; the level then decides on the newest version.
    item = services.item_submit(case=at_city, key="dai-bieu", link="/v2/", by=people.officer)
    assert item.version == 2
    with pytest.raises(ApprovalError, match="vừa có phiên bản mới"):
        services.decision_record(
            case=at_city, step=city, key="dai-bieu", outcome="approved", by=people.reviewer, item_version=1
        )


def test_send_refused_while_a_required_document_is_missing(case, people):
    submit(case, people.officer, keys=["chuong-trinh", "bao-cao"])
    with pytest.raises(ApprovalError) as exc:
        services.case_send(case=case, by=people.officer)
    message = exc.value.messages[0]
    assert "còn thiếu tài liệu bắt buộc" in message
    assert "Báo cáo tổng hợp đại biểu" in message and "Đề án nhân sự" in message and "Tài liệu khác" not in message
    case.refresh_from_db()
    assert case.sent_at is None
    assert selectors.case_state(case).waiting_on_unit


def test_send_twice_is_refused_and_reaches_the_first_level_once(sent, people):
    with pytest.raises(ApprovalError, match="đã được gửi đi lúc 09:00 04/12/2023"):
        services.case_send(case=sent, by=people.officer)
    assert sent.steps.filter(reached_at__isnull=False).count() == 1


def test_an_optional_document_not_sent_cannot_be_added_later(sent, people):
    with pytest.raises(ApprovalError, match="không bổ sung tài liệu này được"):
        services.item_submit(case=sent, key="khac", link="/x/", by=people.officer)


def test_a_double_click_records_one_decision(at_city, people):
    city = steps(at_city)[1]
    first = services.decision_record(case=at_city, step=city, key="bao-cao", outcome="approved", by=people.reviewer)
    again = services.decision_record(case=at_city, step=city, key="bao-cao", outcome="approved", by=people.reviewer)
    assert first.pk == again.pk


def test_sent_late_is_derived_from_the_deadline(case, people):
    with time_machine.travel(local_dt(2023, 12, 6, 8, 0), tick=False):
        submit(case, people.officer)
        services.case_send(case=case, by=people.officer)
    case.refresh_from_db()
    assert case.sent_late
