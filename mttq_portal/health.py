"""Health checks for the load balancer.

/healthz: the process answers (no database, no broker): restart it when this fails.
/readyz: this process can serve: the database answers and has every migration applied, the broker
and the file storage answer. 200 "ok" or 503 "unavailable"; the reasons only for staff accounts
(anonymous callers and other accounts learn nothing about the inside)."""

import logging
import os

from django.conf import settings
from django.core.files.storage import storages
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)
TIMEOUT = 3  # seconds for each check that crosses the network


def check_database() -> str | None:
    """None when fine, else what is wrong (for staff and the log)."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return f"database: {type(exc).__name__}: {exc}"
    if unapplied:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in unapplied[:5])
        return f"migrations: {len(unapplied)} not applied ({names})"
    return None


def check_broker() -> str | None:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=TIMEOUT,
            transport_options={**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "socket_timeout": TIMEOUT},
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT)
            channel = conn.default_channel
            client = getattr(channel, "client", None)
            if client is not None and hasattr(client, "ping"):  # Redis: a command, not only a socket
                client.ping()
    except Exception as exc:
        return f"broker: {type(exc).__name__}: {exc}"
    return None


def check_storage() -> str | None:
    storage = storages["default"]
    try:
        if hasattr(storage, "bucket_name"):  # S3: the bucket answers to our credentials
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        else:
            os.makedirs(storage.location, exist_ok=True)
            if not os.access(storage.location, os.W_OK | os.X_OK):
                return f"storage: {storage.location} is not writable"
    except Exception as exc:
        return f"storage: {type(exc).__name__}: {exc}"
    return None


CHECKS = (check_database, check_broker, check_storage)


def _is_staff(request) -> bool:
    try:
        return bool(request.user.is_staff)
    except Exception:  # the database that holds sessions is down
        return False


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    return _plain("ok", 200)


@never_cache
def readyz(request):
    problems = [p for p in (check() for check in CHECKS) if p]
    if problems:
        logger.warning("not ready: %s", "; ".join(problems))
    status = 503 if problems else 200
    if _is_staff(request):
        return _plain("\n".join(["unavailable" if problems else "ok", *problems]), status)
    return _plain("unavailable" if problems else "ok", status)
