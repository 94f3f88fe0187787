"""The outbox's tasks: each fetches rows by id and calls `services.email_send`, the one function
that sends an email.

Task names: the tasks are named after this app ("outbox.send_email", "outbox.send_due_emails",
used by settings.CELERY_BEAT_SCHEDULE). The names they had while the outbox lived in the reminders
app stay registered as aliases, so that messages already in the broker under
"reminders.send_email" and a beat still running the old schedule ("reminders.send_due_emails")
keep working during a deploy. The aliases can go once no such message can be left."""

from celery import shared_task

from . import services


@shared_task(name="outbox.send_email")
def send_email(email_id: int) -> str:
    """Queued on commit for each new row."""
    return services.email_send(email_id=email_id)


@shared_task(name="outbox.send_due_emails")
def send_due_emails() -> int:
    """Every minute (beat): what the send tasks missed, and retries whose back-off is over."""
    return services.emails_send_due()


@shared_task(name="reminders.send_email")
def send_email_old_name(email_id: int) -> str:
    return services.email_send(email_id=email_id)


@shared_task(name="reminders.send_due_emails")
def send_due_emails_old_name() -> int:
    return services.emails_send_due()
