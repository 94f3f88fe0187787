"""One log line per event, each carrying the id of what it belongs to: the request (its
X-Request-ID, set by the proxy or made here, and sent back in the response) or the Celery task
(its task id). grep the id to follow one request or one task across every machine's log."""

import contextvars
import logging
import re
import time
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_logger = logging.getLogger("mttq_portal.request")


def current_context_id() -> str:
    """The running request's id, else the running Celery task's id, else "-"."""
    rid = request_id_var.get()
    if rid:
        return rid
    from celery import current_task

    task = current_task
    if task and getattr(task.request, "id", None):
        return f"task:{task.request.id}"
    return "-"


class ContextFilter(logging.Filter):
    """Adds %(context_id)s to every record (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.context_id = current_context_id()
        return True


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID when it is a plain token (else makes one), keeps it for the
    request's log lines, answers with it, and logs one line when the request ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = rid
            request_logger.info(
                "%s %s %s %dms user=%s",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
                _user_id(request),
            )
            return response
        finally:
            request_id_var.reset(token)


def _user_id(request) -> str:
    try:
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except Exception:  # the database holding sessions is down: the line is still written
        return "?"
