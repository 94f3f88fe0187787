"""Reads of reports approved level by level: where a report waits, for one report or for a
whole dashboard, derived from the report's state and its approvals case (nothing stored twice).

`report_waiting_level` and `with_waiting_level` are the ones other parts call (the dashboards,
the JSON API): a report *submitted* on a duty with approval levels waits for the standing
committee of its chain's current step; any other report waits for no level (draft or returned:
its own committee; accepted: approved to the end)."""

from dataclasses import dataclass, field

from django.db.models import Case, OuterRef, QuerySet, Subquery, When
from django.utils.translation import gettext as _

from approvals.models import Case as ApprovalCase
from approvals.models import Decision, Step
from approvals.selectors import CaseState, case_state
from approvals.services import current_step
from committees.access import get_access
from committees.models import Committee
from reports.models import Submission


def waiting_label(tier: str) -> str:
    """ "Chờ cấp huyện duyệt": the badge of a report waiting for a level (a Committee.Tier value)."""
    level = dict(Committee.Tier.choices).get(tier, tier)
    return _("Chờ %(level)s duyệt") % {"level": str(level).lower()}


def approval_progress(submission: Submission) -> str:
    """Where a report annotated by `with_waiting_level` stands on its chain, as a table cell reads
    it: "Chờ cấp huyện duyệt", "Đã duyệt đủ các cấp" (accepted), or "" (with its own committee)."""
    tier = getattr(submission, "waiting_tier", None)
    if tier:
        return waiting_label(tier)
    if submission.state == Submission.State.ACCEPTED:
        return _("Đã duyệt đủ các cấp")
    return ""


def _waiting(field: str) -> Case:
    """One field of the current step (the last one reached) of a submitted report's case; None
    for any other report."""
    step = (
        Step.objects.filter(case_id=OuterRef("approval_case_id"), reached_at__isnull=False)
        .order_by("-position")
        .values(field)[:1]
    )
    return Case(When(state=Submission.State.SUBMITTED, approval_case__isnull=False, then=Subquery(step)), default=None)


def with_waiting_level(submissions: QuerySet) -> QuerySet:
    """Annotates each report with `waiting_tier` (Committee.Tier value: the badge's level) and
    `waiting_committee_id` (the committee whose standing committee must decide): the level it
    waits for, or None. Two subqueries of the same SELECT, run only for submitted reports with a
    chain: no query more, whatever the number of reports."""
    return submissions.annotate(
        waiting_tier=_waiting("committee__tier"),
        waiting_committee_id=_waiting("committee_id"),
    )


@dataclass(frozen=True)
class WaitingLevel:
    committee: Committee
    step_label: str

    @property
    def label(self) -> str:
        return waiting_label(self.committee.tier)


def report_waiting_level(submission: Submission) -> WaitingLevel | None:
    """The level one report waits for (None: it waits for no level). One query."""
    if submission.state != Submission.State.SUBMITTED or not submission.approval_case_id:
        return None
    step = (
        Step.objects.filter(case_id=submission.approval_case_id, reached_at__isnull=False)
        .select_related("committee")
        .order_by("-position")
        .first()
    )
    if step is None or step.committee is None:
        return None
    return WaitingLevel(committee=step.committee, step_label=step.label)


@dataclass
class ApprovalOverview:
    """The report's approval page: its chain's state and what the person may do."""

    submission: Submission
    state: CaseState | None
    waiting: WaitingLevel | None
    actor_step: Step | None  # the level the person decides for now (its turn), else None
    can_unlock: bool
    decisions: list[Decision] = field(default_factory=list)  # every decision, oldest first


def acting_level(*, case: ApprovalCase, user) -> Step | None:
    """The level `user` acts for on a report's chain (committees.access `can_decide_step`): the
    current one when they may decide there, otherwise the first one they may decide at (so that a
    refusal names whose turn it is); None when they are no level of this chain."""
    steps = list(case.steps.select_related("committee").order_by("position"))
    access = get_access(user)
    mine = [s for s in steps if access.can_decide_step(s.committee, subject=case.subject)]
    current = current_step(steps)
    if current is not None and current in mine:
        return current
    return mine[0] if mine else None


def approval_overview(*, submission: Submission, user) -> ApprovalOverview:
    if not submission.approval_case_id:
        return ApprovalOverview(submission, None, None, None, False)
    case = submission.approval_case
    state = case_state(case)
    mine = acting_level(case=case, user=user)
    current = state.current_step
    actor_step = mine if (mine is not None and current is not None and mine.pk == current.pk) else None
    can_decide = actor_step is not None and submission.state == Submission.State.SUBMITTED and not case.is_locked
    last = state.steps[-1] if state.steps else None
    can_unlock = case.is_locked and mine is not None and last is not None and mine.pk == last.pk
    return ApprovalOverview(
        submission=submission,
        state=state,
        waiting=report_waiting_level(submission),
        actor_step=actor_step if can_decide else None,
        can_unlock=can_unlock,
        decisions=list(
            Decision.objects.filter(item__case=case).select_related("step", "by__profile").order_by("at", "pk")
        ),
    )
