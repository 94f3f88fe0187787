"""A plan (Kế hoạch) as an official document: number register, text parts, milestones,
recipients, signer, attachments, and its life: draft -> issued -> closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

from . import registry


class PlanQuerySet(models.QuerySet):
    def visible_to(self, access) -> "PlanQuerySet":
        """The plans a person may read: their standing committees' own plans always; once issued,
        also the plans of the committees below those, and the plans addressed to a committee the
        person belongs to (as the apps above plans declare in `plans.registry`)."""
        if access.is_superuser:
            return self.all()
        standing = access.standing_committees
        below = Q(pk__in=[])
        for s in standing:
            below |= Q(committee__path__startswith=s.path)
        addressed = registry.addressed_to(m.committee_id for m in access.memberships)
        return self.filter(
            Q(committee_id__in=[c.pk for c in standing]) | (~Q(state=Plan.State.DRAFT) & (below | addressed))
        ).distinct()


class Plan(models.Model):
    class Kind(models.TextChoices):
        INTERIM_REVIEW = "interim_review", _("Sơ kết")
        FINAL_REVIEW = "final_review", _("Tổng kết")
        CAMPAIGN_REVIEW = "campaign_review", _("Sơ kết, tổng kết cuộc vận động, phong trào")
        INSPECTION = "inspection", _("Kiểm tra")
        PILOT_CONGRESS = "pilot_congress", _("Đại hội điểm")
        OTHER = "other", _("Khác")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")

    committee = models.ForeignKey(
        Committee, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(_("loại kế hoạch"), max_length=30, choices=Kind.choices, default=Kind.INTERIM_REVIEW)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)

    # Number and symbol: "380/KH-MTTQ-BTT". The number comes from the committee's yearly register
    # when the plan is issued (or is typed in when an existing paper plan is recorded).
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm đăng ký số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=50, default="KH-MTTQ-BTT")
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)

    title = models.CharField(_("trích yếu"), max_length=500)
    preamble = models.TextField(_("lời mở đầu"), blank=True)
    legal_bases = models.TextField(_("căn cứ"), blank=True, help_text=_("Mỗi căn cứ một dòng"))
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    content = models.TextField(_("nội dung"), blank=True)
    organisation = models.TextField(_("tổ chức thực hiện"), blank=True)
    closing_text = models.TextField(_("đoạn kết"), blank=True)

    signer_on_behalf = models.CharField(_("thẩm quyền ký"), max_length=100, default="TM. BAN THƯỜNG TRỰC", blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)

    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                condition=Q(number__isnull=False),
                name="plan_number_unique_per_committee_year",
                violation_error_message=_("Số văn bản này đã được dùng cho một kế hoạch khác trong năm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}".strip()

    @property
    def document_number(self) -> str:
        """ "380/KH-MTTQ-BTT", "01/KH-MTTQ-BTT": numbers 1-9 with a leading zero (Decree 30/2020:
        numbering starts at 01 each year); "/KH-MTTQ-BTT" before the plan has its number."""
        return f"{self.number:02d}/{self.symbol}" if self.number else f"/{self.symbol}"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class Milestone(models.Model):
    """Tiến độ thực hiện: what each level does by when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    level_label = models.CharField(_("cấp"), max_length=100)
    description = models.TextField(_("nội dung"))
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class Recipient(models.Model):
    """Nơi nhận, with the purpose in brackets: (B/c), (T/h), (để phối hợp)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(_("nơi nhận"), max_length=300)
    purpose = models.CharField(_("mục đích"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.purpose}".strip()


class PlanAttachment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="plans/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class PlanRevision(models.Model):
    """History of an issued plan: the text before each correction."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    note = models.TextField(_("lý do điều chỉnh"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "version"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="plan_revision_unique_version")]
