"""The approval page of a report approved level by level: its chain (each level's decisions, where
it waits), the decision form of the level whose turn it is, the unlock form of the last level.

Access: the report must be the person's to see (submissions' `_get_submission_for_user`: 404
otherwise); deciding and unlocking also need the person to be a level of the report's chain (404
otherwise). A level out of turn is refused by the chain (approvals' ApprovalError) and the page
answers 403 with the chain's message; a missing reason 400, with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.views import show_refusal
from reports.approval import selectors, services
from reports.approval.forms import LevelDecisionForm, UnlockForm
from reports.models import Submission
from reports.submissions.views import _get_submission_for_user

REFUSED_CODES = {"not_yet", "turn_passed", "wrong_level", "locked", "not_sent", "report_changed"}


def _get_for_level(request, pk: int) -> Submission:
    """The report, for a person who is one of the levels of its chain (else 404)."""
    submission = _get_submission_for_user(request, pk)
    if (
        not submission.approval_case_id
        or selectors.acting_level(case=submission.approval_case, user=request.user) is None
    ):
        raise Http404
    return submission


def _page(request, submission: Submission, *, decision_form=None, unlock_form=None, status=200):
    overview = selectors.approval_overview(submission=submission, user=request.user)
    context = {
        "submission": submission,
        "duty": submission.duty,
        "plan": submission.duty.plan,
        "overview": overview,
        "decision_form": decision_form or LevelDecisionForm(),
        "unlock_form": unlock_form or UnlockForm(),
    }
    return render(request, "reports/approval.html", context, status=status)


def _refusal_status(exc: ValidationError) -> int:
    """403 for a decision the chain refuses to this person now (out of turn, another level); 400
    for what the form can fix (a missing reason: those come keyed by field)."""
    if hasattr(exc, "error_dict"):
        return 400
    return 403 if {e.code for e in exc.error_list} & REFUSED_CODES else 400


@login_required
def approval_page(request, pk: int):
    submission = _get_submission_for_user(request, pk)
    if not submission.duty.approved_level_by_level:
        raise Http404
    return _page(request, submission)


@login_required
@require_POST
def approval_decide(request, pk: int):
    submission = _get_for_level(request, pk)
    form = LevelDecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.level_decide(
                submission=submission,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_refusal(form, exc)
            return _page(request, submission, decision_form=form, status=_refusal_status(exc))
        if decision.outcome == "returned":
            messages.success(request, _("Đã trả lại báo cáo; cán bộ của đơn vị đã được báo qua email."))
        else:
            messages.success(request, _("Đã ghi ý kiến thông qua của %(step)s.") % {"step": decision.step.label})
        return redirect("reports-approval", submission.pk)
    return _page(request, submission, decision_form=form, status=400)


@login_required
@require_POST
def approval_unlock(request, pk: int):
    submission = _get_for_level(request, pk)
    form = UnlockForm(request.POST)
    if form.is_valid():
        try:
            services.submission_unlock(submission=submission, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            show_refusal(form, exc)
            return _page(request, submission, unlock_form=form, status=_refusal_status(exc))
        messages.success(request, _("Đã mở khóa báo cáo; cán bộ của đơn vị đã được báo qua email."))
        return redirect("reports-approval", submission.pk)
    return _page(request, submission, unlock_form=form, status=400)
