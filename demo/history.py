"""History: the seed's own dates.

The demo is written through the portal's services, and a service stamps what it writes with the
time it runs (`timezone.now()`). The seeds' rounds happened in 2021-2023, and the live round's
earlier steps happened in the days before load_demo runs; so right after a service has written a
row, the demo moves that row's stamps back to the story's time with one queryset `.update()` per
table. Every such correction is in this module and nowhere else; nothing else is changed.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.models import Email
from plans.models import Plan
from reminders.models import Digest, Reminder
from reports.models import (
    Extension,
    IndicatorValue,
    ReportingDuty,
    ReviewComment,
    SectionAnswer,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
)

Action = SubmissionEvent.Action


def local(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    """A Vietnam-time moment of the story."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def redate_plan(plan: Plan, *, created: datetime.datetime, issued: datetime.datetime | None = None) -> None:
    """History: the seed's own dates. The plan was written on `created` and issued on `issued`;
    its duties and their outlines were written with it."""
    Plan.objects.filter(pk=plan.pk).update(created_at=created, updated_at=issued or created)
    if issued is not None:
        Plan.objects.filter(pk=plan.pk).update(issued_at=issued)
    duties = ReportingDuty.objects.filter(plan=plan)
    duties.update(created_at=created)
    for duty in duties.select_related("outline"):
        outline = duty.outline
        if outline.created_at > created:  # only the first plan that used an outline dates it
            type(outline).objects.filter(pk=outline.pk).update(created_at=created, updated_at=created)


def redate_writing(sub: Submission, *, started: datetime.datetime, saved: datetime.datetime) -> None:
    """History: the seed's own dates. The report was begun at `started` (its STARTED event) and
    its sections and numbers were last saved at `saved`."""
    Submission.objects.filter(pk=sub.pk).update(started_at=started, last_saved_at=saved)
    SubmissionEvent.objects.filter(submission=sub, action=Action.STARTED).update(at=started)
    SectionAnswer.objects.filter(submission=sub).update(updated_at=saved)
    IndicatorValue.objects.filter(submission=sub).update(updated_at=saved)


def redate_submit(sub: Submission, *, at: datetime.datetime) -> None:
    """History: the seed's own dates. The (single) submit happened at `at`: the report, its frozen
    version and its SUBMITTED event. The event's "late" note depends on the time, so it is written
    again exactly as submission_submit words it, for the story's time."""
    Submission.objects.filter(pk=sub.pk).update(submitted_at=at, first_submitted_at=at, last_saved_at=at)
    SubmissionVersion.objects.filter(submission=sub).update(created_at=at)
    sub.refresh_from_db()
    for event in SubmissionEvent.objects.filter(submission=sub, action=Action.SUBMITTED):
        note = event.note.split(" – ")[0]
        if sub.is_late:
            note += " – " + _("nộp muộn")
        SubmissionEvent.objects.filter(pk=event.pk).update(at=at, note=note)


def redate_review(
    sub: Submission,
    *,
    commented: datetime.datetime | None = None,
    returned: datetime.datetime | None = None,
    accepted: datetime.datetime | None = None,
) -> None:
    """History: the seed's own dates. The standing committee's comment, return or acceptance."""
    if commented is not None:
        ReviewComment.objects.filter(submission=sub).update(created_at=commented)
        SubmissionEvent.objects.filter(submission=sub, action=Action.COMMENTED).update(at=commented)
    if returned is not None:
        Submission.objects.filter(pk=sub.pk).update(returned_at=returned)
        SubmissionEvent.objects.filter(submission=sub, action=Action.RETURNED).update(at=returned)
    if accepted is not None:
        Submission.objects.filter(pk=sub.pk).update(accepted_at=accepted)
        SubmissionEvent.objects.filter(submission=sub, action=Action.ACCEPTED).update(at=accepted)


def redate_extension(extension: Extension, *, at: datetime.datetime) -> None:
    """History: the seed's own dates. When the extension was granted."""
    Extension.objects.filter(pk=extension.pk).update(granted_at=at)
    SubmissionEvent.objects.filter(submission_id=extension.submission_id, action=Action.EXTENDED).update(at=at)


def redate_reminder(reminder: Reminder | Digest, *, at: datetime.datetime) -> None:
    """History: the seed's own dates. The sweep recorded this reminder (or digest) and queued its
    emails at `at`."""
    type(reminder).objects.filter(pk=reminder.pk).update(created_at=at)
    Email.objects.filter(pk__in=reminder.emails.values("pk")).update(created_at=at, next_attempt_at=at)


def redate_congress(
    congress,
    *,
    chosen: datetime.datetime | None = None,
    sent: datetime.datetime | None = None,
    decided: datetime.datetime | None = None,
) -> None:
    """History: the seed's own dates for a congress dossier (approvals case). `sent`: the dossier,
    its documents and the first level's arrival; `decided`: the decisions and meetings recorded
    since, and the next level reached (or the lock) at that moment."""
    from approvals.models import Case, Decision, Meeting, Step
    from congresses.models import DocumentVersion

    case = Case.objects.get(pk=congress.case_id)
    if chosen is not None:
        type(congress).objects.filter(pk=congress.pk).update(chosen_at=chosen)
    recent = timezone.now() - datetime.timedelta(hours=1)
    if sent is not None:
        Case.objects.filter(pk=case.pk).update(sent_at=sent, created_at=sent)
        case.items.filter(submitted_at__gte=recent).update(submitted_at=sent)
        DocumentVersion.objects.filter(congress=congress, uploaded_at__gte=recent).update(uploaded_at=sent)
        Step.objects.filter(case=case, reached_at__gte=recent).update(reached_at=sent)
    if decided is not None:
        Decision.objects.filter(item__case=case, at__gte=recent).update(at=decided)
        Meeting.objects.filter(case=case, at__gte=recent).update(at=decided)
        Step.objects.filter(case=case, reached_at__gte=recent).update(reached_at=decided)
        Case.objects.filter(pk=case.pk, locked_at__gte=recent).update(locked_at=decided)
