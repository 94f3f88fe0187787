"""Marking a section or a passage of a report as typical (tiêu biểu), from the review page.

Posted by the review page's forms: the whole-section button works without JavaScript; the
passage form is filled by static/js/site.js (data-typical-passage) with the text the reviewer
selected in the section. Only a reviewer who may review the report (committees.access
`can_review_report`) may mark or unmark; anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from lib.params import parse_id
from reports.models import OutlineItem, Submission, TypicalPassage
from reports.typical import services

VISIBLE_PLAN_STATES = ("issued", "closed")


def _reviewable(request, submission: Submission | None) -> Submission:
    if submission is None or not get_access(request.user).can_review_report(
        submission.committee, issuer=submission.duty.plan.committee
    ):
        raise Http404
    return submission


def _submission_for_reviewer(request, pk: int) -> Submission:
    submission = (
        Submission.objects.select_related("duty", "duty__plan", "duty__plan__committee", "committee")
        .filter(pk=pk, duty__plan__state__in=VISIBLE_PLAN_STATES)
        .first()
    )
    return _reviewable(request, submission)


def _back(submission: Submission, item_id: int | None) -> str:
    url = reverse("reports-submission-review", args=[submission.pk])
    return f"{url}#item-{item_id}" if item_id else url


@login_required
@require_POST
def typical_mark(request, pk: int):
    submission = _submission_for_reviewer(request, pk)
    item_id = parse_id(request.POST.get("item"))
    item = OutlineItem.objects.filter(pk=item_id, outline_id=submission.duty.outline_id).first() if item_id else None
    if item is None:
        messages.error(request, _("Không rõ mục cần đánh dấu; xin tải lại trang và thử lại."))
        return redirect(_back(submission, None))
    try:
        mark = services.typical_mark(
            submission=submission, item=item, text=request.POST.get("text", ""), by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if mark.is_whole_section:
            messages.success(request, _("Đã đánh dấu cả mục “%(item)s” là tiêu biểu.") % {"item": str(item)[:80]})
        else:
            messages.success(request, _("Đã đánh dấu đoạn trích là tiêu biểu."))
    return redirect(_back(submission, item.pk))


@login_required
@require_POST
def typical_unmark(request, pk: int):
    mark = (
        TypicalPassage.objects.select_related(
            "submission", "submission__committee", "submission__duty", "submission__duty__plan__committee"
        )
        .filter(pk=pk)
        .first()
    )
    if mark is None:
        raise Http404
    submission = _reviewable(request, mark.submission)
    services.typical_unmark(passage=mark, by=request.user)
    messages.success(request, _("Đã bỏ đánh dấu tiêu biểu."))
    return redirect(_back(submission, mark.item_id))
