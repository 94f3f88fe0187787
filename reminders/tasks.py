from celery import shared_task

from . import services


@shared_task(name="reminders.send_email")
def send_email(email_id: int) -> str:
    return services.email_send(email_id=email_id)


@shared_task(name="reminders.send_due_emails")
def send_due_emails() -> int:
    return services.emails_send_due()
