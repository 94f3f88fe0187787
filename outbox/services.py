"""Queue and send email. Other apps call `email_queue` / `email_queue_each`; nothing else.

What is guaranteed
------------------
* Recorded before sent: `email_queue` inserts one row per (key, address) in the caller's
  transaction. The unique `key` makes a second enqueue of the same email a no-op, whoever does it.
* One delivery path: every row is sent by `email_send(email_id=...)` and by nothing else. It is
  called from two places only, both Celery tasks (outbox/tasks.py): the send task published for the
  row when the caller's transaction commits (lib.tasks.enqueue_on_commit: a broker that does not
  answer is logged, never raised, so the page that queued the email answers normally), and the
  every-minute `emails_send_due`, which picks up what the first missed (a message never published
  or lost, a worker that died, a retry whose back-off is over).
* Claim by conditional UPDATE: `email_send` first moves the row to 'sending' with
  ``UPDATE ... WHERE pk = id AND (pending and due, or sending for longer than Email.claim_timeout())``
  and goes on only if that updated one row, so two workers (or a task delivered twice) never both
  send a row at the same time. The claim timeout is 2 minutes, never less than a living send can
  last (3 x settings.EMAIL_TIMEOUT + 1 minute).
* At least once, not exactly once: if a worker dies after the SMTP server accepted a message but
  before the row was marked 'sent', the row is claimed again after the claim timeout and sent again.
  Marking it sent is retried (MARK_SENT_TRIES, with pauses) when the database refuses the UPDATE
  (locked, connection dropped), so only a dead worker or a database down for ~10 s leaves a repeat.
  The Message-ID header is stable per row, so a repeat is recognisable. A row is tried at most
  MAX_ATTEMPTS times (back-off between tries), then left 'failed' with the error, visible.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from committees.models import Committee
from lib.tasks import enqueue_on_commit

from .emails import recipient_language, render_email
from .models import Email

logger = logging.getLogger(__name__)
# Emails whose body is a secret of the recipient's (a password reset link): never shown in the
# admin, and emptied once sent, so no one else can read the link from the outbox.
SECRET_KINDS = frozenset({"password_reset"})
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
MARK_SENT_TRIES = 5
MARK_SENT_PAUSES = [0.5, 1, 2, 4]  # seconds between tries of the 'sent' UPDATE
_sleep = time.sleep  # tests replace it


def email_queue(*, key: str, to: str, template: str, context: dict, committee: Committee | None = None) -> Email | None:
    """Record one email to one address and have it sent after the transaction commits.

    `key` names what the email is for (e.g. "plan-issued:12:34:a@b.vn"); if a row with that key
    exists, nothing happens and None is returned. Returns the new row otherwise. Subject and bodies
    are rendered from templates/emails/<template>-* in the recipient's language; `context` must
    therefore hold data, not sentences already translated."""
    if Email.objects.filter(key=key).exists():
        return None
    subject, text, html = render_email(
        template, {**context, "site_url": settings.SITE_URL}, language=recipient_language(to)
    )
    try:
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                kind=template,
                committee=committee,
                to=to,
                subject=subject[:300],
                body_text=text,
                body_html=html,
            )
    except IntegrityError:  # another process queued the same key first
        return None
    from .tasks import send_email

    # A broker that does not answer is logged, not raised: the row is there, and beat's
    # every-minute send_due_emails sends it when the broker is back.
    enqueue_on_commit(send_email, email.pk)
    return email


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


def _claim(email_id: int, now) -> bool:
    """Take the row for sending with one conditional UPDATE; only one process can win."""
    return (
        Email.objects.due(now)
        .filter(pk=email_id)
        .update(state=Email.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def email_send(*, email_id: int) -> str:
    """Send one queued email if it is due and nobody else is sending it. Returns the row's state
    afterwards ("missing" if there is no such row). See the module docstring for the guarantees."""
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
    _mark_sent(email_id)
    if email.kind in SECRET_KINDS:
        Email.objects.filter(pk=email_id).update(body_text="", body_html="")
    return Email.State.SENT


def _mark_sent(email_id: int) -> None:
    """Record that the SMTP server accepted the message. A row left 'sending' would be claimed
    and sent again after the claim timeout, so a failed UPDATE (SQLite "database is locked" after
    its busy timeout, a dropped PostgreSQL connection) is tried again, MARK_SENT_TRIES times in all."""
    for attempt in range(MARK_SENT_TRIES):
        try:
            Email.objects.filter(pk=email_id).update(state=Email.State.SENT, sent_at=timezone.now(), last_error="")
            return
        except OperationalError as exc:
            if attempt + 1 == MARK_SENT_TRIES:
                logger.error("email %s was sent but could not be marked sent (%s); it may be sent again", email_id, exc)
                raise
            pause = MARK_SENT_PAUSES[min(attempt, len(MARK_SENT_PAUSES) - 1)]
            logger.warning("email %s sent, marking it sent failed (%s); trying again in %s s", email_id, exc, pause)
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()  # a broken connection is opened again
            _sleep(pause)


def emails_send_due(*, now=None, limit: int = 500) -> int:
    """`email_send` each due row: pending ones whose (retry) time has come, and ones a dead worker
    left in 'sending'. Returns how many were tried."""
    ids = list(Email.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for email_id in ids:
        email_send(email_id=email_id)
    return len(ids)
