import contextlib
import logging
import os
import socket

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")

app = Celery("mttq_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)


@app.task(name="mttq_portal.ping")
def ping(token: str) -> str:
    """A health check: the integration test sends it through the real broker."""
    from mttq_portal.models import Heartbeat

    Heartbeat.objects.update_or_create(token=token)
    return token


class AnotherBeatIsRunning(RuntimeError):
    pass


class OneBeatScheduler(PersistentScheduler):
    """Celery beat's own scheduler, refusing to run beside another beat of the same portal.

    Two beats would publish every periodic task twice (celery#2856). The tasks are safe to run twice
    (each claims its rows with a conditional UPDATE), but a second beat still doubles the email rate
    per minute; so with a Redis broker the beat holds a lock in Redis ("mttq:beat:<queue>", renewed at
    every tick, LOCK_SECONDS without renewal frees it) and a second beat stops at start with a clear
    error. A standby beat restarted by its supervisor (systemd Restart=always) takes over within
    LOCK_SECONDS of the first one's death. The filesystem broker is one machine: no lock."""

    LOCK_SECONDS = 180

    def setup_schedule(self):
        self._lock = beat_lock(self.app, self.LOCK_SECONDS)
        token = self._token = f"{socket.gethostname()}:{os.getpid()}"
        if self._lock is not None and not self._lock.acquire(blocking=False, token=token):
            holder = self._lock.redis.get(self._lock.name)
            raise AnotherBeatIsRunning(
                f"another celery beat of this portal is running (lock {self._lock.name} held by "
                f"{holder.decode() if holder else '?'}): run exactly one beat; this one stops"
            )
        super().setup_schedule()

    def tick(self, *args, **kwargs):
        if self._lock is not None:
            from redis.exceptions import RedisError

            try:
                renew_beat_lock(self._lock, self._token)
            except RedisError as exc:  # Redis is away: nothing can be published either; try again next tick
                logger.warning("could not renew the beat lock %s: %s", self._lock.name, exc)
        return super().tick(*args, **kwargs)

    def close(self):
        super().close()
        if self._lock is not None:
            from redis.exceptions import RedisError

            with contextlib.suppress(RedisError):
                self._lock.release()


def renew_beat_lock(lock, token: str) -> None:
    """Renew the beat's lock at a tick. A lock that is gone (Redis restarted empty, or it expired
    while Redis was away) is taken again, so a broker restart never stops the one beat; a lock held
    by another beat raises AnotherBeatIsRunning (this one stops). RedisError: Redis is away."""
    from redis.exceptions import LockError

    try:
        lock.reacquire()
    except LockError:
        if lock.acquire(blocking=False, token=token):
            logger.warning("the beat lock %s was gone (Redis restarted?): taken again", lock.name)
            return
        raise AnotherBeatIsRunning(f"lost the beat lock {lock.name}: another beat took over") from None


def beat_lock(app, seconds: int):
    """The Redis lock of the portal's beat, or None when the broker is not Redis."""
    url = app.conf.broker_url or ""
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    return client.lock(f"mttq:beat:{app.conf.task_default_queue}", timeout=seconds, thread_local=False)
