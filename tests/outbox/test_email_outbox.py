"""The shared email machinery: a row first, then one send, against a real SMTP server."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from outbox.models import Email
from outbox.services import email_queue, email_send, emails_send_due

CTX = {
    "greeting": "Ủy ban MTTQ Phường A1",
    "issuer": "Ủy ban MTTQ thành phố A",
    "duty_title": "Báo cáo sơ kết",
    "number": "12/KH-MTTQ",
    "deadline": "20/06/2022 17:30",
    "reason": "Mưa bão",
    "link": "/bao-cao/1/",
}


def test_queued_email_is_a_row_then_is_sent_once(db, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = email_queue(key="k1", to="a1@mttq.example", template="extension-granted", context=CTX)
    assert email.state == Email.State.PENDING and len(callbacks) == 1
    assert email_send(email_id=email.pk) == Email.State.SENT
    assert email_send(email_id=email.pk) == Email.State.SENT  # a second delivery of the task sends nothing
    assert len(smtp_server.messages) == 1
    got = smtp_server.messages[0]
    assert got.rcpt_tos == ["a1@mttq.example"]
    assert got.subject.strip() == "Gia hạn nộp báo cáo: Báo cáo sơ kết"
    assert "http://127.0.0.1:8000/bao-cao/1/" in got.message.get_body(("plain",)).get_content()
    assert got.message.get_body(("html",)) is not None


def test_same_key_is_never_queued_twice(db):
    assert email_queue(key="same", to="a@mttq.example", template="extension-granted", context=CTX) is not None
    assert email_queue(key="same", to="a@mttq.example", template="extension-granted", context=CTX) is None
    assert Email.objects.count() == 1


def test_rejected_address_fails_with_the_reason_and_others_still_go(db, smtp_server):
    smtp_server.reject.add("sai@mttq.example")
    bad = email_queue(key="bad", to="sai@mttq.example", template="extension-granted", context=CTX)
    good = email_queue(key="good", to="dung@mttq.example", template="extension-granted", context=CTX)
    emails_send_due()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.state == Email.State.FAILED and "550" in bad.last_error
    assert good.state == Email.State.SENT
    assert [m.rcpt_tos for m in smtp_server.messages] == [["dung@mttq.example"]]


def test_smtp_down_costs_no_attempt_and_the_next_run_sends(db, settings, smtp_server):
    email = email_queue(key="down", to="a@mttq.example", template="extension-granted", context=CTX)
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    assert email_send(email_id=email.pk) == Email.State.PENDING
    email.refresh_from_db()
    assert email.attempts == 0 and "Không kết nối được máy chủ thư" in email.last_error
    assert Email.objects.due().filter(pk=email.pk).exists()  # the next every-minute run takes it
    settings.EMAIL_PORT = real_port
    assert emails_send_due() == 1
    email.refresh_from_db()
    assert email.state == Email.State.SENT and email.attempts == 1 and len(smtp_server.messages) == 1


def test_an_outage_of_hours_never_leaves_an_email_failed(db, settings, smtp_server):
    emails = [email_queue(key=f"long-{i}", to=f"a{i}@mttq.example", template="extension-granted", context=CTX) for i in range(3)]
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1
    start = timezone.now()
    for minute in range(0, 180, 1):  # three hours of every-minute runs
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            emails_send_due()
    assert set(Email.objects.values_list("state", "attempts")) == {(Email.State.PENDING, 0)}
    settings.EMAIL_PORT = real_port
    with time_machine.travel(start + timedelta(minutes=181), tick=False):
        assert emails_send_due() == 3
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [e.to for e in emails]
    assert set(Email.objects.values_list("state", flat=True)) == {Email.State.SENT}


def test_server_lost_mid_batch_charges_the_email_it_was_sending_only(db, settings, smtp_server):
    """The connection drops while one email is sent: that one is retried with back-off; the rest of
    the batch, which could not even connect, keep every try and stay due."""
    for i in range(4):
        email_queue(key=f"mid-{i}", to=f"b{i}@mttq.example", template="extension-granted", context=CTX)
    smtp_server.drop_after = 2  # the server accepts two messages, then goes away
    emails_send_due()
    rows = list(Email.objects.order_by("pk").values_list("state", "attempts"))
    assert rows[:2] == [(Email.State.SENT, 1)] * 2
    assert rows[2] == (Email.State.PENDING, 1)  # being sent when the server went: back-off
    assert rows[3] == (Email.State.PENDING, 0)  # never started
    assert len(smtp_server.messages) == 2


def test_row_left_sending_by_a_dead_worker_is_picked_up_again(db, smtp_server):
    email = email_queue(key="dead", to="a@mttq.example", template="extension-granted", context=CTX)
    Email.objects.filter(pk=email.pk).update(state=Email.State.SENDING, claimed_at=timezone.now())
    assert emails_send_due() == 0  # another worker may still be sending it
    with time_machine.travel(timezone.now() + Email.claim_timeout() + timedelta(minutes=1)):
        assert emails_send_due() == 1
    assert len(smtp_server.messages) == 1


def test_row_claimed_by_a_dead_worker_waits_two_minutes_not_ten(db, smtp_server, settings):
    settings.EMAIL_TIMEOUT = 20
    email = email_queue(key="dead2", to="a@mttq.example", template="extension-granted", context=CTX)
    claimed = timezone.now()
    Email.objects.filter(pk=email.pk).update(state=Email.State.SENDING, claimed_at=claimed)
    with time_machine.travel(claimed + timedelta(seconds=119), tick=False):
        assert emails_send_due() == 0
    with time_machine.travel(claimed + timedelta(seconds=121), tick=False):
        assert emails_send_due() == 1
    assert len(smtp_server.messages) == 1
    assert Email.claim_timeout() == timedelta(minutes=2)


def test_claim_timeout_is_never_below_what_a_living_send_can_last(settings):
    settings.EMAIL_TIMEOUT = 60  # a slow SMTP server: connection + exchanges may take minutes
    assert Email.claim_timeout() >= timedelta(seconds=3 * 60) + timedelta(minutes=1)


def test_settings_always_give_smtp_a_timeout(monkeypatch):
    """dj_email_url says EMAIL_TIMEOUT=None (wait forever) unless the URL sets it."""
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    code = "from django.conf import settings; print(settings.EMAIL_TIMEOUT, settings.EMAIL_HOST)"
    env = {**os.environ, "EMAIL_URL": "smtp://u:p@mail.example:587/?tls=True", "DJANGO_SETTINGS_MODULE": "mttq_portal.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=django_settings.BASE_DIR)
    assert out.stdout.split() == ["20", "mail.example"], out.stderr


def test_marking_sent_is_retried_when_the_database_is_locked(db, smtp_server, monkeypatch):
    """The SMTP server accepted the message; the UPDATE to 'sent' meets a locked database twice.
    The row must end 'sent' (not left 'sending', to be claimed and sent again)."""
    from django.db import OperationalError

    from outbox import services
    from outbox.models import EmailQuerySet

    email = email_queue(key="locked", to="a@mttq.example", template="extension-granted", context=CTX)
    failures = []
    real_update = EmailQuerySet.update

    def locked_when_marking_sent(self, **kwargs):
        if kwargs.get("state") == Email.State.SENT and len(failures) < 2:
            failures.append(kwargs)
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    pauses = []
    monkeypatch.setattr(EmailQuerySet, "update", locked_when_marking_sent, raising=False)
    monkeypatch.setattr(services, "_sleep", pauses.append, raising=False)

    assert email_send(email_id=email.pk) == Email.State.SENT
    email.refresh_from_db()
    assert email.state == Email.State.SENT and email.sent_at and len(failures) == 2 and len(pauses) == 2
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert emails_send_due() == 0  # nothing left to send again
    assert len(smtp_server.messages) == 1


def test_marking_sent_gives_up_loudly_after_a_few_tries(db, smtp_server, monkeypatch):
    import pytest
    from django.db import OperationalError

    from outbox import services
    from outbox.models import EmailQuerySet

    email = email_queue(key="locked-long", to="a@mttq.example", template="extension-granted", context=CTX)
    real_update = EmailQuerySet.update
    tries = []

    def always_locked(self, **kwargs):
        if kwargs.get("state") == Email.State.SENT:
            tries.append(1)
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    monkeypatch.setattr(EmailQuerySet, "update", always_locked, raising=False)
    monkeypatch.setattr(services, "_sleep", lambda seconds: None, raising=False)
    with pytest.raises(OperationalError):
        email_send(email_id=email.pk)
    assert len(tries) == services.MARK_SENT_TRIES
