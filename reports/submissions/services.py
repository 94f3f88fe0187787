"""Writing, submitting and reviewing one committee's report (Submission).

Every write is here: saving a section (refused when the browser had an older revision), saving
indicator values, evidence files, submitting (claimed with a conditional UPDATE so a double click
submits once), returning and accepting, review comments. Each submit freezes a SubmissionVersion;
every action leaves a SubmissionEvent. Emails go through outbox.services.email_queue only.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.access import get_access
from lib.numbers import format_number, parse_number
from lib.params import parse_id
from lib.richtext import sanitize_html
from lib.uploads import KINDS as EVIDENCE_KINDS
from lib.uploads import checked_upload
from reports import emails
from reports.approval import services as approval
from reports.indicators import check_value
from reports.models import (
    Attachment,
    Indicator,
    IndicatorValue,
    OutlineItem,
    ReviewComment,
    SectionAnswer,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
)
from reports.submissions import selectors

S = Submission.State


class RevisionConflict(Exception):
    """Someone saved the section after this browser loaded it."""

    def __init__(self, answer: SectionAnswer):
        super().__init__("revision conflict")
        self.answer = answer


class NotEditable(ValidationError):
    def __init__(self):
        super().__init__(_("Báo cáo đã nộp hoặc đã được tiếp nhận nên không sửa được."), code="not_editable")


def _now():
    return timezone.now()


def _event(submission: Submission, action: str, by, note: str = "") -> SubmissionEvent:
    event = SubmissionEvent(submission=submission, action=action, actor=by, at=_now(), note=note)
    # The submission and the person are rows in hand: validating them would read each again.
    event.full_clean(exclude=["submission", "actor"])
    event.save()
    return event


def _mark_started(submission: Submission, by, *, note: str = "", always: bool = False) -> None:
    """First save of a report not started: it becomes a draft (once, whoever wins) and a STARTED
    event is written (with `note`); `always` writes the event on later saves too."""
    now = _now()
    claimed = Submission.objects.filter(pk=submission.pk, state=S.NOT_STARTED).update(
        state=S.DRAFT, started_at=now, last_saved_at=now
    )
    if claimed:
        submission.state, submission.started_at = S.DRAFT, now
    else:
        Submission.objects.filter(pk=submission.pk).update(last_saved_at=now)
    submission.last_saved_at = now
    if claimed or always:
        _event(submission, SubmissionEvent.Action.STARTED, by, note)


def _lock(submission: Submission) -> str | None:
    """Take the submission's row lock for the rest of the transaction and return its state.

    Every write into a report and the submit itself begin here, so they exclude each other: a save
    that got the lock first is in the version the submit then freezes; a save that waited for a
    submit finds the report submitted and is refused. (PostgreSQL: SELECT ... FOR UPDATE; SQLite
    takes the database write lock at BEGIN IMMEDIATE, see settings.)"""
    return Submission.objects.select_for_update().filter(pk=submission.pk).values_list("state", flat=True).first()


def check_editable(submission: Submission) -> None:
    """Lock the report and refuse any write unless it is still open (see _lock)."""
    if _lock(submission) not in Submission.OPEN_STATES:
        raise NotEditable()


def _check_item(submission: Submission, item: OutlineItem) -> None:
    if item.outline_id != submission.duty.outline_id:
        raise ValidationError(_("Mục này không thuộc đề cương của báo cáo."))


# --- sections and indicators ----------------------------------------------------------------
# One section of a report, as cleaned HTML: about 100 pages of text, far beyond any section of a
# report with a page limit; a 10 MB paste made a 25 MB editing page.
SECTION_MAX_CHARS = 300_000


class SectionTooLong(ValidationError):
    pass


def _checked_section_html(item: OutlineItem, html: str) -> str:
    clean = sanitize_html(html)
    if len(clean) > SECTION_MAX_CHARS:
        raise SectionTooLong(
            _(
                "Mục “%(item)s” dài quá giới hạn (%(n)s ký tự, tối đa %(max)s): chưa lưu. Hãy rút gọn, hoặc đưa "
                "bảng biểu, số liệu chi tiết vào tệp minh chứng."
            )
            % {
                "item": f"{item.label} {item.title}".strip()[:80],
                "n": format_number(len(clean)),
                "max": format_number(SECTION_MAX_CHARS),
            },
            code="too_long",
        )
    return clean


@transaction.atomic
def section_save(*, submission: Submission, item: OutlineItem, html: str, revision: int, by) -> SectionAnswer:
    """Save one section's text. `revision` is the revision the browser loaded: if the stored one
    is newer, nothing is written and RevisionConflict carries the stored answer."""
    check_editable(submission)
    _check_item(submission, item)
    clean = _checked_section_html(item, html)
    now = _now()
    # One conditional UPDATE when the section exists (the common case), an INSERT for its first save;
    # the row lock above keeps both exact (nobody else writes this report meanwhile).
    updated = SectionAnswer.objects.filter(submission=submission, item=item, revision=revision).update(
        html=clean, revision=F("revision") + 1, updated_by=by, updated_at=now
    )
    if updated:
        answer = SectionAnswer(submission=submission, item=item, html=clean, revision=revision + 1, updated_by=by)
        answer.updated_at = now
    else:
        answer = SectionAnswer.objects.filter(submission=submission, item=item).first()
        if answer is not None or revision != 0:
            raise RevisionConflict(answer or SectionAnswer(submission=submission, item=item))
        answer = SectionAnswer.objects.create(submission=submission, item=item, html=clean, revision=1, updated_by=by)
    _mark_started(submission, by)
    return answer


DOCUMENT_FIELDS = ("doc_number", "signer_position", "signer_name")


@transaction.atomic
def document_info_save(
    *,
    submission: Submission,
    by,
    doc_number: str | None = None,
    signer_position: str | None = None,
    signer_name: str | None = None,
) -> bool:
    """The report's own number and signer (used by the .docx); a field left as None is not
    touched, so two saves of different fields at once never undo each other. Returns whether
    anything changed."""
    check_editable(submission)
    given = {"doc_number": doc_number, "signer_position": signer_position, "signer_name": signer_name}
    values = {name: value for name, value in given.items() if value is not None}
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.save(update_fields=changed)
    for name in changed:
        setattr(submission, name, values[name])
    return True


def parse_indicator_value(indicator: Indicator, raw) -> Decimal | None:
    """The typed value as a number ("1.234", "1.234,5": lib.numbers.parse_number), or None when
    empty; ValidationError with a Vietnamese message (the rules: reports.indicators.check_value)."""
    try:
        value = parse_number(raw, decimals=indicator.decimal_places > 0)
    except ValueError:
        raise ValidationError(_("Hãy nhập một số."), code="not_a_number") from None
    return None if value is None else check_value(indicator, value)


@transaction.atomic
def indicator_values_save(*, submission: Submission, raw_values: dict[int, str], by) -> tuple[dict, dict]:
    """Save every valid value; return ({indicator_id: Decimal|None} saved, {indicator_id: message}).
    An invalid value is not saved and does not stop the others."""
    check_editable(submission)
    indicators = {
        i.pk: i for i in Indicator.objects.filter(pk__in=list(raw_values), item__outline_id=submission.duty.outline_id)
    }
    saved, errors = {}, {}
    for pk, raw in raw_values.items():
        indicator = indicators.get(int(pk))
        if indicator is None:
            errors[int(pk)] = _("Chỉ tiêu không thuộc đề cương của báo cáo.")
            continue
        try:
            value = parse_indicator_value(indicator, raw)
        except ValidationError as exc:
            errors[indicator.pk] = exc.messages[0]
            continue
        IndicatorValue.objects.update_or_create(
            submission=submission, indicator=indicator, defaults={"value": value, "updated_by": by}
        )
        saved[indicator.pk] = value
    if saved:
        _mark_started(submission, by)
    return saved, errors


# --- submit -----------------------------------------------------------------------------------
ARRIVAL_MAX_WAIT = datetime.timedelta(minutes=5)


class AlreadySubmitted(ValidationError):
    def __init__(self):
        super().__init__(_("Báo cáo này đã được nộp rồi."), code="already_submitted")


@transaction.atomic
def submission_submit(*, submission: Submission, by, arrived_at=None) -> SubmissionVersion:
    """Submit the report: exactly once however many clicks or tabs (conditional UPDATE on state).
    The row lock taken first makes a concurrent save either land before the version is frozen or be
    refused after it, never in between.

    `arrived_at` is when the request reached the portal (lib.arrival): the submit is recorded at
    that moment, so an officer who clicked before the deadline is not made late by the time the
    request waited for its turn. A moment in the future or more than ARRIVAL_MAX_WAIT ago is not
    believed; the current time is used instead."""
    if _lock(submission) not in Submission.OPEN_STATES:
        raise AlreadySubmitted()
    submission.reload_state()
    now = _now()
    if arrived_at is not None and now - ARRIVAL_MAX_WAIT <= arrived_at <= now:
        now = arrived_at
    check = selectors.submission_check(submission=submission, by=by, now=now)
    if not check.ok:
        raise ValidationError(check.errors)
    claimed = Submission.objects.filter(
        pk=submission.pk, state__in=Submission.OPEN_STATES, version=submission.version
    ).update(
        state=S.SUBMITTED,
        submitted_at=now,
        first_submitted_at=Coalesce(F("first_submitted_at"), now),
        submitted_by=by,
        version=F("version") + 1,
        last_saved_at=now,
    )
    if claimed != 1:
        raise AlreadySubmitted()
    submission.reload_state()
    version = SubmissionVersion(
        submission=submission, number=submission.version, snapshot=selectors.snapshot(submission), created_by=by
    )
    # The number is the one the conditional UPDATE above just claimed (unique, and so constrained).
    version.full_clean(exclude=["submission", "created_by"])
    version.save()
    late = submission.is_late  # first_submitted_at is now set: the model's rule, nothing else
    note = _("Lần nộp thứ %(n)d") % {"n": version.number}
    if late:
        note += " – " + _("nộp muộn")
    _event(submission, SubmissionEvent.Action.SUBMITTED, by, note)
    if submission.duty.approved_level_by_level:
        approval.chain_submit(submission=submission, by=by)
    emails.submission_received(submission=submission, version=version, late=late)
    return version


# --- review -----------------------------------------------------------------------------------
def _check_reviewer(submission: Submission, by) -> None:
    if not get_access(by).can_review_report(submission.committee, issuer=submission.duty.plan.committee):
        raise PermissionDenied


@transaction.atomic
def review_comment_add(*, submission: Submission, by, text: str, item: OutlineItem | None = None) -> ReviewComment:
    _check_reviewer(submission, by)
    if item is not None:
        _check_item(submission, item)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Hãy viết nhận xét.")})
    comment = ReviewComment(
        submission=submission,
        version=submission.versions.order_by("-number").first(),
        item=item,
        text=text,
        author=by,
    )
    comment.full_clean()
    comment.save()
    _event(submission, SubmissionEvent.Action.COMMENTED, by, f"{item.label} {item.title}".strip() if item else "")
    return comment


@transaction.atomic
def submission_return(*, submission: Submission, by, reason: str) -> Submission:
    """Trả lại: the report opens for editing again; the officers get the reason and the comments.
    A report approved level by level is returned by the level whose turn it is (reports.approval)."""
    if submission.duty.approved_level_by_level:
        approval.level_decide(submission=submission, by=by, outcome="returned", reason=reason)
        submission.reload_state()
        return submission
    _check_reviewer(submission, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại.")})
    now = _now()
    claimed = Submission.objects.filter(pk=submission.pk, state=S.SUBMITTED).update(
        state=S.RETURNED, returned_at=now, return_reason=reason, reviewed_by=by
    )
    if claimed != 1:
        raise ValidationError(_("Chỉ trả lại được báo cáo đang chờ xem xét."))
    submission.refresh_from_db()
    _event(submission, SubmissionEvent.Action.RETURNED, by, reason)
    version = submission.versions.order_by("-number").first()
    comments = list(
        ReviewComment.objects.filter(submission=submission, version=version)
        .select_related("item")
        .order_by("created_at")
    )
    emails.submission_returned(submission=submission, reason=reason, comments=comments, by=by)
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, by) -> Submission:
    """Tiếp nhận. A report approved level by level: the approval of the level whose turn it is
    (accepted once its last level approves it; reports.approval)."""
    if submission.duty.approved_level_by_level:
        approval.level_decide(submission=submission, by=by, outcome="approved")
        submission.reload_state()
        return submission
    _check_reviewer(submission, by)
    now = _now()
    claimed = Submission.objects.filter(pk=submission.pk, state=S.SUBMITTED).update(
        state=S.ACCEPTED, accepted_at=now, reviewed_by=by
    )
    if claimed != 1:
        raise ValidationError(_("Chỉ tiếp nhận được báo cáo đang chờ xem xét."))
    submission.refresh_from_db()
    _event(submission, SubmissionEvent.Action.ACCEPTED, by)
    emails.submission_accepted(submission=submission)
    return submission


# --- evidence files ---------------------------------------------------------------------------
@transaction.atomic
def attachment_add(*, submission: Submission, uploaded_file, by, item: OutlineItem | None = None) -> Attachment:
    """Store one evidence file after checking its real type and the size limits."""
    check_editable(submission)
    if item is not None:
        _check_item(submission, item)
    # the one upload check (lib.uploads): size, real type, extension agreeing
    name, kind = checked_upload(uploaded_file, limit_mb=settings.UPLOAD_MAX_FILE_MB, default_name="minh-chung")
    used = submission.attachments.aggregate(total=Sum("size"))["total"] or 0
    if used + uploaded_file.size > settings.UPLOAD_MAX_REPORT_MB * 1024 * 1024:
        raise ValidationError(
            _("Tổng dung lượng minh chứng của báo cáo vượt quá %(mb)d MB.") % {"mb": settings.UPLOAD_MAX_REPORT_MB},
            code="report_too_large",
        )
    content_type = EVIDENCE_KINDS[kind][0]
    uploaded_file.seek(0)
    attachment = Attachment(
        submission=submission,
        item=item,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=by,
    )
    attachment.file.save("evidence", uploaded_file, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except (ValidationError, IntegrityError):
        attachment.file.delete(save=False)
        raise
    _event(submission, SubmissionEvent.Action.ATTACHED, by, name)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    submission = attachment.submission
    check_editable(submission)
    name = attachment.original_name
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    _event(submission, SubmissionEvent.Action.DETACHED, by, name)


# --- from a Word file -------------------------------------------------------------------------
@transaction.atomic
def sections_import(*, submission: Submission, placements: dict[int, list[str]], by, file_name: str = "") -> int:
    """Write the confirmed pieces of an uploaded Word file into their sections (each piece a safe
    HTML paragraph or bullet item, cleaned again here), replacing what the section held. Returns the
    number of sections written."""
    from lib.richtext import join_fragments

    check_editable(submission)
    items = {i.pk: i for i in OutlineItem.objects.filter(outline_id=submission.duty.outline_id)}
    written = 0
    for item_id, paragraphs in placements.items():
        item = items.get(parse_id(item_id))
        if item is None or not paragraphs:
            continue
        _replace_section(submission, item, join_fragments(paragraphs), by)
        written += 1
    _mark_started(submission, by)
    _event(submission, SubmissionEvent.Action.IMPORTED, by, file_name)
    return written


def _replace_section(submission: Submission, item: OutlineItem, html: str, by) -> None:
    """Replace a section's text whatever revision it had (after the person confirmed it)."""
    html = _checked_section_html(item, html)
    answer, _created = SectionAnswer.objects.get_or_create(submission=submission, item=item)
    SectionAnswer.objects.filter(pk=answer.pk).update(
        html=html, revision=F("revision") + 1, updated_by=by, updated_at=_now()
    )


@transaction.atomic
def sections_prefill(
    *, submission: Submission, sections: dict[OutlineItem, str], values: dict[Indicator, Decimal], by, note: str
) -> None:
    """Write text and indicator values taken from elsewhere (a consolidation of the reports below)
    into the report, replacing those sections, with one STARTED event carrying `note`."""
    check_editable(submission)
    for item in sections:
        _check_item(submission, item)
    for item, html in sections.items():
        _replace_section(submission, item, sanitize_html(html), by)
    for indicator, value in values.items():
        IndicatorValue.objects.update_or_create(
            submission=submission, indicator=indicator, defaults={"value": value, "updated_by": by}
        )
    if sections or values:
        _mark_started(submission, by, note=note, always=True)
