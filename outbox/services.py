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
* A mail server that cannot be reached costs no attempt: the connection is opened before any row is
  claimed, and when it fails the rows stay pending and due, with the reason shown, and the
  every-minute task tries again; an outage of hours never leaves an email failed, and every email
  leaves within a minute or so of the server's return.
* Many at once: `email_queue_many` records a batch (a sweep's 7,000 reminders) with a few INSERTs
  and publishes one "send what is due" task after the commit instead of one task per email. Its
  rows keep their template's data (`context`) and are written out by the worker just before they
  are sent, so a sweep costs what it inserts, not 21,000 template renderings.
* Order and rate: what is due goes out digests first, then oldest first, over one SMTP connection
  per run, at most settings.EMAIL_RATE_PER_MINUTE per run of the every-minute task (a relay's
  limit, e.g. 1,800 a minute); the rest waits for the next run.
"""

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext

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


@dataclass(frozen=True)
class Outgoing:
    """One email of a batch for `email_queue_many` (the arguments of `email_queue`)."""

    key: str
    to: str
    template: str
    context: dict
    committee: Committee | None = None


def email_queue_many(items: list[Outgoing]) -> dict[str, Email]:
    """`email_queue` for a batch, in the caller's transaction: keys already recorded are skipped,
    the rest inserted a few hundred rows a statement, and one `send_due_emails` task is published
    after the commit (it sends them all, in order, at the relay's rate). Returns {key: row} for
    the rows this call recorded."""
    keys = [item.key for item in items]
    existing = set()
    for start in range(0, len(keys), 500):
        existing.update(Email.objects.filter(key__in=keys[start : start + 500]).values_list("key", flat=True))
    rows = []
    for item in items:
        if item.key in existing:
            continue
        existing.add(item.key)
        rows.append(
            Email(key=item.key, kind=item.template, committee=item.committee, to=item.to, context=item.context)
        )
    if not rows:
        return {}
    Email.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)  # another process may race us
    created = {}
    new_keys = [row.key for row in rows]
    for start in range(0, len(new_keys), 500):
        for email in Email.objects.filter(key__in=new_keys[start : start + 500]):
            created[email.key] = email
    from .tasks import send_due_emails

    enqueue_on_commit(send_due_emails)
    return created


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


def _server_down(ids: list[int], exc: BaseException) -> None:
    """The mail server cannot be reached: that is no fault of these emails, so none is claimed or
    charged an attempt (an outage of hours must not use up their tries and leave them failed). They
    stay due, with the reason visible, and the next run of the every-minute task tries again."""
    reason = gettext("Không kết nối được máy chủ thư; sẽ thử lại sau một phút")
    error = f"{reason} ({exc.__class__.__name__}: {exc})"[:1000]
    Email.objects.filter(pk__in=ids, state=Email.State.PENDING).update(last_error=error)
    logger.warning("mail server not reachable, %s email(s) wait for the next run: %s", len(ids), exc)


def _reopen(smtp) -> None:
    """Open an SMTP connection that is not open (the server dropped it after an error); raises when
    the server cannot be reached. Other backends (files in development) open themselves."""
    if getattr(smtp, "connection", "") is None:
        smtp.open()


def email_send(*, email_id: int, smtp=None) -> str:
    """Send one queued email if it is due and nobody else is sending it. Returns the row's state
    afterwards ("missing" if there is no such row). See the module docstring for the guarantees.
    `smtp`: an open mail connection to reuse (emails_send_due sends a batch over one); without it,
    a connection is opened first, and if the server cannot be reached the row is left as it was."""
    now = timezone.now()
    own = smtp is None
    if own:
        smtp = get_connection()
        try:
            smtp.open()
        except Exception as exc:
            _server_down([email_id], exc)
            return Email.objects.filter(pk=email_id).values_list("state", flat=True).first() or "missing"
    try:
        return _send(email_id, now, smtp)
    finally:
        if own:
            try:
                smtp.close()
            except Exception:  # a connection the server already dropped
                pass


def _send(email_id: int, now, smtp) -> str:
    if not _claim(email_id, now):
        return Email.objects.filter(pk=email_id).values_list("state", flat=True).first() or "missing"
    email = Email.objects.get(pk=email_id)
    if email.context and not email.body_text:
        _write_out(email)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": f"<email-{email.pk}@mttq-portal>"},  # stable: a resend is recognisable
        connection=smtp,
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
    except Exception as exc:  # a refusal or a dropped connection mid-message: try again later, then give up visibly
        try:  # a dropped connection is opened again for the next email of the batch
            smtp.close()
        except Exception:
            pass
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


def _write_out(email: Email) -> None:
    """Render a batch-queued row (its `kind` names the templates) and store what will be sent."""
    email.subject, email.body_text, email.body_html = render_email(
        email.kind, {**email.context, "site_url": settings.SITE_URL}, language=recipient_language(email.to)
    )
    email.subject = email.subject[:300]
    email.context = {}
    Email.objects.filter(pk=email.pk).update(
        subject=email.subject, body_text=email.body_text, body_html=email.body_html, context={}
    )


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


FIRST_KINDS = ("digest",)  # the standing committee's daily digest never waits behind thousands of reminders


def emails_send_due(*, now=None, limit: int | None = None) -> int:
    """`email_send` each due row, digests first, then oldest first: pending ones whose (retry) time
    has come, and ones a dead worker left in 'sending'; at most `limit` (settings.EMAIL_RATE_PER_MINUTE)
    per run, over one SMTP connection. Returns how many were tried."""
    limit = settings.EMAIL_RATE_PER_MINUTE if limit is None else limit
    first = Case(When(kind__in=FIRST_KINDS, then=Value(0)), default=Value(1), output_field=IntegerField())
    ids = list(
        Email.objects.due(now)
        .annotate(first=first)
        .order_by("first", "next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    smtp = get_connection()
    try:
        for done, email_id in enumerate(ids):
            try:
                _reopen(smtp)  # the first time, and again after a connection dropped mid-batch
            except Exception as exc:
                _server_down(ids[done:], exc)
                break
            email_send(email_id=email_id, smtp=smtp)
    finally:
        try:
            smtp.close()
        except Exception:  # a connection the server already dropped
            pass
    return len(ids)
