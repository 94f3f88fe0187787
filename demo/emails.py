"""The demo's emails are recorded, never sent.

The services queue the emails the portal would send (a notice when a plan is issued, a receipt
when a report is submitted, a return or an acceptance, a reminder...), one outbox.Email row per
address, and a send task after the commit. For demo data nobody must get them: the demo addresses
are made up, and `make run` has a worker and beat that send every pending row. So each demo area
loads inside `emails_recorded_not_sent()`: every row queued while it runs is marked "not sent (demo
data)" before the transaction commits, without any message leaving. The send task and beat then find nothing
due (outbox only sends pending rows), and the outbox page lists the emails the portal would
have sent in the story, marked as never sent.
"""

from contextlib import contextmanager

from django.db.models import Max

from outbox.models import Email


@contextmanager
def emails_recorded_not_sent():
    """Mark the Email rows queued inside the block as not sent (demo data). Use it inside
    the area's transaction, so the rows are never pending once committed."""
    before = Email.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    Email.objects.filter(pk__gt=before, state=Email.State.PENDING).update(
        state=Email.State.NOT_SENT, attempts=0
    )


def reminders_already_sent(*, scope_key: str) -> None:
    """What the sweep would have recorded by now for a demo area's plan (`scope_key`, "plan:12"):
    the current step of each open duty's schedule (reports owed, approvals waiting at a level), at
    that step's time, and today's digest to the standing committees (if it is past the digest's
    hour), recorded by the sweep's own functions. Call it inside `emails_recorded_not_sent()`, so
    that the first sweep of `make run` finds them recorded and mails nobody."""
    from django.utils import timezone

    from demo.history import redate_reminder
    from reminders.registry import open_duties
    from reminders.sweep import digest_record, digests_due, reminder_record, reminders_due

    now = timezone.now()
    duties = open_duties(scope_key=scope_key)
    for planned in reminders_due(now=now, duties=duties):
        reminder = reminder_record(duty=planned.duty, step_name=planned.step.name, now=planned.step.at)
        if reminder is not None:
            redate_reminder(reminder, at=planned.step.at)
    for planned in digests_due(now=now, duties=duties):
        digest_record(planned=planned)
