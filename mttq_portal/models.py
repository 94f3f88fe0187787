from django.db import models


class Heartbeat(models.Model):
    """Written by the `mttq_portal.ping` task: proof that a worker took a task from the broker."""

    token = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(auto_now=True)
