import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")

app = Celery("mttq_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="mttq_portal.ping")
def ping(token: str) -> str:
    """A health check: the integration test sends it through the real broker."""
    from mttq_portal.models import Heartbeat

    Heartbeat.objects.update_or_create(token=token)
    return token
