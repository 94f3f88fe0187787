"""Queue and send email exactly once. Other apps call `email_queue`; nothing else."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from committees.models import Committee

from .emails import render_email
from .models import Email, ReminderRule

logger = logging.getLogger(__name__)
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]


def email_queue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict,
    committee: Committee | None = None,
    dispatch: bool = True,
    reminder=None,
    digest=None,
) -> Email | None:
    """Record one email to one address and send it after the transaction commits.

    `key` names what the email is for (e.g. "plan-issued:12:to:a@b.vn"); if a row with that key
    exists, nothing happens and None is returned. Returns the new row otherwise.
    `dispatch=False` leaves the row for `emails_send_due` (the reminder sweep sends its own rows);
    `reminder` / `digest`: the row the email belongs to, for the outbox page.
    """
    if Email.objects.filter(key=key).exists():
        return None
    subject, text, html = render_email(template, {**context, "site_url": settings.SITE_URL})
    subject = subject[:300]
    try:
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                kind=template,
                committee=committee,
                to=to,
                subject=subject,
                body_text=text,
                body_html=html,
                reminder=reminder,
                digest=digest,
            )
    except IntegrityError:  # another process queued the same key first
        return None
    if not dispatch:
        return email
    from .tasks import send_email

    transaction.on_commit(lambda: send_email.delay(email.pk))
    return email


def _claim(email_id: int, now) -> bool:
    """Take the row for sending; only one process can win."""
    return (
        Email.objects.due(now)
        .filter(pk=email_id)
        .update(state=Email.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def email_send(*, email_id: int) -> str:
    """Send one queued email if it is due and nobody else is sending it. Returns the final state."""
    now = timezone.now()
    if not _claim(email_id, now):
        return Email.objects.filter(pk=email_id).values_list("state", flat=True).first() or "missing"
    email = Email.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": f"<email-{email.pk}@mttq-portal>"},  # stable: a resend is recognisable
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        # The server refuses this address: retrying will not help.
        reason = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
        Email.objects.filter(pk=email_id).update(state=Email.State.FAILED, last_error=reason or str(exc))
        return Email.State.FAILED
    except Exception as exc:  # SMTP down, timeout...: try again later, then give up visibly
        attempts = email.attempts
        error = f"{exc.__class__.__name__}: {exc}"
        if attempts >= Email.MAX_ATTEMPTS:
            Email.objects.filter(pk=email_id).update(state=Email.State.FAILED, last_error=error)
            return Email.State.FAILED
        delay = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
        Email.objects.filter(pk=email_id).update(
            state=Email.State.PENDING, last_error=error, next_attempt_at=now + delay
        )
        logger.warning("email %s not sent (%s); retry in %s", email_id, error, delay)
        return Email.State.PENDING
    Email.objects.filter(pk=email_id).update(state=Email.State.SENT, sent_at=timezone.now(), last_error="")
    return Email.State.SENT


def emails_send_due(*, now=None, limit: int = 500) -> int:
    """Send every due email (pending ones whose retry time has come, and ones a dead worker left)."""
    ids = list(Email.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for email_id in ids:
        email_send(email_id=email_id)
    return len(ids)


@transaction.atomic
def reminder_rule_save(*, rule: ReminderRule, by) -> ReminderRule:
    """Save the reminder schedule of one scope (a plan)."""
    rule.updated_by = by
    rule.updated_at = timezone.now()
    rule.full_clean()
    rule.save()
    return rule


def email_queue_each(
    *, key: str, addresses: list[str], template: str, context: dict, committee: Committee | None = None
) -> int:
    """`email_queue` once per address, with the key "<key>:<address in lower case>". Returns how
    many were newly queued."""
    queued = 0
    for address in addresses:
        if email_queue(
            key=f"{key}:{address.lower()}", to=address, template=template, context=context, committee=committee
        ):
            queued += 1
    return queued
