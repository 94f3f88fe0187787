"""The chain of approvals: a Case (one unit's dossier) passes Steps (levels, in order); each Item
(document) of the dossier is approved or returned at each step by a Decision, usually after a
Meeting whose date, conclusions and minutes are recorded.

Facts only are stored (when the dossier was sent, when it reached a step, each decision with the
version it was about, when the case was locked); every status (missing, submitted, returned,
approved; the step a case waits on and since when) is derived in approvals/selectors.py.
The app knows nothing of its owners: a case is found by `owner_key` ("congress:12") and links
back to the owner's pages through the stored `link` strings."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

User = settings.AUTH_USER_MODEL


class Case(models.Model):
    """One dossier of one unit (the subject) going up a chain of approval steps."""

    subject = models.ForeignKey(
        Committee, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="approval_cases"
    )
    title = models.CharField(_("tên hồ sơ"), max_length=500)
    owner_key = models.CharField(_("mã chủ hồ sơ"), max_length=100, unique=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    submit_deadline = models.DateTimeField(_("hạn đơn vị gửi hồ sơ"), null=True, blank=True)
    approve_deadline = models.DateTimeField(_("hạn phê duyệt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    locked_at = models.DateTimeField(_("phê duyệt xong lúc"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hồ sơ phê duyệt")
        verbose_name_plural = _("hồ sơ phê duyệt")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True) | Q(sent_at__isnull=False), name="approvals_case_locked_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(submit_deadline__isnull=True)
                | Q(approve_deadline__isnull=True)
                | Q(approve_deadline__gte=models.F("submit_deadline")),
                name="approvals_case_approve_after_submit",
                violation_error_message=_("Hạn phê duyệt phải sau hạn đơn vị gửi hồ sơ."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def sent_late(self) -> bool:
        return bool(self.sent_at and self.submit_deadline and self.sent_at > self.submit_deadline)


class Step(models.Model):
    """One level of the chain. With a committee: that committee's standing committee decides.
    Without one: a level outside the Front (the Party committee), whose decision the subject
    unit records itself, with the meeting's evidence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    label = models.CharField(_("cấp phê duyệt"), max_length=200)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("ủy ban phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_steps",
    )
    reached_at = models.DateTimeField(_("nhận hồ sơ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cấp phê duyệt")
        verbose_name_plural = _("cấp phê duyệt")
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="approvals_step_position")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_outside(self) -> bool:
        return self.committee_id is None


class Item(models.Model):
    """One document of the dossier. `version` counts the unit's submissions (0: never submitted);
    `link` is where the owner shows its current version."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("mã tài liệu"), max_length=50)
    label = models.CharField(_("tài liệu"), max_length=300)
    required = models.BooleanField(_("bắt buộc"), default=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["case", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="approvals_item_key"),
            models.CheckConstraint(
                condition=Q(version=0) | Q(submitted_at__isnull=False), name="approvals_item_submitted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_submitted(self) -> bool:
        return self.version > 0


def minutes_path(instance, filename):
    # Generated names only: the original name is kept in the row, never on disk.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"approvals/{instance.case_id}/{uuid.uuid4().hex}.{extension}"


class Meeting(models.Model):
    """The meeting at which a level examined the dossier: its date, conclusions and minutes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("ngày họp"))
    conclusions = models.TextField(_("kết luận của cuộc họp"))
    minutes = models.FileField(_("biên bản"), upload_to=minutes_path, blank=True, max_length=200)
    minutes_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cuộc họp xét duyệt")
        verbose_name_plural = _("cuộc họp xét duyệt")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.step} – {self.held_on:%d/%m/%Y}"


class Decision(models.Model):
    """A level's decision on one version of one document. Rows are never changed: the latest row
    of an (item, step) pair is that level's current decision."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Thông qua")
        RETURNED = "returned", _("Trả lại")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="decisions")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("quyết định"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    item_version = models.PositiveIntegerField(_("phiên bản tài liệu"))

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["pk"]
        indexes = [models.Index(fields=["item", "step", "item_version"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="returned") | ~Q(comment=""), name="approvals_return_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.step}: {self.get_outcome_display()}"
