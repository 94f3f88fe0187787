"""Outgoing email, recorded before it is sent.

Every email is a row first (one row per recipient, with a unique key saying what it is for), then
a send. The row says pending, sending, sent or failed, so nothing is lost and nothing is sent twice:
a second enqueue with the same key is a no-op, and a send is claimed with a conditional UPDATE.

The table keeps its first name, ``reminders_email``: the model moved here from the reminders app
without copying a row (see migrations/0001_initial.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee


class EmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending rows whose time has come, and rows stuck in 'sending' by a worker that died."""
        now = now or timezone.now()
        return self.filter(
            models.Q(state=Email.State.PENDING, next_attempt_at__lte=now)
            | models.Q(state=Email.State.SENDING, claimed_at__lt=now - Email.claim_timeout())
        )


class Email(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        NOT_SENT = "not_sent", _("Không gửi (dữ liệu mẫu)")  # recorded by load_demo, never sent

    # A row claimed for sending ('sending') by a worker that then died is claimed again after
    # claim_timeout(): CLAIM_TIMEOUT, but never less than a send can last while its worker is alive
    # (a connection and a few SMTP exchanges, each bounded by settings.EMAIL_TIMEOUT, plus a margin),
    # so a slow but living send is never taken over and sent twice.
    CLAIM_TIMEOUT = timedelta(minutes=2)
    SMTP_EXCHANGES = 3
    CLAIM_MARGIN = timedelta(minutes=1)
    MAX_ATTEMPTS = 5

    key = models.CharField(
        max_length=255, unique=True, help_text="What this email is for; the same key is never sent twice."
    )
    kind = models.CharField(_("loại thư"), max_length=50)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails_received"
    )
    to = models.EmailField(_("người nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # A row queued in a batch (services.email_queue_many) keeps the data of its templates here and is
    # written out (subject, bodies) by the worker just before it is sent; emptied then.
    context = models.JSONField(default=dict, blank=True, editable=False)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        db_table = "reminders_email"
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @classmethod
    def claim_timeout(cls) -> timedelta:
        smtp_timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 60  # settings always sets one
        return max(cls.CLAIM_TIMEOUT, cls.SMTP_EXCHANGES * timedelta(seconds=smtp_timeout) + cls.CLAIM_MARGIN)
