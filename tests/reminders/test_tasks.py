"""The sweep task: safe to deliver twice, sends nothing itself (its emails go through the outbox's
one delivery path), and runs through a real Celery worker (the configured broker: filesystem by
default, Redis in CI)."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from outbox.models import Email
from outbox.tasks import send_due_emails, send_email
from reminders.models import Reminder, ReminderRule
from reminders.tasks import sweep_reminders
from tests.conftest import local_dt
from tests.worker import running_worker


def test_sweep_task_delivered_twice_records_and_sends_once(
    issued_plan, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(local_dt(2022, 6, 11, 7, 30), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert sweep_reminders() == 4  # three reminders and the digest
            assert sweep_reminders() == 0
        assert smtp_server.messages == []  # the sweep sends nothing itself...
        # ...it queued one "send what is due" task per batch (the digest, then the reminders), not one per email
        assert len(callbacks) == 2
        send_due_emails()
    assert Reminder.objects.count() == 3
    assert len(smtp_server.messages) == 9 and len({m.rcpt_tos[0] for m in smtp_server.messages}) == 9
    # the digest went out first, and every row was written out before it was sent
    kinds = list(Email.objects.order_by("sent_at", "pk").values_list("kind", flat=True))
    assert kinds[: kinds.count("digest")] == ["digest"] * kinds.count("digest") and "digest" in kinds
    assert not Email.objects.exclude(context={}).exists() and not Email.objects.filter(body_text="").exists()


def test_pending_rows_whose_send_task_was_lost_are_sent_by_the_every_minute_task(issued_plan, smtp_server):
    with time_machine.travel(local_dt(2022, 6, 11, 7, 30), tick=False):
        sweep_reminders()  # in tests the on-commit send tasks never run: as if their messages were lost
    assert Email.objects.filter(state="pending").count() == 9 and smtp_server.messages == []
    with time_machine.travel(local_dt(2022, 6, 11, 7, 31), tick=False):
        assert send_due_emails() == 9
        email = Email.objects.first()
        assert send_email(email.pk) == "sent"  # the send task delivered late: nothing more goes out
    assert len(smtp_server.messages) == 9


def test_old_task_names_still_send(issued_plan, smtp_server):
    """Messages queued before the outbox moved out of the reminders app still work."""
    from celery import current_app

    with time_machine.travel(local_dt(2022, 6, 11, 7, 30), tick=False):
        sweep_reminders()
        first = Email.objects.order_by("pk").first()
        assert current_app.tasks["reminders.send_email"](first.pk) == "sent"
        assert current_app.tasks["reminders.send_due_emails"]() == 8
    assert len(smtp_server.messages) == 9


def test_smtp_down_keeps_every_reminder_due_and_the_next_run_sends_them(issued_plan, smtp_server, settings):
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1
    with time_machine.travel(local_dt(2022, 6, 11, 7, 30), tick=False):
        sweep_reminders()
        send_due_emails()
    # The server could not be reached: no attempt used up, the reason shown, all still due.
    assert set(Email.objects.values_list("state", "attempts")) == {("pending", 0)}
    assert all("máy chủ thư" in error for error in Email.objects.values_list("last_error", flat=True))
    assert smtp_server.messages == []
    settings.EMAIL_PORT = real_port
    with time_machine.travel(local_dt(2022, 6, 11, 7, 31), tick=False):
        send_due_emails()  # the next minute's run
    assert set(Email.objects.values_list("state", "attempts")) == {("sent", 1)}
    assert len(smtp_server.messages) == 9


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_sweep_and_the_emails_reach_smtp(issued_plan, smtp_server):
    """Real time here (the worker is another process): the plan's deadline is put 10 days ahead
    and its rule reminds 30 days before, so that step is due now."""
    type(issued_plan.duty).objects.filter(pk=issued_plan.duty.pk).update(deadline=timezone.now() + timedelta(days=10))
    ReminderRule.objects.create(scope_key=f"plan:{issued_plan.plan.pk}", days_before="30")
    expected = {
        "canbo_a1@mttq.example",
        "lanhdao_a1@mttq.example",
        "tp-a-p1@mttq.example",
        "canbo_a2@mttq.example",
        "tp-a-p2@mttq.example",
        "canbo_hnd@mttq.example",
        "tp-a-hnd@mttq.example",
    }
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port)}
    with running_worker(extra_env=env) as queue:
        sweep_reminders.apply_async(queue=queue)
        give_up = time.time() + 60
        while time.time() < give_up and Email.objects.count() < len(expected):
            time.sleep(0.3)
        # The on-commit send tasks go to the default queue, which this private worker does not read:
        # the every-minute task sends them instead, through the same outbox function.
        send_due_emails.apply_async(queue=queue)
        # The SMTP server has a message before the worker marks its row sent: wait for both.
        sent = Email.objects.filter(key__startswith="reminder:", state="sent")
        while time.time() < give_up and (len(reminders_received(smtp_server)) < len(expected) or sent.count() < 7):
            time.sleep(0.3)
    assert sorted(reminders_received(smtp_server)) == sorted(expected)
    assert set(Reminder.objects.values_list("step", flat=True)) == {"before-30d"}
    assert Email.objects.filter(key__startswith="reminder:", state="sent").count() == 7
    assert sum(r.emails.count() for r in Reminder.objects.all()) == 7


def reminders_received(smtp_server):
    return [m.rcpt_tos[0] for m in smtp_server.messages if m.subject.strip().startswith("[Nhắc hạn: ")]
