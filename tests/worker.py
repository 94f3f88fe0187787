"""Start a real Celery worker process for a test, against the test database and the configured broker."""

import contextlib
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection


def test_database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@contextlib.contextmanager
def running_worker(extra_env: dict | None = None, concurrency: int = 1, queue: str | None = None, name: str = ""):
    """Yields the name of a private queue the worker consumes, so no other worker takes the test's tasks
    (`queue`: one several workers share; `name` tells those workers apart)."""
    queue = queue or f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **(extra_env or {}),
    }
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mttq_portal",
        "worker",
        "-Q",
        queue,
        "-c",
        str(concurrency),
        "-l",
        "warning",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"{queue}{name}@%h",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=settings.BASE_DIR, start_new_session=True)
    try:
        yield queue
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop a process started with start_new_session=True, and its children: TERM, then KILL after 15 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
