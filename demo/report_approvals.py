"""A report approved level by level (issue 15): a plan of the Sóc Trăng province (made up, labelled
"minh họa") whose duty asks the four wards of the city of Sóc Trăng for a six-month report that
the city's standing committee accepts, then the province's confirms. The wards are at every
level, each written through the services an officer and each level use:

    Phường 1  submitted, waiting for the city (btt.tpsoctrang)
    Phường 2  approved by the city, waiting for the province (btt.soctrang)
    Phường 3  approved by the city, returned by the province with a reason (canbo.p3st fixes it)
    Phường 4  approved by both levels: locked (btt.soctrang may unlock it with a reason)

Dated from the day of loading (issued 10 days before, due 10 days after), so every step is on
time. Runs after demo/congresses.py, which makes the city's standing committee account. Idempotent:
the plan is found by its title."""

import datetime

from django.db import transaction
from django.utils import timezone

from committees.models import Committee
from demo.emails import emails_recorded_not_sent, reminders_already_sent
from demo.plans import INDICATORS_004, OUTLINE_004, SIGN, _outline
from demo.submissions import reviewer_of, writer
from plans.models import Plan
from plans.services import plan_create
from reports.approval.services import level_decide
from reports.duties.services import duty_save, local_deadline, plan_issue_with_duties
from reports.models import ReportingDuty
from reports.submissions.services import indicator_values_save, section_save, submission_submit

TITLE = "Báo cáo kết quả công tác Mặt trận 6 tháng đầu năm của các phường (minh họa phê duyệt theo cấp)"
DUTY_TITLE = "Báo cáo 6 tháng của Ủy ban MTTQ các phường thuộc thành phố Sóc Trăng"
RETURN_REASON = (
    "Số hộ thoát nghèo chưa khớp với báo cáo của Ủy ban nhân dân phường; đề nghị rà soát, bổ sung (minh họa)."
)
# Per ward, in name order: the decisions taken so far, city then province.
WARDS = [[], ["approved"], ["approved", "returned"], ["approved", "approved"]]


def demo_plan() -> Plan | None:
    return Plan.objects.filter(committee__code="soctrang", title=TITLE).order_by("pk").first()


@transaction.atomic
def load() -> None:
    if demo_plan() is not None or not Committee.objects.filter(code="soctrang-tp").exists():
        return
    province, city = Committee.objects.get(code="soctrang"), Committee.objects.get(code="soctrang-tp")
    province_reviewer, city_reviewer = reviewer_of(province), reviewer_of(city)
    if province_reviewer is None or city_reviewer is None:
        return
    today = timezone.localdate()
    with emails_recorded_not_sent():
        plan = plan_create(
            committee=province,
            by=province_reviewer,
            kind=Plan.Kind.INTERIM_REVIEW,
            title=TITLE,
            issued_on=today - datetime.timedelta(days=10),
            content=(
                "Ủy ban MTTQ Việt Nam các phường thuộc thành phố Sóc Trăng báo cáo kết quả 6 tháng theo đề cương đính kèm; "
                "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố tiếp nhận, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh xác nhận "
                "trước khi tổng hợp (kế hoạch minh họa)."
            ),
            signer_name="Dương Sà Kha",
            **SIGN,
        )
        outline = _outline(province, OUTLINE_004, INDICATORS_004, title="Đề cương báo cáo 6 tháng (minh họa)")
        duty = duty_save(
            plan=plan,
            by=province_reviewer,
            outline=outline,
            title=DUTY_TITLE,
            deadline=local_deadline(today + datetime.timedelta(days=10)),
            targets=ReportingDuty.Targets.LIST,
            committees=list(city.children.filter(kind=Committee.Kind.FRONT)),
            approval_tiers=["district", "province"],
        )
        plan_issue_with_duties(plan=plan, by=province_reviewer, issued_on=plan.issued_on)
        _wards(duty, city_reviewer, province_reviewer)
        # The levels' reminders and the province's digest of today: recorded, never mailed.
        reminders_already_sent(scope_key=f"plan:{plan.pk}")


def _wards(duty: ReportingDuty, city_reviewer, province_reviewer) -> None:
    items = duty.outline.ordered_items()
    subs = list(duty.submissions.select_related("committee").order_by("committee__sort_name"))
    for n, (sub, decisions) in enumerate(zip(subs, WARDS, strict=False)):
        by = writer(sub.committee, n)
        for item in items:
            section_save(
                submission=sub,
                item=item,
                html=f"<p>{sub.committee.name}: kết quả mục “{item.title[:60]}” trong 6 tháng (minh họa).</p>",
                revision=0,
                by=by,
            )
            raw = {ind.pk: str(10 + 3 * n + k) for k, ind in enumerate(item.indicators.all())}
            if raw:
                indicator_values_save(submission=sub, raw_values=raw, by=by)
        submission_submit(submission=sub, by=by)
        for outcome, level in zip(decisions, (city_reviewer, province_reviewer), strict=False):
            sub.refresh_from_db()
            level_decide(
                submission=sub, by=level, outcome=outcome, reason=RETURN_REASON if outcome == "returned" else ""
            )
