from celery import shared_task

from . import sweep


@shared_task(name="reminders.sweep")
def sweep_reminders() -> int:
    """Record the reminders and digests due now and queue their emails (safe to run twice).

    It sends nothing itself: each queued email goes out through the outbox like every other one
    (its send task on commit, or the every-minute outbox.send_due_emails)."""
    result = sweep.reminders_sweep()
    return len(result.reminders) + len(result.digests)
