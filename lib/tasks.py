"""The one way the project hands work to Celery: `enqueue_on_commit(task, *args)`.

The message is published after the caller's transaction commits (so a worker never sees rows that
are not there yet), and a broker that does not answer (Redis down, kombu OperationalError, a
timeout, a full disk under the filesystem transport) is logged, never raised: the work was recorded
in the database and the page that did it must answer normally. Every task of the project is
therefore backed by a periodic task that finds the rows whose message never arrived (pending
emails: `outbox.send_due_emails`; queued or abandoned consolidation builds:
`reports.sweep_consolidations`), so what was not published runs when the broker is back."""

import logging
import time

from django.db import transaction

logger = logging.getLogger(__name__)

# After the broker refused a publish, this process does not try that broker again for this long: a
# page that queues four emails would otherwise wait for four refusals (about 0.6 s each, Celery's
# own publish retries included) while the broker is down. Nothing is lost: the work is in the
# database and the periodic sweeps publish it once the broker is back.
BROKER_PAUSE_S = 30.0
_paused_until: dict[str, float] = {}  # broker URL -> _clock() value
_clock = time.time  # wall time, so that tests travelling in time (time_machine) leave the pause behind


def _broker_of(task) -> str:
    app = getattr(task, "app", None)
    return str(getattr(getattr(app, "conf", None), "broker_url", "") or "")


def enqueue(task, *args, **options) -> bool:
    """Publish `task(*args)` now; `options` go to apply_async (e.g. queue=...). Returns False,
    after logging, when the broker refused or could not be reached, or refused a publish less than
    BROKER_PAUSE_S ago (then it is not tried)."""
    broker = _broker_of(task)
    if _clock() < _paused_until.get(broker, 0.0):
        logger.info("task %s%r not published: the broker refused a moment ago", task.name, tuple(args))
        return False
    try:
        task.apply_async(args=list(args), **options)
    except Exception as exc:  # kombu.exceptions.OperationalError, OSError, redis errors...
        _paused_until[broker] = _clock() + BROKER_PAUSE_S
        logger.warning(
            "task %s%r not published (%s: %s); its periodic sweep will pick the work up when the broker is back",
            task.name,
            tuple(args),
            exc.__class__.__name__,
            exc,
        )
        return False
    return True


def enqueue_on_commit(task, *args, **options) -> None:
    """`enqueue(task, *args, **options)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args, **options))
