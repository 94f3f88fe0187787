"""The operations page for the portal's administrators (/quan-tri/van-hanh/, inside the admin's
networks): how many tasks wait in each Celery queue, and the work that failed, from the portal's
own rows (emails that could not be sent, consolidation builds that failed)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from committees.access import get_access
from mttq_portal.celery import app
from outbox.models import Email
from reports.models import ConsolidationBuild

logger = logging.getLogger(__name__)
RECENT = 50


@dataclass
class QueueDepth:
    name: str
    waiting: int | None  # None: the broker did not answer
    error: str = ""


def queue_names() -> list[str]:
    names = [settings.CELERY_TASK_DEFAULT_QUEUE, getattr(settings, "CONSOLIDATION_QUEUE", None)]
    return list(dict.fromkeys(n for n in names if n))


def queue_depths() -> tuple[list[QueueDepth], int | None]:
    """Messages waiting in each queue (Redis: LLEN of the queue's lists, through kombu), and with
    Redis the messages taken by workers and not yet finished (the 'unacked' hash)."""
    depths, taken = [], None
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
            channel = conn.default_channel
            for name in queue_names():
                try:
                    depths.append(QueueDepth(name, channel.queue_declare(name, passive=True).message_count))
                except Exception:  # a queue nobody has published to yet: no list in Redis
                    depths.append(QueueDepth(name, 0))
            client = getattr(channel, "client", None)
            if client is not None and hasattr(channel, "unacked_key"):
                taken = client.hlen(channel.unacked_key)
    except Exception as exc:
        logger.warning("operations page: the broker did not answer: %s", exc)
        return [QueueDepth(name, None, f"{type(exc).__name__}: {exc}") for name in queue_names()], None
    return depths, taken


def failed_emails():
    return Email.objects.filter(state=Email.State.FAILED).order_by("-created_at", "-pk")


def failed_builds():
    return ConsolidationBuild.objects.filter(state=ConsolidationBuild.State.FAILED).select_related(
        "duty", "duty__plan__committee"
    )


@never_cache
@login_required
def operations(request):
    if not get_access(request.user).can_see_operations:
        raise Http404
    depths, taken = queue_depths()
    emails, builds = failed_emails(), failed_builds()
    return render(
        request,
        "mttq_portal/operations.html",
        {
            "depths": depths,
            "taken": taken,
            "pending_emails": Email.objects.due().count(),
            "failed_email_count": emails.count(),
            "failed_emails": emails[:RECENT],
            "failed_build_count": builds.count(),
            "failed_builds": builds.order_by("-finished_at", "-pk")[:RECENT],
            "broker": settings.CELERY_BROKER_URL.split("://", 1)[0],
        },
    )
