"""A real Celery worker, started as a separate process against the configured broker
(kombu's filesystem transport by default, Redis when CELERY_BROKER_URL says so), takes a task
and writes to the test database."""

import time
import uuid

import pytest

from tests.worker import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_real_worker_runs_a_task_from_the_broker():
    from mttq_portal.celery import ping
    from mttq_portal.models import Heartbeat

    token = uuid.uuid4().hex
    with running_worker() as queue:
        ping.apply_async(args=[token], queue=queue)
        deadline = time.time() + 60
        while time.time() < deadline and not Heartbeat.objects.filter(token=token).exists():
            time.sleep(0.3)
    assert Heartbeat.objects.filter(token=token).exists(), "the worker did not run the task within 60 s"
