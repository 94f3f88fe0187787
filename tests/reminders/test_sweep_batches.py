"""The set-based sweep (#17): reminders written in batches with their emails queued together, a
(duty, step) recorded first by an overlapping sweep skipped with its emails, digests sent first,
batch rows written out just before they are sent, and the sender's rate per run."""

import pytest
import time_machine

from outbox.models import Email
from outbox.services import Outgoing, email_queue_many, emails_send_due
from reminders import sweep
from reminders.models import Reminder
from tests.conftest import local_dt

from .conftest import A1, A2, ORG

pytestmark = pytest.mark.django_db
MOMENT = local_dt(2022, 6, 11, 7, 30)  # 3 days before the deadline, after the digest hour


def test_batches_of_two_record_every_reminder_once_with_its_emails(issued_plan, smtp_server, monkeypatch):
    monkeypatch.setattr(sweep, "RECORD_BATCH", 2)  # three duties: two batches
    with time_machine.travel(MOMENT, tick=False):
        result = sweep.reminders_sweep()
        assert len(result.reminders) == 3 and len(result.digests) == 1
        for reminder in Reminder.objects.all():
            assert sorted(reminder.emails.values_list("to", flat=True)) == sorted(reminder.recipients.split(","))
        assert sweep.reminders_sweep().reminders == []  # the second sweep finds all recorded
        emails_send_due()
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(
        A1 + A2 + ORG + ["btt_a@mttq.example", "tp-a@mttq.example"]
    )


def test_a_step_recorded_first_by_an_overlapping_sweep_gets_no_second_email(issued_plan, monkeypatch):
    with time_machine.travel(MOMENT, tick=False):
        planned = sweep.reminders_due(now=MOMENT)
        first = planned[0]
        sweep.reminder_record(duty=first.duty, step_name=first.step.name, now=MOMENT)  # the other sweep
        emails_before = Email.objects.count()
        recorded = sweep.reminders_record_many(planned=planned, now=MOMENT)
    assert first not in recorded and len(recorded) == len(planned) - 1
    assert Reminder.objects.filter(duty_key=first.duty.key).count() == 1
    expected_new = sum(len(p.duty.addresses) for p in recorded)
    assert Email.objects.count() - emails_before == expected_new


def test_the_digest_goes_out_before_the_reminders(issued_plan, smtp_server):
    with time_machine.travel(MOMENT, tick=False):
        sweep.reminders_sweep()
        emails_send_due(limit=2)  # a run that can send only two: both are the digest's
    assert {m.rcpt_tos[0] for m in smtp_server.messages} == {"btt_a@mttq.example", "tp-a@mttq.example"}


def test_batch_rows_are_written_out_when_sent(issued_plan, smtp_server):
    with time_machine.travel(MOMENT, tick=False):
        sweep.reminders_sweep()
        pending = Email.objects.filter(kind="reminder").first()
        assert pending.body_text == "" and pending.context["committee_name"]
        emails_send_due()
    pending.refresh_from_db()
    assert pending.state == "sent" and pending.context == {}
    assert pending.committee.name in pending.body_text and pending.subject
    message = next(m for m in smtp_server.messages if m.rcpt_tos[0] == pending.to)
    assert message.subject.strip() == pending.subject


def test_email_queue_many_skips_known_keys_and_publishes_one_task(db, django_capture_on_commit_callbacks):
    items = [Outgoing(key=f"k{i}", to=f"a{i}@x.vn", template="reminder", context={"title": "T"}) for i in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert set(email_queue_many(items)) == {"k0", "k1", "k2"}
        assert email_queue_many(items) == {}
    assert len(callbacks) == 1 and Email.objects.count() == 3


def test_a_run_sends_at_most_the_rate(issued_plan, smtp_server, settings):
    settings.EMAIL_RATE_PER_MINUTE = 4
    with time_machine.travel(MOMENT, tick=False):
        sweep.reminders_sweep()
        total = Email.objects.count()
        assert emails_send_due() == 4
        assert Email.objects.filter(state="sent").count() == 4
        while emails_send_due():
            pass
    assert Email.objects.filter(state="sent").count() == total == len(smtp_server.messages)
