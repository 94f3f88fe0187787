"""Two sweeps at the same moment, as two threads against PostgreSQL: no duplicate Reminder or
Email row, and no duplicate message at the SMTP server."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from reminders.models import Digest, Email, Reminder
from reminders.services import emails_send_due
from reminders.sweep import reminders_sweep
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db(transaction=True)


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
        reminders_sweep(now=moment, dispatch=False)
        emails_send_due()

    run_together(sweep_and_send, n=4)
    assert Reminder.objects.count() == 3
    assert Digest.objects.count() == 1
    assert Email.objects.count() == 9 and set(Email.objects.values_list("state", flat=True)) == {"sent"}
    arrived = Counter(m.rcpt_tos[0] for m in smtp_server.messages)
    assert len(arrived) == 9 and set(arrived.values()) == {1}
