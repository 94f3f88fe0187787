"""Congress rounds (per term, configurable), pilot selection, the congress of a unit, its personnel
short list, its programme and attendees, and what is recorded after it.

Facts are stored; stages, shares and lateness are derived (congresses.selectors). The approval of
the dossier is a case of the approvals app (`Congress.case`); the dossier's files live here.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from lib.vnsort import fold_name


class Round(models.Model):
    """One round of congresses for one term, as one standing committee (a province) runs it. The
    rules change between rounds (104/HD-MTTW-BTT for 2024-2029, 03/HD-MTTW-BTT for 2025-2030), so
    every rule is a row of the round, never code."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("ủy ban tổ chức"), on_delete=models.PROTECT, related_name="congress_rounds"
    )
    title = models.CharField(_("tên đợt"), max_length=300)
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("đến năm"))
    guidance = models.CharField(
        _("hướng dẫn áp dụng"), max_length=300, blank=True, help_text=_("Ví dụ: Hướng dẫn số 104/HD-MTTW-BTT")
    )
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đại hội")
        verbose_name_plural = _("đợt đại hội")
        ordering = ["-term_start", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    def clean(self):
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu.")})


class RoundLevel(models.Model):
    """A level (commune, district) that holds congresses in the round, with its window, its length
    limit and what happens when a congress goes over it, and its deadlines for the dossier."""

    class OverLimit(models.TextChoices):
        REFUSE = "refuse", _("Không cho ghi")
        WARN = "warn", _("Cho ghi, có cảnh báo")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="levels")
    tier = models.CharField(_("cấp"), max_length=20, choices=Committee.Tier.choices)
    window_start = models.DateField(_("tổ chức từ ngày"))
    window_end = models.DateField(_("đến ngày"))
    max_days = models.PositiveSmallIntegerField(_("số ngày tối đa"), default=1)
    max_sessions = models.PositiveSmallIntegerField(_("số phiên tối đa"), default=2)
    over_limit = models.CharField(
        _("khi vượt giới hạn"), max_length=10, choices=OverLimit.choices, default=OverLimit.REFUSE
    )
    submit_deadline = models.DateField(_("hạn đơn vị nộp hồ sơ"), null=True, blank=True)
    approve_deadline = models.DateField(_("hạn duyệt xong hồ sơ"), null=True, blank=True)
    guests_sibling_chairs = models.BooleanField(
        _("mời Chủ tịch các đơn vị cùng cấp"),
        default=False,
        help_text=_(
            "Đại hội điểm mời Chủ tịch Ủy ban MTTQ các đơn vị còn lại cùng cấp trên địa bàn để học tập kinh nghiệm"
        ),
    )

    class Meta:
        verbose_name = _("cấp tổ chức đại hội")
        verbose_name_plural = _("cấp tổ chức đại hội")
        ordering = ["round", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["round", "tier"], name="congress_level_unique_tier"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="congress_level_window_order"
            ),
            models.CheckConstraint(condition=Q(max_days__gte=1), name="congress_level_max_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_tier_display()}"

    def clean(self):
        if self.window_start and self.window_end and self.window_end < self.window_start:
            raise ValidationError({"window_end": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})
        if self.submit_deadline and self.approve_deadline and self.approve_deadline < self.submit_deadline:
            raise ValidationError({"approve_deadline": _("Hạn duyệt phải sau hạn nộp hồ sơ.")})


class ChainStep(models.Model):
    """One level of the approval chain of a round's level, in order. `kind` says who decides:
    the Party committee of the unit's own level (outside the Front: recorded by the unit), or the
    standing committee of the unit's ancestor at district or province level."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Cấp ủy Đảng cùng cấp (đơn vị ghi nhận)")
        DISTRICT = "district", _("Ban Thường trực cấp huyện")
        PROVINCE = "province", _("Ban Thường trực cấp tỉnh")

    level = models.ForeignKey(RoundLevel, on_delete=models.CASCADE, related_name="chain")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("cấp duyệt"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("tên hiển thị"), max_length=200, blank=True)

    class Meta:
        ordering = ["level", "position"]
        constraints = [models.UniqueConstraint(fields=["level", "position"], name="congress_chain_unique_position")]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class RoundDocument(models.Model):
    """One document of the dossier as the round lists it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="documents")
    key = models.SlugField(max_length=40)
    label = models.CharField(_("tài liệu"), max_length=300)
    required = models.BooleanField(_("bắt buộc"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="congress_document_unique_key")]

    def __str__(self) -> str:
        return self.label


class Share(models.TextChoices):
    """The structure shares computed from the short list."""

    WOMEN = "women", _("Phụ nữ")
    MINORITY = "minority", _("Dân tộc thiểu số")
    RELIGIOUS = "religious", _("Có tôn giáo")
    NON_PARTY = "non_party", _("Ngoài Đảng")
    REELECTED = "reelected", _("Tái cử")
    NEW = "new", _("Tham gia lần đầu")
    UNDER_35 = "under_35", _("Dưới 35 tuổi")
    OVER_70 = "over_70", _("Từ 70 tuổi trở lên")


class RoundTarget(models.Model):
    """A structure target of the round, as a range of percentages (either end may be open)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="targets")
    share = models.CharField(_("cơ cấu"), max_length=20, choices=Share.choices)
    min_percent = models.DecimalField(_("tối thiểu (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    max_percent = models.DecimalField(_("tối đa (%)"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "share"], name="congress_target_unique_share")]

    def clean(self):
        if self.min_percent is None and self.max_percent is None:
            raise ValidationError(_("Cần ít nhất một mức (tối thiểu hoặc tối đa)."))
        for value in (self.min_percent, self.max_percent):
            if value is not None and not (0 <= value <= 100):
                raise ValidationError(_("Tỷ lệ phải từ 0 đến 100%."))
        if self.min_percent is not None and self.max_percent is not None and self.min_percent > self.max_percent:
            raise ValidationError(_("Mức tối thiểu lớn hơn mức tối đa."))


class Criterion(models.Model):
    """A pilot-selection criterion of the round; `from_inspection` fills it from the unit's latest
    inspection classification ("vững mạnh" or better) where the portal holds one."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    label = models.CharField(_("tiêu chí"), max_length=300)
    from_inspection = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="congress_criterion_unique_key")]

    def __str__(self) -> str:
        return self.label


class Candidate(models.Model):
    """A unit proposed as a pilot within its group (the district, city or province whose one pilot
    it would be)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="candidates")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "committee"], name="congress_candidate_unique")]


class Answer(models.Model):
    """A candidate's yes/no on one criterion, with its evidence. When it was filled from an
    inspection classification, the band and its link are kept; a different answer is an override and
    needs a reason."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    met = models.BooleanField(_("đạt"))
    evidence = models.TextField(_("căn cứ"), blank=True)
    inspection_band = models.CharField(max_length=200, blank=True)
    inspection_strong = models.BooleanField(null=True, blank=True)
    inspection_url = models.CharField(max_length=300, blank=True)
    override_reason = models.TextField(_("lý do khác kết quả kiểm tra"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "criterion"], name="congress_answer_unique")]

    @property
    def is_override(self) -> bool:
        return self.inspection_strong is not None and self.met != self.inspection_strong

    def clean(self):
        if self.is_override and not self.override_reason.strip():
            raise ValidationError({"override_reason": _("Kết quả khác với xếp loại kiểm tra gần nhất: cần ghi lý do.")})


class Congress(models.Model):
    """The congress of one unit in a round. A pilot carries its choice (group, reason, who, when);
    held date, length, sessions, place; after it: first meeting, recognition, delegation quota,
    results report, lessons."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="congresses")
    level = models.ForeignKey(RoundLevel, on_delete=models.PROTECT, related_name="congresses")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="congresses")
    # pilot choice (one pilot per group)
    is_pilot = models.BooleanField(default=False)
    pilot_group = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    chosen_reason = models.TextField(_("lý do chọn"), blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    # the approval dossier (approvals.Case, owner_key "congress:<pk>")
    case = models.OneToOneField(
        "approvals.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="congress"
    )
    # the congress itself
    starts_on = models.DateField(_("ngày khai mạc"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("số ngày"), default=1)
    sessions = models.PositiveSmallIntegerField(_("số phiên"), default=1)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    over_limit_note = models.CharField(max_length=300, blank=True, editable=False)
    held_recorded_at = models.DateTimeField(null=True, blank=True)
    # after the congress
    first_meeting_on = models.DateField(_("ngày hội nghị lần thứ nhất"), null=True, blank=True)
    first_meeting_notes = models.TextField(_("kết quả hội nghị lần thứ nhất"), blank=True)
    standing_members = models.TextField(
        _("Ban Thường trực được hiệp thương"), blank=True, help_text=_("Mỗi người một dòng: Họ và tên – chức danh")
    )
    recognition_requested_on = models.DateField(_("ngày đề nghị công nhận"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    recognition_number = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    delegation_quota_official = models.PositiveSmallIntegerField(
        _("số đại biểu chính thức được phân bổ"), null=True, blank=True
    )
    delegation_quota_substitute = models.PositiveSmallIntegerField(
        _("số đại biểu dự khuyết được phân bổ"), null=True, blank=True
    )
    results_reported_on = models.DateField(_("ngày gửi báo cáo kết quả"), null=True, blank=True)
    results_report = models.TextField(_("báo cáo kết quả đại hội"), blank=True)
    strengths = models.TextField(_("ưu điểm"), blank=True)
    limits = models.TextField(_("hạn chế"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    lessons_folded = models.TextField(blank=True, editable=False)
    lessons_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        constraints = [
            models.UniqueConstraint(fields=["round", "committee"], name="congress_unique_unit"),
            models.UniqueConstraint(
                fields=["round", "level", "pilot_group"],
                condition=Q(is_pilot=True),
                name="congress_one_pilot_per_group",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="congress_days_positive"),
            models.CheckConstraint(condition=Q(sessions__gte=1), name="congress_sessions_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – {self.round.term}"

    @property
    def ends_on(self) -> datetime.date | None:
        return self.starts_on + datetime.timedelta(days=self.days - 1) if self.starts_on else None

    @property
    def owner_key(self) -> str:
        return f"congress:{self.pk}"

    def save(self, *args, **kwargs):
        self.lessons_folded = fold_name(" ".join([self.committee.name, self.strengths, self.limits, self.lessons]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "lessons_folded"}
        super().save(*args, **kwargs)


class DocumentVersion(models.Model):
    """One uploaded version of one dossier document (RoundDocument.key); the latest is the current."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="document_versions")
    key = models.SlugField(max_length=40)
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="congresses/%Y/%m/")
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["congress", "key", "-number"]
        constraints = [models.UniqueConstraint(fields=["congress", "key", "number"], name="congress_docversion_unique")]


class Nominee(models.Model):
    """One row of the personnel short list (danh sách trích ngang)."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class Group(models.TextChoices):
        MEMBER_ORG_HEAD = "member_org_head", _("Người đứng đầu tổ chức thành viên")
        DISTINGUISHED = "distinguished", _("Cá nhân tiêu biểu")
        FULL_TIME = "full_time", _("Cán bộ chuyên trách")
        RELIGIOUS = "religious", _("Chức sắc, người có uy tín trong tôn giáo")
        ETHNIC = "ethnic", _("Người có uy tín trong đồng bào dân tộc")
        NEIGHBOURHOOD = "neighbourhood", _("Trưởng Ban công tác Mặt trận")
        BUSINESS = "business", _("Doanh nhân, trí thức")

    class Post(models.TextChoices):
        MEMBER = "member", _("Ủy viên")
        STANDING = "standing", _("Ủy viên Ban Thường trực")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
        CHAIR = "chair", _("Chủ tịch")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="nominees")
    position = models.PositiveIntegerField(default=0)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=50)
    religion = models.CharField(_("tôn giáo"), max_length=50, blank=True)
    home_town = models.CharField(_("quê quán"), max_length=200, blank=True)
    education = models.CharField(_("trình độ chuyên môn"), max_length=200, blank=True)
    profession = models.CharField(_("nghề nghiệp"), max_length=200, blank=True)
    political_theory = models.CharField(_("lý luận chính trị"), max_length=50, blank=True)
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    current_position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=300, blank=True)
    group = models.CharField(_("cơ cấu"), max_length=20, choices=Group.choices)
    reelected = models.BooleanField(_("tái cử"))
    proposed_post = models.CharField(_("dự kiến chức danh"), max_length=20, choices=Post.choices, default=Post.MEMBER)

    class Meta:
        ordering = ["congress", "position", "pk"]
        indexes = [models.Index(fields=["congress", "position"])]

    def __str__(self) -> str:
        return self.full_name


class ProgrammeItem(models.Model):
    """One part of the congress's programme: internal (phiên trù bị / nội bộ) or official session."""

    class Session(models.TextChoices):
        INTERNAL = "internal", _("Phiên thứ nhất (nội bộ)")
        OFFICIAL = "official", _("Phiên chính thức")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="programme")
    session = models.CharField(_("phiên"), max_length=10, choices=Session.choices)
    on = models.DateField(_("ngày"))
    at = models.TimeField(_("giờ"))
    title = models.CharField(_("nội dung"), max_length=300)

    class Meta:
        ordering = ["congress", "on", "at", "pk"]


class Attendee(models.Model):
    """An official delegate or a guest of the congress; a guest filled from the tree keeps its
    committee (the chairs of the other communes of the city, for a commune pilot)."""

    class Kind(models.TextChoices):
        DELEGATE = "delegate", _("Đại biểu chính thức")
        GUEST = "guest", _("Khách mời")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    title = models.CharField(_("chức vụ, đơn vị"), max_length=300)
    from_committee = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["congress", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "from_committee"],
                condition=Q(from_committee__isnull=False),
                name="congress_attendee_unique_committee",
            )
        ]


class DelegationMember(models.Model):
    """A delegate to the upper congress, official or substitute."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Chính thức")
        SUBSTITUTE = "substitute", _("Dự khuyết")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegation")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ, đơn vị"), max_length=300, blank=True)

    class Meta:
        ordering = ["congress", "kind", "pk"]


class ActionTarget(models.Model):
    """A target (chỉ tiêu) of the action programme for the new term, stored as a row so that the
    next term's mid-term review can be pre-filled from it."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("chỉ tiêu"), max_length=500)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)

    class Meta:
        ordering = ["congress", "position", "pk"]
