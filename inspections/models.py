"""An inspection round (Kiểm tra, đánh giá công tác Mặt trận): the scoring table, the bands and veto
conditions, the schedule (days, units, agenda), the team, the cross pairs, and the scores.

Facts are stored (scores typed, who typed them, when a unit submitted, what the standing committee
decided); states ("missing", "late", the provisional band and rank) are derived in `rules` and
`selectors`.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

POINTS = dict(max_digits=7, decimal_places=2)


class Round(models.Model):
    """One year's inspection of the committees below a standing committee."""

    class DeadlineRule(models.TextChoices):
        DAY_BEFORE = "day_before", _("hết ngày hôm trước (\"trước ngày 12/10\" = đến 23:59 ngày 11/10)")
        THAT_DAY = "that_day", _("hết ngày đó (\"trước ngày 12/10\" = đến 23:59 ngày 12/10)")

    class TieBreak(models.TextChoices):
        SHARED = "shared", _("đồng hạng")
        FEWER_DEDUCTIONS = "fewer_deductions", _("đơn vị ít điểm trừ hơn xếp trên; vẫn bằng thì đồng hạng")
        BASE_SCORE = "base_score", _("đơn vị có điểm chưa cộng thưởng cao hơn xếp trên; vẫn bằng thì đồng hạng")
        SELF_CLOSEST = "self_closest", _("đơn vị tự chấm sát kết quả hơn xếp trên; vẫn bằng thì đồng hạng")

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Thường trực kiểm tra"), on_delete=models.PROTECT, related_name="inspection_rounds"
    )
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("tên đợt kiểm tra"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    # "trước ngày 12/10/2023" as the plan writes it, and which reading the plan means: the deadline
    # (the last minute) is derived from both and stored, so every page shows the same minute.
    deadline_stated = models.DateField(_("hạn nộp hồ sơ ghi trong kế hoạch"), null=True, blank=True)
    deadline_rule = models.CharField(
        _("cách hiểu hạn nộp"), max_length=20, choices=DeadlineRule.choices, default=DeadlineRule.DAY_BEFORE
    )
    evidence_deadline = models.DateTimeField(_("hạn cuối nộp hồ sơ"), null=True, blank=True)
    diff_threshold = models.DecimalField(
        _("mức chênh lệch cần chú ý (điểm)"), default=Decimal("2"), validators=[MinValueValidator(0)], **POINTS
    )
    tie_break = models.CharField(_("quy tắc xếp hạng khi bằng điểm"), max_length=30, choices=TieBreak.choices, default=TieBreak.FEWER_DEDUCTIONS)
    top_band_cap_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ tối đa của loại cao nhất (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Để trống nếu không giới hạn."),
    )
    example_label = models.CharField(
        _("ghi chú minh họa"), max_length=300, blank=True, help_text=_("Ví dụ: bảng điểm minh họa, không phải bảng điểm thật.")
    )
    signer_name = models.CharField(_("người ký kết luận"), max_length=100, blank=True)
    decided_at = models.DateTimeField(_("Ban Thường trực quyết định xếp loại lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def deadline_passed(self, now: datetime.datetime | None = None) -> bool:
        # the deadline is stored as 23:59:59 of its last minute: 23:59:59.5 is still on time
        return self.evidence_deadline is not None and (now or timezone.now()).replace(microsecond=0) > self.evidence_deadline

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class ScoreGroup(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("số thứ tự"), max_length=10, blank=True, help_text=_("Ví dụ: I, II"))
    title = models.CharField(_("nhóm tiêu chí"), max_length=500)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}" if self.label else self.title


class Criterion(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Tiêu chí chấm điểm")
        BONUS = "bonus", _("Điểm thưởng")
        DEDUCTION = "deduction", _("Điểm trừ")

    group = models.ForeignKey(ScoreGroup, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("số thứ tự"), max_length=10, blank=True)
    title = models.CharField(_("nội dung"), max_length=1000)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    max_points = models.DecimalField(
        _("điểm tối đa"),
        help_text=_("Với điểm thưởng, điểm trừ: mức tối đa của dòng này."),
        validators=[MinValueValidator(Decimal("0.01"))],
        **POINTS,
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("bắt buộc có minh chứng"), default=False)

    class Meta:
        ordering = ["group__position", "group_id", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_points_positive")]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    @property
    def code(self) -> str:
        """How people name the criterion in a message: "I.2"."""
        return ".".join(part for part in (self.group.label, self.label) if part) or self.title[:40]


class Band(models.Model):
    """A classification band: from `min_score` up (the highest band a score reaches)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bands")
    position = models.PositiveSmallIntegerField(default=0, help_text=_("0 là loại cao nhất"))
    label = models.CharField(_("loại"), max_length=100)
    min_score = models.DecimalField(_("từ (điểm)"), validators=[MinValueValidator(0)], **POINTS)
    strong = models.BooleanField(_("tính là vững mạnh trở lên"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class VetoCondition(models.Model):
    """A condition that forces the lowest band, or caps the band, whatever the score."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="vetoes")
    label = models.CharField(_("điều kiện"), max_length=300)
    cap_band = models.ForeignKey(
        Band,
        verbose_name=_("cao nhất chỉ được"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: xếp loại thấp nhất."),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class InspectionDay(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    morning_start = models.TimeField(_("buổi sáng từ"), default=datetime.time(7, 30))
    morning_end = models.TimeField(_("buổi sáng đến"), default=datetime.time(11, 0))
    afternoon_start = models.TimeField(_("buổi chiều từ"), default=datetime.time(14, 0))
    afternoon_end = models.TimeField(_("buổi chiều đến"), default=datetime.time(17, 0))

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "date"], name="inspection_day_unique_date"),
            models.CheckConstraint(condition=Q(morning_start__lt=models.F("morning_end")), name="inspection_day_morning_order"),
            models.CheckConstraint(
                condition=Q(afternoon_start__lt=models.F("afternoon_end")), name="inspection_day_afternoon_order"
            ),
        ]

    def __str__(self) -> str:
        return self.date.strftime("%d/%m/%Y")

    def opens_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.morning_start))

    def closes_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.afternoon_end))

    def session_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at() <= now <= self.closes_at()


class AgendaItem(models.Model):
    """A timed item of a day's agenda; rows without a day are the round's template."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agenda_items")
    day = models.ForeignKey(InspectionDay, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    start = models.TimeField(_("từ"))
    end = models.TimeField(_("đến"), null=True, blank=True)
    title = models.CharField(_("nội dung"), max_length=500)
    minutes_per_unit = models.PositiveSmallIntegerField(
        _("phút mỗi đơn vị"), null=True, blank=True, help_text=_("Ví dụ: mỗi đơn vị báo cáo không quá 10 phút.")
    )

    class Meta:
        ordering = ["day_id", "position", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__lt=models.F("end")), name="agenda_item_order")
        ]


class Unit(models.Model):
    """A committee inspected in the round, on one day; its dossier and its cross target."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="units")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    day = models.ForeignKey(InspectionDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="units")
    position = models.PositiveSmallIntegerField(default=0)
    cross_target = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="cross_inspector", verbose_name=_("kiểm tra chéo đơn vị")
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Báo cáo thuyết minh bảng điểm
    report_results = models.TextField(_("kết quả nổi bật"), blank=True)
    report_models = models.TextField(_("mô hình mới, cách làm hiệu quả"), blank=True)
    report_difficulties = models.TextField(_("khó khăn, hạn chế"), blank=True)
    report_proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    team_comment = models.TextField(_("nhận xét chung của tổ kiểm tra"), blank=True)
    vetoes = models.ManyToManyField(VetoCondition, blank=True, related_name="units", verbose_name=_("điều kiện không xét"))
    veto_note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # What the standing committee decided (a fact, copied when it decides)
    decided_score = models.DecimalField(null=True, blank=True, **POINTS)
    decided_band = models.CharField(max_length=100, blank=True)
    decided_strong = models.BooleanField(default=False)
    decided_rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["day__date", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "committee"], name="inspection_unit_unique")]

    def __str__(self) -> str:
        return self.committee.name

    @property
    def name(self) -> str:
        """As the plan names it: "Phường An Phú" for "Ủy ban MTTQ Việt Nam phường An Phú"."""
        if self.committee.short_name:
            return self.committee.short_name
        name = self.committee.name
        for prefix in ("Ủy ban MTTQ Việt Nam ", "Ủy ban MTTQ ", "UBMTTQ "):
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix):]
                return name[0].upper() + name[1:]
        return name


class TeamMember(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("nhiệm vụ trong tổ"), max_length=100, blank=True)
    days = models.ManyToManyField(InspectionDay, blank=True, related_name="team", verbose_name=_("các ngày"))

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="inspection_team_unique")]


class Score(models.Model):
    """One score of one criterion of one unit, by one source."""

    class Source(models.TextChoices):
        SELF = "self", _("Tự chấm")
        CROSS = "cross", _("Chấm chéo")
        TEAM = "team", _("Tổ kiểm tra")
        FINAL = "final", _("Điều chỉnh cuối")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    source = models.CharField(max_length=10, choices=Source.choices)
    points = models.DecimalField(null=True, blank=True, validators=[MinValueValidator(0)], **POINTS)
    note = models.TextField(_("thuyết minh / nhận xét"), blank=True)
    strengths = models.TextField(_("ưu điểm"), blank=True)
    weaknesses = models.TextField(_("khuyết điểm"), blank=True)
    by_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "criterion", "source"], name="inspection_score_unique"),
            models.CheckConstraint(condition=Q(points__isnull=True) | Q(points__gte=0), name="inspection_score_not_negative"),
        ]


class ScoreChange(models.Model):
    """Who changed a final score, from what to what, and why (reconciliation audit)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="changes")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    old_points = models.DecimalField(null=True, blank=True, **POINTS)
    new_points = models.DecimalField(**POINTS)
    reason = models.TextField(_("lý do"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]


def evidence_path(instance, filename):
    return f"inspections/{instance.unit.round_id}/{instance.unit_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.criterion_id}{_ext(filename)}"


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower()[:10] if dot >= 0 else ""


class Evidence(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion_id", "uploaded_at", "pk"]
