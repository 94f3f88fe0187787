"""Tiêu biểu: a reviewer marks a section of a submitted report, or a passage of it, as typical
(a model, a good practice, a number worth citing), and unmarks it. The consolidated report quotes
what is marked (reports.consolidation.builder)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.access import get_access
from lib.richtext import html_to_text, strip_forbidden
from reports.models import OutlineItem, SectionAnswer, Submission, TypicalPassage

# Only a report that was sent can be cited: a draft may still change under the mark.
MARKABLE_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


def normalise(text: str | None) -> str:
    """The text as compared and stored: NFC, one space for any run of white space (a selection
    across paragraphs reads them as line breaks)."""
    return " ".join(unicodedata.normalize("NFC", strip_forbidden(text or "")).split())


def _check_reviewer(submission: Submission, by) -> None:
    # The one rule, in committees.access: who may review this report may mark it.
    if not get_access(by).can_review_report(submission.committee, issuer=submission.duty.plan.committee):
        raise PermissionDenied


@transaction.atomic
def typical_mark(*, submission: Submission, item: OutlineItem, by, text: str = "") -> TypicalPassage:
    """Mark `item`'s text in the report as typical: the whole section when `text` is empty, else
    the quoted passage, which must be part of what the committee wrote there. Marking the same
    thing twice gives the mark already made."""
    _check_reviewer(submission, by)
    if item.outline_id != submission.duty.outline_id:
        raise ValidationError(_("Mục này không thuộc đề cương của báo cáo."))
    if submission.state not in MARKABLE_STATES:
        raise ValidationError(_("Chỉ đánh dấu tiêu biểu được trong báo cáo đã nộp."))
    html = SectionAnswer.objects.filter(submission=submission, item=item).values_list("html", flat=True).first()
    written = normalise(html_to_text(html))
    if not written:
        raise ValidationError(_("Mục này chưa có nội dung để đánh dấu."))
    text = normalise(text)
    if len(text) > TypicalPassage.MAX_LENGTH:
        raise ValidationError(
            _("Đoạn đã chọn quá dài (%(n)s ký tự, tối đa %(max)s): hãy chọn đoạn ngắn hơn hoặc đánh dấu cả mục.")
            % {"n": len(text), "max": TypicalPassage.MAX_LENGTH}
        )
    if text and text not in written:
        raise ValidationError(_("Đoạn đã chọn không nằm trong nội dung của mục này; hãy chọn lại trong mục."))
    existing = TypicalPassage.objects.filter(submission=submission, item=item, text=text).first()
    if existing is not None:
        return existing
    passage = TypicalPassage(submission=submission, item=item, text=text, marked_by=by, marked_at=timezone.now())
    passage.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            passage.save()
    except IntegrityError:  # the same section marked a moment ago
        return TypicalPassage.objects.get(submission=submission, item=item, text="")
    return passage


@transaction.atomic
def typical_unmark(*, passage: TypicalPassage, by) -> None:
    _check_reviewer(passage.submission, by)
    TypicalPassage.objects.filter(pk=passage.pk).delete()
