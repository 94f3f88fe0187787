"""Issuing a plan with its duties: number from the register, refusals, submissions, notice emails;
corrections keep history."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from outbox.models import Email
from outbox.services import emails_send_due
from plans.models import Plan
from plans.services import plan_correct, plan_issue, plan_update
from reports.duties.services import duty_save, plan_issue_with_duties
from reports.models import ReportingDuty, Submission
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


@time_machine.travel(local_dt(2022, 5, 20, 9, 0))
def test_issue_numbers_from_register_creates_submissions_and_mails_ward_people(draft, tree, personas, smtp_server):
    plan = plan_issue_with_duties(plan=draft.plan, by=personas.reviewer)
    assert plan.state == Plan.State.ISSUED
    assert (plan.number, plan.year, plan.document_number) == (1, 2022, "01/KH-MTTQ-BTT")  # Decree 30: 01-09 with a leading zero
    assert plan.issued_by == personas.reviewer
    assert list(Submission.objects.filter(duty=draft.duty).values_list("committee__code", "state")) == [
        ("tp-a-p1", "not_started")
    ]
    # officer, leader and the ward's own address; nobody of ward A2
    assert sorted(Email.objects.values_list("to", flat=True)) == [
        "canbo_a1@mttq.example",
        "lanhdao_a1@mttq.example",
        "tp-a-p1@mttq.example",
    ]
    assert emails_send_due() == 3
    got = {m.rcpt_tos[0]: m for m in smtp_server.messages}
    message = got["canbo_a1@mttq.example"]
    assert message.subject.strip().startswith("Kế hoạch số 01/KH-MTTQ-BTT")
    body = message.message.get_body(("plain",)).get_content()
    assert "14/06/2022 23:59" in body
    assert f"/ke-hoach/{plan.pk}/" in body
    assert "không quá 10 trang" in body


def test_second_plan_takes_next_number_and_typed_number_taken_is_refused(draft, tree, personas):
    plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    other = Plan.objects.create(committee=tree.city_a, title="Kế hoạch khác", created_by=personas.reviewer)
    with pytest.raises(ValidationError) as exc:
        plan_issue(plan=other, by=personas.reviewer, number=1, issued_on=local_dt(2022, 7, 1).date())
    assert "Số 01/KH-MTTQ-BTT đã được dùng" in str(exc.value)
    other.refresh_from_db()
    assert other.state == Plan.State.DRAFT and other.number is None
    assert plan_issue(plan=other, by=personas.reviewer, issued_on=local_dt(2022, 7, 1).date()).number == 2
    # a new year starts a new register
    third = Plan.objects.create(committee=tree.city_a, title="Năm sau", created_by=personas.reviewer)
    assert plan_issue(plan=third, by=personas.reviewer, issued_on=local_dt(2023, 1, 3).date()).number == 1


def test_unique_constraint_backs_the_register(tree, personas):
    from django.db import IntegrityError, transaction

    Plan.objects.create(committee=tree.city_a, title="A", number=5, year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(committee=tree.city_a, title="B", number=5, year=2022)


def test_deadline_before_plan_date_is_refused(draft, personas):
    with pytest.raises(ValidationError) as exc:
        plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 6, 20).date())
    assert "trước ngày ban hành kế hoạch (20/06/2022)" in str(exc.value)
    draft.plan.refresh_from_db()
    assert draft.plan.state == Plan.State.DRAFT and not Submission.objects.exists() and not Email.objects.exists()


def test_duty_with_deadline_before_plan_date_is_refused_when_saved(draft, personas):
    with pytest.raises(ValidationError) as exc:
        duty_save(
            plan=draft.plan,
            by=personas.reviewer,
            outline=draft.outline,
            title="X",
            deadline=local_dt(2022, 5, 1, 23, 59),
            targets="children",
        )
    assert "trước ngày ban hành" in str(exc.value)


def test_plan_without_duty_is_refused(tree, personas):
    plan = Plan.objects.create(committee=tree.city_a, title="Không có yêu cầu")
    with pytest.raises(ValidationError) as exc:
        plan_issue_with_duties(plan=plan, by=personas.reviewer)
    assert "Chưa có yêu cầu báo cáo nào" in str(exc.value)
    plan.refresh_from_db()
    assert plan.state == Plan.State.DRAFT and plan.number is None


def test_duty_with_no_committee_is_refused(draft, personas):
    draft.duty.committees.clear()
    with pytest.raises(ValidationError) as exc:
        plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    assert "chưa có đơn vị nào phải báo cáo" in str(exc.value)


def test_issued_plan_is_locked_and_correction_keeps_history(draft, personas):
    plan = plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    with pytest.raises(ValidationError):
        plan_update(plan=plan, by=personas.reviewer, title="Sửa trực tiếp")
    with pytest.raises(ValidationError):
        duty_save(
            plan=plan,
            by=personas.reviewer,
            outline=draft.outline,
            title="Thêm",
            deadline=local_dt(2022, 6, 30, 23, 59),
            targets="children",
        )
    with pytest.raises(ValidationError):
        plan_correct(plan=plan, by=personas.reviewer, note="  ", title="Không lý do")
    plan = plan_correct(
        plan=plan,
        by=personas.reviewer,
        note="Sửa lỗi chính tả",
        title="Tiêu đề mới",
        recipients="Thường trực Thành ủy (B/c)",
    )
    assert (plan.version, plan.title, plan.number) == (2, "Tiêu đề mới", 1)
    revision = plan.revisions.get()
    assert revision.version == 1 and revision.note == "Sửa lỗi chính tả"
    assert revision.snapshot["title"].startswith("Sơ kết giữa nhiệm kỳ")
    assert revision.snapshot["recipients"] == [["BTT Ủy ban MTTQVN tỉnh", "(B/c)"], ["Lưu VP", ""]]
    assert [str(r) for r in plan.recipients.all()] == ["Thường trực Thành ủy (B/c)"]


def test_issuing_twice_is_refused_and_sends_nothing_more(draft, personas):
    plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    count = Email.objects.count()
    with pytest.raises(ValidationError):
        plan_issue_with_duties(plan=draft.plan, by=personas.reviewer)
    assert Email.objects.count() == count


def test_targets_children_level_member_orgs_and_list(draft, tree, personas):
    def codes(**kw):
        duty = duty_save(
            plan=draft.plan,
            by=personas.reviewer,
            outline=draft.outline,
            title="T",
            deadline=local_dt(2022, 6, 14, 23, 59),
            **kw,
        )
        return sorted(duty.committees.values_list("code", flat=True))

    assert codes(targets=ReportingDuty.Targets.CHILDREN) == ["tp-a-p1", "tp-a-p2"]
    assert codes(targets=ReportingDuty.Targets.MEMBER_ORGS) == ["tp-a-hnd"]
    assert codes(targets=ReportingDuty.Targets.LEVEL, target_level="phường") == ["tp-a-p1", "tp-a-p2"]
    assert codes(targets=ReportingDuty.Targets.LIST, committees=[tree.ward_a2]) == ["tp-a-p2"]
    with pytest.raises(ValidationError) as exc:
        codes(targets=ReportingDuty.Targets.LIST, committees=[tree.ward_b1])
    assert "Không thuộc phạm vi" in str(exc.value)
    with pytest.raises(ValidationError):
        codes(targets=ReportingDuty.Targets.LEVEL, target_level="Xã")  # nobody at that level


def test_theo_cap_offers_administrative_levels_and_takes_xa_phuong_thi_tran_together(draft, tree, personas):
    from committees.models import Committee
    from reports.duties.forms import DutyForm
    from reports.duties.services import duty_save
    from tests.conftest import make_committee

    make_committee("tp-a-tt", "Ủy ban MTTQ Thị trấn A", "Thị trấn", tree.city_a)
    make_committee("tp-a-x1", "Ủy ban MTTQ Xã A1", "Xã", tree.city_a)
    form = DutyForm(plan=draft.plan)
    assert form.fields["target_level"].choices == [("", "—"), ("commune", "Cấp xã")]
    duty = duty_save(
        plan=draft.plan,
        by=personas.reviewer,
        outline=draft.outline,
        title="Theo cấp",
        deadline=local_dt(2022, 6, 14, 23, 59),
        targets=ReportingDuty.Targets.LEVEL,
        target_level=Committee.Tier.COMMUNE,
    )
    assert sorted(duty.committees.values_list("code", flat=True)) == ["tp-a-p1", "tp-a-p2", "tp-a-tt", "tp-a-x1"]
    assert duty.target_level_label == "Cấp xã"
