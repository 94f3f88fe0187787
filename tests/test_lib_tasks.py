"""lib.tasks: the one way to publish a task; a broker that does not answer is logged, not raised."""

import logging

import pytest
from celery import Celery

from lib.tasks import enqueue, enqueue_on_commit


@pytest.fixture
def unreachable_app(monkeypatch):
    """A Celery app whose broker is a closed port (Redis down)."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to the app's own broker
    app = Celery("broker-down-test", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_timeout = 0.5
    app.conf.broker_connection_retry = False
    app.conf.task_publish_retry = False

    @app.task(name="test.noop")
    def noop(x):
        return x

    yield noop
    app.close()


def test_enqueue_logs_and_swallows_a_broker_that_refuses(unreachable_app, caplog):
    with caplog.at_level(logging.WARNING, logger="lib.tasks"):
        assert enqueue(unreachable_app, 42) is False
    assert "test.noop" in caplog.text and "not published" in caplog.text


def test_enqueue_on_commit_publishes_after_the_commit_only(db, django_capture_on_commit_callbacks):
    sent = []

    class Task:
        name = "test.record"

        def apply_async(self, args=None, **options):
            sent.append((args, options))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(Task(), 7, queue="q")
        assert sent == []
    assert len(callbacks) == 1 and sent == [([7], {"queue": "q"})]
