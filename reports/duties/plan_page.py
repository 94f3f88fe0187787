"""What reports adds to a plan (registered in ReportsConfig.ready() through `plans.registry`):
who reads an issued plan, the buttons and the duties block of the plan page."""

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string

from committees.models import Committee
from plans.models import Plan
from reports.models import ReportingDuty


def plans_with_duties_for(committee_ids: list[int]) -> Q:
    """An issued plan is read by every committee named in one of its duties."""
    return Q(pk__in=ReportingDuty.objects.filter(committees__in=committee_ids).values("plan_id"))


def plan_actions(request, plan: Plan, access) -> str | None:
    """Follow-up of an issued plan, for its standing committee: dashboard, consolidation, reminders."""
    if plan.state == Plan.State.DRAFT or not access.can_manage(plan.committee):
        return None
    return render_to_string("reports/plan_actions.html", {"plan": plan}, request=request)


def plan_duties_panel(request, plan: Plan, access) -> str:
    """The plan's reporting duties; for its standing committee, issuing a draft, writing its duties,
    and the submissions of an issued plan with their extensions."""
    manage = access.can_manage(plan.committee)
    duties = (
        plan.duties.select_related("outline")
        .prefetch_related(Prefetch("committees", queryset=Committee.objects.in_sibling_order()))
        .order_by("deadline", "pk")
    )
    if manage:
        duties = duties.prefetch_related("submissions__committee")
    return render_to_string(
        "reports/plan_duties.html", {"plan": plan, "manage": manage, "duties": duties}, request=request
    )
