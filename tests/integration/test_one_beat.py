"""Exactly one Celery beat: with Redis a second beat refuses to start while the first one runs
(mttq_portal.celery.OneBeatScheduler), and the first one frees its lock when it stops."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from tests import worker

pytestmark = pytest.mark.worker


def start_beat(env: dict, schedule) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "celery", "-A", "mttq_portal", "beat", "-l", "info", "-s", str(schedule)]
    return subprocess.Popen(
        cmd, env=env, cwd=settings.BASE_DIR, start_new_session=True, stderr=subprocess.PIPE, stdout=subprocess.PIPE
    )


def test_a_second_beat_refuses_to_start_and_the_first_frees_its_lock(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs Redis (CELERY_BROKER_URL=redis://...): the filesystem broker is one machine")
    import redis

    queue = f"test-{uuid.uuid4().hex[:12]}"
    key = f"mttq:beat:{queue}"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    env = {
        **os.environ,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": queue,
        "VAR_DIR": str(tmp_path),
    }
    first = start_beat(env, tmp_path / "first")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not client.exists(key):
            assert first.poll() is None, first.stderr.read().decode()
            time.sleep(0.2)
        assert client.exists(key), "the first beat did not take its lock within 60 s"
        second = start_beat(env, tmp_path / "second")
        try:
            _out, err = second.communicate(timeout=60)
        finally:
            if second.poll() is None:
                worker.stop(second)
        assert second.returncode != 0
        assert "another celery beat of this portal is running" in err.decode()
        assert first.poll() is None  # the first one goes on
    finally:
        worker.stop(first)
        client.delete(queue)  # what the first beat published for nobody
    assert not client.exists(key), "the stopped beat kept its lock"


def test_a_broker_restart_does_not_stop_the_beat_but_another_beat_does():
    """Found by bench/faults.py: Redis restarted empty, the lock was gone, and the one beat stopped
    ("another beat took over"), so nothing was swept any more. It takes the lock again."""
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs Redis (CELERY_BROKER_URL=redis://...): the filesystem broker is one machine")
    import redis

    from mttq_portal.celery import AnotherBeatIsRunning, renew_beat_lock

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    name = f"mttq:beat:test-{uuid.uuid4().hex[:12]}"
    lock = client.lock(name, timeout=180, thread_local=False)
    assert lock.acquire(blocking=False, token="host:1")
    try:
        renew_beat_lock(lock, "host:1")  # the usual tick
        client.delete(name)  # Redis restarted with nothing in it
        renew_beat_lock(lock, "host:1")
        assert client.get(name) == b"host:1"  # taken again, by the same beat
        client.set(name, "other:2")  # another beat holds it now
        with pytest.raises(AnotherBeatIsRunning):
            renew_beat_lock(lock, "host:1")
    finally:
        client.delete(name)
