"""What a reorganisation of the tree (committees.reorg) means for reporting duties: a committee
that closes while it still owes a report of a current round (an issued plan whose deadline is on
or after the effective day) needs a successor (refused otherwise); with one, the successor is
named in the duty, gets its own report to write, and is told by email. A round whose deadline
had passed stays as it was (its missing reports are the old committee's), and the closed
committee's reports stay its own (its past, read by the successor), except a report it never
touched (not started, nothing written, no extension, no event): that one leaves the round, so
the round's dashboard and reminders count the successor alone for it."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from plans.models import Plan
from reports import emails
from reports.duties.services import local_deadline
from reports.models import Submission


def _owed(closing, on):
    """The open reports of `closing` in rounds still current on `on` (deadline, or the committee's
    extension, on or after that day)."""
    return (
        Submission.objects.filter(
            committee__in=closing, state__in=Submission.OPEN_STATES, duty__plan__state=Plan.State.ISSUED
        )
        .with_deadline()
        .filter(effective_deadline__gte=local_deadline(on, datetime.time(0, 0)))
        .select_related("duty", "duty__plan", "committee")
        .order_by("duty__deadline", "duty_id", "committee__sort_name")
    )


def _untouched(duty, committees) -> list[Submission]:
    """The reports of `duty` that `committees` never began: nothing of theirs would be lost."""
    return list(
        Submission.objects.filter(duty=duty, committee__in=committees, state=Submission.State.NOT_STARTED).filter(
            answers__isnull=True,
            values__isnull=True,
            events__isnull=True,
            extensions__isnull=True,
            attachments__isnull=True,
            comments__isnull=True,
            extended_deadline__isnull=True,
            started_at__isnull=True,
        )
    )


def refuse_orphaned_duties(sender, *, closing, successor, on, **kwargs) -> list[str]:
    """reorganisation_check: the reports a committee closing with no successor still owes."""
    if successor is not None or not closing:
        return []
    return [
        _(
            "%(name)s chưa nộp “%(duty)s” (Kế hoạch số %(number)s, hạn %(deadline)s): cần chỉ định đơn vị kế tục "
            "nhận báo cáo này trước khi giải thể."
        )
        % {
            "name": s.committee.name,
            "duty": s.duty.title,
            "number": s.duty.plan.document_number,
            "deadline": s.duty.deadline.strftime("%d/%m/%Y"),
        }
        for s in _owed(closing, on)
    ]


def hand_over_duties(sender, *, reorganisation, closing, successor, by=None, **kwargs) -> list[str]:
    """reorganisation_done: each open duty of the closed committees passes to the successor. Says
    what passed, one sentence per duty."""
    if successor is None or not closing:
        return []
    said = []
    by_duty: dict[int, list] = {}
    duties = {}
    for s in _owed(closing, reorganisation.effective_on):
        duties[s.duty_id] = s.duty
        by_duty.setdefault(s.duty_id, []).append(s.committee)
    for duty_id, predecessors in by_duty.items():
        duty = duties[duty_id]
        duty.committees.add(successor)
        Submission.objects.get_or_create(duty=duty, committee=successor)
        untouched = _untouched(duty, predecessors)
        duty.committees.remove(*{s.committee_id for s in untouched})
        Submission.objects.filter(pk__in=[s.pk for s in untouched]).delete()
        emails.duty_handed_over(
            plan=duty.plan,
            duty=duty,
            committee=successor,
            predecessors=predecessors,
            reorganisation=reorganisation,
            link=reverse("plans-detail", args=[duty.plan_id]),
        )
        said.append(
            _("“%(duty)s” (Kế hoạch số %(number)s, hạn %(deadline)s) của %(names)s chuyển cho %(successor)s.")
            % {
                "duty": duty.title,
                "number": duty.plan.document_number,
                "deadline": duty.deadline.strftime("%d/%m/%Y"),
                "names": ", ".join(c.name for c in predecessors),
                "successor": successor.name,
            }
        )
    return said
