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


def test_after_a_refusal_the_broker_is_left_alone_for_a_while_then_tried_again(unreachable_app, monkeypatch):
    """While the broker is down, a page queueing several emails waits for one refusal, not one each."""
    from lib import tasks

    now = [1000.0]
    monkeypatch.setattr(tasks, "_clock", lambda: now[0])
    tried = []
    real = unreachable_app.apply_async
    monkeypatch.setattr(unreachable_app, "apply_async", lambda *a, **kw: (tried.append(1), real(*a, **kw))[1])
    assert enqueue(unreachable_app, 1) is False
    assert enqueue(unreachable_app, 2) is False and enqueue(unreachable_app, 3) is False
    assert len(tried) == 1  # the two later ones were not tried
    now[0] += tasks.BROKER_PAUSE_S + 1
    assert enqueue(unreachable_app, 4) is False
    assert len(tried) == 2  # tried again once the pause is over


def test_a_refusing_broker_does_not_pause_another_one(unreachable_app, db):
    """The pause is per broker: a test app's dead broker does not stop the project's publishes."""
    from lib import tasks

    published = []

    class Task:
        name = "test.other"
        app = type("App", (), {"conf": type("Conf", (), {"broker_url": "memory://other"})()})()

        def apply_async(self, args=None, **options):
            published.append(args)

    assert enqueue(unreachable_app, 1) is False
    assert enqueue(Task(), 5) is True and published == [[5]]
    assert list(tasks._paused_until) == ["redis://127.0.0.1:1/0"]
