from celery import shared_task

from . import services, sweep


@shared_task(name="reminders.send_email")
def send_email(email_id: int) -> str:
    return services.email_send(email_id=email_id)


@shared_task(name="reminders.send_due_emails")
def send_due_emails() -> int:
    return services.emails_send_due()


@shared_task(name="reminders.sweep")
def sweep_reminders() -> int:
    """Record the reminders and digests due now, then send every due email (safe to run twice)."""
    result = sweep.reminders_sweep(dispatch=False)
    services.emails_send_due()
    return len(result.reminders) + len(result.digests)
