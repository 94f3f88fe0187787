"""Reports approved level by level, on the approvals chain (one mechanism with congress dossiers).

A duty with `approval_tiers` (["district", "province"]) gives each of its reports a Case of the
approvals app, opened at the first submit: one document (the report), one step per level, bound
to the reporting committee's ancestor at that tier (lowest first). Each submit is a new version
of that document; the levels approve or return it in turn through approvals.services (here, on
the report's approval page, or on the chain's own pages), and the report's state follows the
chain through the signals the chain sends (`_on_decision`, `_on_unlock`, connected in
ReportsConfig.ready):

- a level returns it: the report is *returned* (editable again, the reason kept); resubmitted, the
  new version waits at the level that returned it;
- a level approves it: it goes up to the next level (the report stays *submitted*);
- the last level approves it: the report is *accepted* and the case is locked: nothing of it can
  be changed (every write asks submissions.services.check_editable) until the last level unlocks
  it with a reason (`submission_unlock`): the report is returned again and the officers emailed.

Refusals (a level out of turn, a person who is no level of the chain, no reason) are the chain's
ApprovalError, in Vietnamese."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import services as approvals
from approvals.models import Case, Decision, Step
from approvals.services import ApprovalError, ItemSpec, StepSpec
from committees.models import Committee
from reports import emails
from reports.approval.selectors import acting_level
from reports.models import Submission, SubmissionEvent

S = Submission.State
Outcome = Decision.Outcome
OWNER_PREFIX = "report:"
ITEM_KEY = "bao-cao"


def owner_key(submission: Submission) -> str:
    return f"{OWNER_PREFIX}{submission.pk}"


def approving_committees(submission: Submission) -> list[Committee]:
    """The committees whose standing committees approve this report, lowest first: the reporting
    committee's nearest Front ancestor at each tier of the duty's `approval_tiers`. A tier with no
    such ancestor (a commune right under the province since the 2025 reform has no district) is
    passed over; when none is left, the plan's committee approves alone."""
    tiers = submission.duty.approval_tiers
    found: dict[str, Committee] = {}
    ancestors = submission.committee.ancestors().filter(kind=Committee.Kind.FRONT, tier__in=tiers).order_by("-depth")
    for ancestor in ancestors:
        found.setdefault(ancestor.tier, ancestor)
    chain = sorted(found.values(), key=lambda c: -c.depth)
    return chain or [submission.duty.plan.committee]


def _step_specs(submission: Submission) -> list[StepSpec]:
    return [
        StepSpec(label=_("Ban Thường trực %(name)s") % {"name": c.name}, committee=c)
        for c in approving_committees(submission)
    ]


def _case_open(submission: Submission) -> Case:
    case = approvals.case_open(
        subject=submission.committee,
        owner_key=owner_key(submission),
        title=_("%(duty)s của %(unit)s") % {"duty": submission.duty.title, "unit": submission.committee.name},
        link=reverse("reports-approval", args=[submission.pk]),
        steps=_step_specs(submission),
        items=[ItemSpec(key=ITEM_KEY, label=submission.duty.title)],
    )
    if submission.approval_case_id != case.pk:
        Submission.objects.filter(pk=submission.pk).update(approval_case=case)
        submission.approval_case = case
    return case


def chain_submit(*, submission: Submission, by) -> Case:
    """The report was just submitted (submissions.services.submission_submit, in its transaction):
    its new version goes up the chain: the first submit opens the case and sends it to the first
    level; a later one waits at the level that returned it (or, after an unlock, the last level)."""
    case = submission.approval_case if submission.approval_case_id else _case_open(submission)
    approvals.item_submit(
        case=case,
        key=ITEM_KEY,
        link=reverse("reports-submission-version", args=[submission.pk, submission.version]),
        by=by,
    )
    if not case.is_sent:
        approvals.case_send(case=case, by=by)
    return case


def _case_of(submission: Submission) -> Case:
    if not submission.approval_case_id:
        raise ApprovalError(_("Báo cáo chưa được nộp nên chưa đến lượt cấp nào phê duyệt."), code="not_sent")
    return submission.approval_case


@transaction.atomic
def level_decide(*, submission: Submission, by, outcome: str, reason: str = "") -> Decision:
    """The level `by` acts for approves the report's current version, or returns it with a reason.
    Refused out of turn, by a person who is no level of the chain, without a reason for a return."""
    case = _case_of(submission)
    step = acting_level(case=case, user=by)
    if step is None:
        labels = ", ".join(s.label for s in case.steps.order_by("position"))
        raise ApprovalError(
            _("Chỉ các cấp phê duyệt của báo cáo này (%(levels)s) mới ghi được ý kiến.") % {"levels": labels},
            code="wrong_level",
        )
    if outcome == Outcome.RETURNED and not (reason or "").strip():
        raise ApprovalError({"reason": _("Hãy ghi lý do trả lại.")}, code="comment_required")
    return approvals.decision_record(case=case, step=step, key=ITEM_KEY, outcome=outcome, comment=reason, by=by)


@transaction.atomic
def submission_unlock(*, submission: Submission, by, reason: str) -> Submission:
    """The last level reopens an approved report for changes, with a reason (approvals.case_unlock):
    the report is returned to its officers, who are emailed; an UNLOCKED event keeps the reason."""
    approvals.case_unlock(case=_case_of(submission), by=by, reason=reason)
    submission.reload_state()
    return submission


# --- the report follows its chain (receivers of approvals.signals) ------------------------------
def _submission_of(case: Case) -> Submission | None:
    if not case.owner_key.startswith(OWNER_PREFIX):
        return None
    return (
        Submission.objects.select_for_update()
        .select_related("duty", "duty__plan", "committee")
        .filter(approval_case=case)
        .first()
    )


def _event(submission: Submission, action: str, by, note: str) -> None:
    SubmissionEvent.objects.create(submission=submission, action=action, actor=by, at=timezone.now(), note=note)


def _claim(submission: Submission, old: str, **values) -> None:
    """Move the report from `old` to another state with one conditional UPDATE (a report that is
    not in `old` any more was changed meanwhile: the whole decision is refused)."""
    if Submission.objects.filter(pk=submission.pk, state=old).update(**values) != 1:
        raise ApprovalError(_("Báo cáo vừa thay đổi trạng thái: hãy tải lại trang."), code="report_changed")
    submission.reload_state()


def _on_decision(sender, *, case: Case, decision: Decision, locked: bool, **kwargs) -> None:
    submission = _submission_of(case)
    if submission is None:
        return
    level = decision.step.label
    if decision.outcome == Outcome.RETURNED:
        _claim(
            submission,
            S.SUBMITTED,
            state=S.RETURNED,
            returned_at=decision.at,
            return_reason=decision.comment,
            reviewed_by=decision.by,
        )
        _event(submission, SubmissionEvent.Action.RETURNED, decision.by, f"{level}: {decision.comment}")
    elif locked:
        _claim(submission, S.SUBMITTED, state=S.ACCEPTED, accepted_at=decision.at, reviewed_by=decision.by)
        _event(submission, SubmissionEvent.Action.ACCEPTED, decision.by, level)
        emails.submission_accepted(submission=submission)
    else:
        _event(submission, SubmissionEvent.Action.APPROVED_LEVEL, decision.by, level)


def _on_unlock(sender, *, case: Case, step: Step, reason: str, by, **kwargs) -> None:
    submission = _submission_of(case)
    if submission is None:
        return
    _claim(
        submission,
        S.ACCEPTED,
        state=S.RETURNED,
        returned_at=timezone.now(),
        return_reason=reason,
        reviewed_by=by,
    )
    _event(submission, SubmissionEvent.Action.UNLOCKED, by, f"{step.label}: {reason}")


def connect() -> None:
    """Called once from ReportsConfig.ready()."""
    from approvals import signals

    signals.decision_recorded.connect(_on_decision, dispatch_uid="reports-approval-decision")
    signals.case_unlocked.connect(_on_unlock, dispatch_uid="reports-approval-unlock")
