"""Deadline reminders: the schedule of a scope (ReminderRule), each reminder sent (Reminder) and each
daily digest (Digest). Their emails are outbox.Email rows, linked from here (`emails`)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from outbox.models import Email


# --- Deadline reminders ---------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One point of a reminder schedule: `name` is stable ("before-7d", "day-of", "overdue-1")."""

    name: str
    at: datetime
    until: datetime  # the step is only sent before this moment (the next step takes over)

    @property
    def label(self) -> str:
        return step_label(self.name)


def step_label(name: str) -> str:
    """The Vietnamese name of a step, for the outbox and the command's output."""
    if name == "day-of":
        return str(_("Sáng ngày hết hạn"))
    if name.startswith("before-"):
        return str(_("Trước hạn %(n)s ngày")) % {"n": name.removeprefix("before-").removesuffix("d")}
    if name.startswith("overdue-"):
        return str(_("Quá hạn (lần %(n)s)")) % {"n": name.removeprefix("overdue-")}
    if name.startswith("manual-"):
        return str(_("Nhắc ngay"))
    return name


def parse_days(value: str) -> list[int]:
    """'7, 3,1' -> [7, 3, 1] (largest first, no duplicates); ValueError on anything else."""
    days = sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()}, reverse=True)
    if any(d < 1 or d > 90 for d in days):
        raise ValueError(value)
    return days


class ReminderRule(models.Model):
    """When the committees of one scope (e.g. "plan:12") are reminded. Without a row, the defaults apply."""

    scope_key = models.CharField(max_length=100, unique=True)
    days_before = models.CharField(
        _("nhắc trước hạn (số ngày)"),
        max_length=50,
        default="7,3,1",
        blank=True,
        help_text=_("Các số ngày cách nhau bởi dấu phẩy, ví dụ: 7,3,1"),
    )
    on_the_day = models.BooleanField(_("nhắc vào sáng ngày hết hạn"), default=True)
    send_time = models.TimeField(_("giờ gửi"), default=time(7, 30))
    overdue_notices = models.PositiveSmallIntegerField(
        _("số lần nhắc khi quá hạn"), default=3, help_text=_("0: không nhắc khi đã quá hạn")
    )
    overdue_every_days = models.PositiveSmallIntegerField(_("nhắc quá hạn cách nhau (ngày)"), default=3)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lịch nhắc hạn")
        verbose_name_plural = _("lịch nhắc hạn")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overdue_every_days__gte=1, overdue_every_days__lte=60),
                name="reminder_rule_overdue_every_days_range",
            ),
            models.CheckConstraint(
                condition=models.Q(overdue_notices__lte=20), name="reminder_rule_overdue_notices_max"
            ),
        ]

    def __str__(self) -> str:
        return self.scope_key

    def clean(self):
        try:
            parse_days(self.days_before)
        except ValueError:
            raise ValidationError(
                {"days_before": _("Nhập các số ngày từ 1 đến 90, cách nhau bởi dấu phẩy, ví dụ: 7,3,1")}
            ) from None
        if not 1 <= self.overdue_every_days <= 60:
            raise ValidationError({"overdue_every_days": _("Nhập một số từ 1 đến 60.")})
        if self.overdue_notices > 20:
            raise ValidationError({"overdue_notices": _("Nhiều nhất 20 lần.")})

    @classmethod
    def for_scopes(cls, scope_keys) -> dict[str, "ReminderRule"]:
        """The rule of each scope; a default (unsaved) rule where none was set."""
        found = {r.scope_key: r for r in cls.objects.filter(scope_key__in=set(scope_keys))}
        return {key: found.get(key) or cls(scope_key=key) for key in scope_keys}

    def _at(self, day) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.send_time))

    def steps(self, deadline: datetime) -> list[Step]:
        """The schedule for one deadline, in time order, each step with the end of its window.
        Kept per deadline and rule values: a sweep asks it for thousands of duties sharing a deadline."""
        key = (deadline, self.days_before, self.on_the_day, self.send_time, self.overdue_notices, self.overdue_every_days)
        cache = self.__dict__.setdefault("_steps_cache", {})
        if key not in cache:
            cache[key] = self._steps(deadline)
        return cache[key]

    def _steps(self, deadline: datetime) -> list[Step]:
        local_deadline = timezone.localtime(deadline)
        points: list[tuple[str, datetime]] = []
        for days in parse_days(self.days_before):
            at = self._at(local_deadline.date() - timedelta(days=days))
            if at < deadline:
                points.append((f"before-{days}d", at))
        if self.on_the_day and self._at(local_deadline.date()) < deadline:
            points.append(("day-of", self._at(local_deadline.date())))
        first_overdue = self._at(local_deadline.date())
        if first_overdue <= deadline:
            first_overdue = self._at(local_deadline.date() + timedelta(days=1))
        for n in range(self.overdue_notices):
            points.append((f"overdue-{n + 1}", first_overdue + timedelta(days=n * self.overdue_every_days)))
        points.sort(key=lambda p: p[1])
        steps = []
        for i, (name, at) in enumerate(points):
            until = points[i + 1][1] if i + 1 < len(points) else at + timedelta(days=max(self.overdue_every_days, 1))
            steps.append(Step(name=name, at=at, until=until))
        return steps

    def current_step(self, deadline: datetime, now: datetime) -> Step | None:
        """The step whose window contains `now`: only the latest one is sent, never a backlog."""
        for step in self.steps(deadline):
            if step.at <= now < step.until:
                return step
        return None

    def is_chasing(self, deadline: datetime, now: datetime) -> bool:
        """True from the first step until the last step's window ends: what the digest lists."""
        steps = self.steps(deadline)
        if not steps:
            return deadline <= now
        return steps[0].at <= now < steps[-1].until


class Reminder(models.Model):
    """One reminder of one open duty at one step of its schedule: recorded before any email goes.

    The unique (duty_key, step) makes a step go out once, whatever the deadline does afterwards
    and however many sweeps overlap. A click on "remind now" is a step of its own ("manual-<token>")."""

    duty_key = models.CharField(max_length=200)
    step = models.CharField(_("lượt nhắc"), max_length=60)
    scope_key = models.CharField(max_length=100, db_index=True)
    scope_label = models.CharField(_("kế hoạch"), max_length=600)
    title = models.CharField(_("nội dung phải nộp"), max_length=300)
    committee = models.ForeignKey(
        Committee, verbose_name=_("đơn vị được nhắc"), null=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    standing_committee = models.ForeignKey(
        Committee, null=True, on_delete=models.SET_NULL, related_name="reminders_issued"
    )
    deadline = models.DateTimeField(_("hạn"))
    recipients = models.TextField(_("người nhận"), blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The emails queued for this reminder, one per recipient (for the outbox page). related_name
    # "+": the outbox app below knows nothing of reminders.
    emails = models.ManyToManyField(Email, blank=True, related_name="+")

    class Meta:
        verbose_name = _("lượt nhắc hạn")
        verbose_name_plural = _("lượt nhắc hạn")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["duty_key", "step"], name="reminder_once_per_duty_step")]
        indexes = [models.Index(fields=["standing_committee", "created_at"])]

    def __str__(self) -> str:
        return f"{self.duty_key} {self.step}"

    @property
    def recipient_list(self) -> list[str]:
        return [r for r in self.recipients.split(",") if r]

    @property
    def step_label(self) -> str:
        return step_label(self.step)


class Digest(models.Model):
    """The daily digest of one standing committee: at most one per local date."""

    standing_committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="digests")
    local_date = models.DateField(_("ngày"))
    recipients = models.TextField(_("người nhận"), blank=True)
    missing_count = models.PositiveIntegerField(default=0)
    overdue_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    emails = models.ManyToManyField(Email, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bản tổng hợp nhắc hạn")
        verbose_name_plural = _("bản tổng hợp nhắc hạn")
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["standing_committee", "local_date"], name="digest_once_per_committee_day")
        ]

    def __str__(self) -> str:
        return f"{self.standing_committee_id} {self.local_date:%d/%m/%Y}"
