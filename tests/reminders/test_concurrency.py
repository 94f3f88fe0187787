"""Two sweeps at the same moment, as two threads against PostgreSQL: no duplicate Reminder or
Email row, and no duplicate message at the SMTP server."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from outbox.models import Email
from outbox.services import emails_send_due
from reminders.models import Digest, Reminder
from reminders.sweep import reminders_sweep
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """The send tasks queued on commit are dropped: the threads send with emails_send_due()."""
    from outbox import tasks

    monkeypatch.setattr(tasks.send_email, "delay", lambda email_id: None)


def run_together(target, n=2):
    barrier = threading.Barrier(n)
    errors = []

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.mark.parametrize("moment", [local_dt(2022, 6, 7, 7, 30), local_dt(2022, 6, 15, 7, 45)])
def test_two_sweeps_at_the_same_moment_send_each_reminder_once(issued_plan, smtp_server, moment):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...): SQLite serialises all writers")

    def sweep_and_send():
        reminders_sweep(now=moment)
        emails_send_due()

    run_together(sweep_and_send, n=4)
    assert Reminder.objects.count() == 3
    assert Digest.objects.count() == 1
    assert Email.objects.count() == 9 and set(Email.objects.values_list("state", flat=True)) == {"sent"}
    arrived = Counter(m.rcpt_tos[0] for m in smtp_server.messages)
    assert len(arrived) == 9 and set(arrived.values()) == {1}


def test_two_remind_now_clicks_at_the_same_moment_send_one_round(issued_plan, personas):
    """Two people (or two tabs) press "remind now" for the same plan together, each with its own
    click token: one round of reminders goes out, the other click is refused by the 60 minutes rule."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...): SQLite serialises all writers")
    from reminders.sweep import reminders_remind_now

    results = []
    tokens = iter(["c" * 32, "d" * 32, "e" * 32, "f" * 32])
    lock = threading.Lock()

    def click():
        with lock:
            token = next(tokens)
        results.append(reminders_remind_now(scope_key=f"plan:{issued_plan.plan.pk}", token=token, by=personas.reviewer))

    run_together(click, n=4)
    assert sorted(r.created for r in results) == [0, 0, 0, 3]
    assert sum(r.refused for r in results) == 3
    assert Reminder.objects.count() == 3 and len(set(Reminder.objects.values_list("step", flat=True))) == 1
    assert Email.objects.count() == Email.objects.values("to").distinct().count()
