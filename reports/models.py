"""Outlines, reporting duties, submissions and their review.

Facts are stored (deadline, submitted_at, accepted_at...); statuses such as "late" or
"missing" are derived in one place: SubmissionQuerySet and Submission's properties.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import SIBLING_ORDER, Committee
from plans.models import Plan

User = settings.AUTH_USER_MODEL


# --- Outline ------------------------------------------------------------------------------
class Outline(models.Model):
    """Đề cương báo cáo: a tree of OutlineItems. A template can be copied for later plans."""

    committee = models.ForeignKey(Committee, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="outlines")
    title = models.CharField(_("tên đề cương"), max_length=500)
    heading = models.TextField(_("tiêu đề"), blank=True, help_text=_("Các dòng đầu của đề cương"))
    is_template = models.BooleanField(_("dùng làm mẫu"), default=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề cương")
        verbose_name_plural = _("đề cương")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def ordered_items(self) -> list["OutlineItem"]:
        """All items in reading order (depth-first), each with `.depth` set; one query."""
        items = list(self.items.all())
        children: dict[int | None, list[OutlineItem]] = {}
        for item in items:
            children.setdefault(item.parent_id, []).append(item)
        for siblings in children.values():
            siblings.sort(key=lambda i: (i.position, i.pk))
        ordered: list[OutlineItem] = []

        def walk(parent_id, depth):
            for item in children.get(parent_id, []):
                item.depth = depth
                ordered.append(item)
                walk(item.pk, depth + 1)

        walk(None, 0)
        return ordered


class OutlineItem(models.Model):
    outline = models.ForeignKey(Outline, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("số thứ tự"), max_length=20, blank=True, help_text=_("Như viết: I., 1., 1.1., a), -, +"))
    title = models.TextField(_("tiêu đề"))
    guidance = models.TextField(_("hướng dẫn"), blank=True)
    required = models.BooleanField(_("bắt buộc"), default=False)

    class Meta:
        verbose_name = _("mục đề cương")
        verbose_name_plural = _("mục đề cương")
        ordering = ["outline", "parent_id", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class Indicator(models.Model):
    """A number a committee reports under an outline item (Số cuộc, Số lượt người dự...)."""

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng")
        MAX = "max", _("Lớn nhất")
        AVG = "avg", _("Trung bình")

    item = models.ForeignKey(OutlineItem, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("chỉ tiêu"), max_length=200)
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    decimal_places = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    allow_negative = models.BooleanField(_("cho phép số âm"), default=False)
    required = models.BooleanField(_("bắt buộc"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


# --- Reporting duty -----------------------------------------------------------------------
class ReportingDuty(models.Model):
    """Which committees must report for a plan, against which outline, by when."""

    class Targets(models.TextChoices):
        CHILDREN = "children", _("Các đơn vị trực thuộc")
        LEVEL = "level", _("Theo cấp")
        MEMBER_ORGS = "member_orgs", _("Các tổ chức thành viên")
        LIST = "list", _("Danh sách chọn")

    class Submitters(models.TextChoices):
        OFFICER_OR_LEADER = "officer_or_leader", _("Cán bộ hoặc lãnh đạo")
        LEADER_ONLY = "leader_only", _("Chỉ lãnh đạo")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    outline = models.ForeignKey(Outline, verbose_name=_("đề cương"), on_delete=models.PROTECT, related_name="duties")
    title = models.CharField(_("tên báo cáo"), max_length=300)
    targets = models.CharField(_("đơn vị phải báo cáo"), max_length=20, choices=Targets.choices, default=Targets.CHILDREN)
    target_level = models.CharField(_("cấp"), max_length=50, blank=True)
    committees = models.ManyToManyField(Committee, verbose_name=_("đơn vị"), related_name="+", blank=True)
    deadline = models.DateTimeField(_("hạn nộp"))
    page_limit = models.PositiveSmallIntegerField(_("số trang tối đa"), null=True, blank=True)
    block_over_limit = models.BooleanField(_("không cho nộp khi quá số trang"), default=False)
    allow_late = models.BooleanField(_("cho phép nộp muộn"), default=True)
    submitters = models.CharField(
        _("người được nộp"), max_length=20, choices=Submitters.choices, default=Submitters.OFFICER_OR_LEADER
    )
    instructions = models.TextField(_("cách gửi"), blank=True, default="Gửi trên Cổng báo cáo MTTQ.")
    # The levels above a reporting committee that approve its report in turn, lowest first
    # (Committee.Tier values, e.g. ["district", "province"]); empty: the plan's committee accepts
    # or returns it (the review). Each report's chain is an approvals Case (Submission.approval_case).
    approval_tiers = models.JSONField(_("các cấp phê duyệt"), default=list, blank=True)
    # A duty added to a plan already issued, by a correction (đính chính, bổ sung): its date and why.
    correction_date = models.DateField(_("ngày đính chính"), null=True, blank=True)
    correction_reason = models.TextField(_("lý do đính chính, bổ sung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["deadline", "pk"]

    @property
    def round_day(self):
        """The day whose committee tree the round is shown with (committees.selectors): its
        deadline's, Vietnam time. A reorganisation effective after it leaves the round's dashboard
        and consolidation as they were."""
        return timezone.localdate(self.deadline)

    @property
    def target_level_label(self) -> str:
        """The level as read: "Cấp xã" (a Committee.Tier), or the unit word an older duty stored."""
        return dict(Committee.Tier.choices).get(self.target_level, self.target_level)

    def __str__(self) -> str:
        return self.title

    @property
    def approved_level_by_level(self) -> bool:
        return bool(self.approval_tiers)

    @property
    def approval_tier_labels(self) -> list[str]:
        """The approving levels as read ("Cấp huyện", "Cấp tỉnh"), lowest first."""
        labels = dict(Committee.Tier.choices)
        return [labels.get(t, t) for t in self.approval_tiers]


# --- Submission ---------------------------------------------------------------------------
# The database's statement of Submission.deadline and Submission.is_late: the committee's extension,
# else the duty's deadline; late = first submitted after it. Used by with_deadline() and state_tallies().
def _effective_deadline():
    return Coalesce("extended_deadline", "duty__deadline")


LATE = models.Q(first_submitted_at__gt=models.F("effective_deadline"))  # needs `effective_deadline`


class SubmissionQuerySet(models.QuerySet):
    def with_deadline(self):
        """Annotates, in the database, `effective_deadline` (Submission.deadline: the committee's
        extension, else the duty's deadline) and `late` (Submission.is_late: first submitted after
        the effective deadline; None while never submitted)."""
        return self.annotate(effective_deadline=_effective_deadline()).annotate(
            late=models.ExpressionWrapper(LATE, output_field=models.BooleanField())
        )

    def open(self):
        """Still owed: not submitted, or returned for changes."""
        return self.filter(state__in=Submission.OPEN_STATES)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.with_deadline().open().filter(effective_deadline__lt=now)

    def with_status(self, now=None):
        """Annotates `status`, one of Submission.Status, computed in the database."""
        now = now or timezone.now()
        S, St = Submission.State, Submission.Status
        return self.with_deadline().annotate(
            status=Case(
                When(state=S.ACCEPTED, then=Value(St.ACCEPTED)),
                When(state=S.SUBMITTED, late=True, then=Value(St.SUBMITTED_LATE)),
                When(state=S.SUBMITTED, then=Value(St.SUBMITTED_ON_TIME)),
                When(state=S.RETURNED, then=Value(St.RETURNED)),
                When(effective_deadline__lt=now, then=Value(St.MISSING)),
                When(state=S.DRAFT, then=Value(St.DRAFT)),
                default=Value(St.NOT_STARTED),
                output_field=models.CharField(),
            )
        )

    def state_tallies(self, *fields, now=None):
        """Reports counted by `fields` and state, with `n_late` (of them, first submitted after
        the effective deadline) and `n_past` (effective deadline before `now`): what
        status_counts() turns into statuses. Grouped by the stored state, the rows are read in the
        order of the (duty, state, first_submitted_at, extended_deadline) index and the status is
        not computed row by row (a third of the time of grouping by with_status()'s `status` on a
        national plan)."""
        now = now or timezone.now()
        return (
            self.alias(effective_deadline=_effective_deadline())
            .values(*fields, "state")
            .annotate(
                n=models.Count("pk"),
                n_late=models.Count("pk", filter=LATE),
                n_past=models.Count("pk", filter=models.Q(effective_deadline__lt=now)),
            )
            .order_by()
        )

    def visible_to(self, access):
        return self.filter(access.visible_committees_q(prefix="committee__"))

    def in_committee_order(self):
        """The committees' sibling order, the one every list of reports of a consolidation uses
        (its body, annex and Excel): grouped under their parent, the Front's committees before the
        member organisations, each in Vietnamese alphabetical order (Committee.sort_name,
        lib.vnsort), the same on SQLite and PostgreSQL."""
        return self.order_by(*COMMITTEE_ORDER, "pk")


# The order of SubmissionQuerySet.in_committee_order, for querysets over other models with a
# relation "submission__" (prefix the names).
COMMITTEE_ORDER = (*(f"committee__{name}" for name in SIBLING_ORDER), "committee_id")


def status_counts(tallies) -> dict:
    """{status: count, "done": submitted or accepted, "on_time": of those, first submitted by the
    deadline} from rows of SubmissionQuerySet.state_tallies(): with_status()'s rule (accepted;
    submitted late or on time; returned; missing once the deadline has passed; draft; not
    started), applied to counts. tests/reports/test_dashboard.py checks both give the same."""
    S, St = Submission.State, Submission.Status
    counts = dict.fromkeys(St.values, 0) | {"done": 0, "on_time": 0}
    for t in tallies:
        state, n, late, past = t["state"], t["n"], t["n_late"], t["n_past"]
        if state == S.ACCEPTED:
            counts[St.ACCEPTED] += n
        elif state == S.SUBMITTED:
            counts[St.SUBMITTED_LATE] += late
            counts[St.SUBMITTED_ON_TIME] += n - late
        elif state == S.RETURNED:
            counts[St.RETURNED] += n
        else:
            counts[St.MISSING] += past
            counts[St.DRAFT if state == S.DRAFT else St.NOT_STARTED] += n - past
        if state in (S.SUBMITTED, S.ACCEPTED):
            counts["done"] += n
            counts["on_time"] += n - late
    return counts


class Submission(models.Model):
    """One committee's report for one reporting duty."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    class Status(models.TextChoices):
        """What a dashboard shows: the state combined with the deadline."""

        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED_ON_TIME = "submitted_on_time", _("Đã nộp đúng hạn")
        SUBMITTED_LATE = "submitted_late", _("Đã nộp muộn")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        MISSING = "missing", _("Quá hạn chưa nộp")

    OPEN_STATES = (State.NOT_STARTED, State.DRAFT, State.RETURNED)

    duty = models.ForeignKey(ReportingDuty, on_delete=models.CASCADE, related_name="submissions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.NOT_STARTED)
    extended_deadline = models.DateTimeField(_("hạn đã gia hạn"), null=True, blank=True)

    # The report as a document (its own number, signer).
    doc_number = models.CharField(_("số báo cáo"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)

    started_at = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(_("lần nộp"), default=0)
    # The report's chain of approval levels (a duty with approval_tiers), opened at its first submit.
    approval_case = models.OneToOneField(
        "approvals.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [models.UniqueConstraint(fields=["duty", "committee"], name="submission_one_per_duty_committee")]
        indexes = [
            models.Index(fields=["committee", "state"]),
            # Covers SubmissionQuerySet.state_tallies(): a plan's reports counted without reading them.
            models.Index(fields=["duty", "state", "first_submitted_at", "extended_deadline"], name="submission_duty_tally"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – {self.duty}"

    @property
    def deadline(self):
        """The effective deadline: the committee's extension, else the duty's (in queries:
        SubmissionQuerySet.with_deadline's `effective_deadline`)."""
        return self.extended_deadline or self.duty.deadline

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.NOT_STARTED, self.State.DRAFT, self.State.RETURNED)

    @property
    def is_late(self) -> bool:
        """Late: FIRST submitted after the effective deadline. A report first submitted on time,
        returned and submitted again after the deadline is not late (in queries:
        SubmissionQuerySet.with_deadline's `late`)."""
        return self.first_submitted_at is not None and self.would_be_late(self.first_submitted_at)

    def would_be_late(self, now=None) -> bool:
        """Whether the report is late if submitted `now`: its first submission counts when it has one."""
        return (self.first_submitted_at or now or timezone.now()) > self.deadline

    def reload_state(self) -> None:
        """Read the report's own fields again (state, dates, version...) after a write, keeping the
        duty, plan and committee already read with it (refresh_from_db() would drop them, and the
        next use would read each again)."""
        self.refresh_from_db(fields=[f.attname for f in self._meta.concrete_fields if not f.is_relation])

    def get_status(self, now=None) -> str:
        now = now or timezone.now()
        S, St = self.State, self.Status
        if self.state == S.ACCEPTED:
            return St.ACCEPTED
        if self.state == S.SUBMITTED:
            return St.SUBMITTED_LATE if self.is_late else St.SUBMITTED_ON_TIME
        if self.state == S.RETURNED:
            return St.RETURNED
        if self.deadline < now:
            return St.MISSING
        return St.DRAFT if self.state == S.DRAFT else St.NOT_STARTED


class Extension(models.Model):
    """A per-committee extension of the deadline; the latest one is copied to the submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="extensions")
    new_deadline = models.DateTimeField(_("hạn mới"))
    reason = models.TextField(_("lý do"))
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]


class SectionAnswer(models.Model):
    """The text a committee wrote under one outline item (sanitised HTML)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(OutlineItem, on_delete=models.CASCADE, related_name="answers")
    html = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0, help_text="Bumped on every save; a save of an older revision is refused.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "item"], name="answer_one_per_item")]


class IndicatorValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="value_one_per_indicator")]


class SubmissionVersion(models.Model):
    """A frozen copy of the report, taken at every submit: {"sections": {item_id: html}, "values": {indicator_id: str}}."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="version_unique_number")]


class ReviewComment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(SubmissionVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    item = models.ForeignKey(OutlineItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("nhận xét"))
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class TypicalPassage(models.Model):
    """Tiêu biểu: a section of a submitted report, or a passage quoted from it (`text`), that a
    reviewer marked as worth citing (a model, a good practice, a number); the consolidated report
    quotes it in its body with the report's committee. An empty `text` marks the whole section."""

    MAX_LENGTH = 3000

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="typical_passages")
    item = models.ForeignKey(OutlineItem, verbose_name=_("mục"), on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("đoạn trích"), blank=True, max_length=MAX_LENGTH)
    marked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nội dung tiêu biểu")
        verbose_name_plural = _("nội dung tiêu biểu")
        ordering = ["marked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "item"], condition=models.Q(text=""), name="typical_one_whole_section"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60] or str(self.item)

    @property
    def is_whole_section(self) -> bool:
        return not self.text


class SubmissionEvent(models.Model):
    """Who did what to a report, and when."""

    class Action(models.TextChoices):
        STARTED = "started", _("Bắt đầu soạn")
        IMPORTED = "imported", _("Nhập từ tệp Word")
        SUBMITTED = "submitted", _("Nộp báo cáo")
        RETURNED = "returned", _("Trả lại")
        ACCEPTED = "accepted", _("Tiếp nhận")
        EXTENDED = "extended", _("Gia hạn")
        ATTACHED = "attached", _("Thêm minh chứng")
        DETACHED = "detached", _("Xóa minh chứng")
        COMMENTED = "commented", _("Nhận xét")
        APPROVED_LEVEL = "approved_level", _("Thông qua ở một cấp")
        UNLOCKED = "unlocked", _("Mở khóa để sửa")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


def attachment_path(instance, filename):
    # Generated names only: the original name is kept in the row, never on disk.
    import uuid

    return f"evidence/{instance.submission_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """Minh chứng: evidence files, stored outside the web root under generated names."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    item = models.ForeignKey(OutlineItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]


# --- Consolidation (issue 7) ---------------------------------------------------------------
def consolidation_path(instance, filename):
    # Generated names only; the download view gives the file a readable name.
    import uuid

    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"consolidations/{instance.duty_id}/{uuid.uuid4().hex}.{extension}"


class ConsolidationBuild(models.Model):
    """One build of the consolidated report of a reporting duty: who asked, what it included,
    how far it got, and its files (the .docx and the .xlsx annex). Kept as history."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tổng hợp")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)

    duty = models.ForeignKey(ReportingDuty, on_delete=models.CASCADE, related_name="consolidations")
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    include_returned = models.BooleanField(_("gồm cả báo cáo bị trả lại"), default=False)
    include_drafts = models.BooleanField(_("gồm cả báo cáo đang soạn"), default=False)
    # One report for every duty of the plan that uses this duty's outline (the wards and the
    # member organisations together), not only this duty's committees.
    all_audiences = models.BooleanField(_("gộp mọi đối tượng báo cáo của kế hoạch"), default=False)
    # Only the reports approved to the end (accepted; for a duty approved level by level, by its
    # last level): what counts in the totals of a plan whose reports are approved level by level.
    approved_only = models.BooleanField(_("chỉ các báo cáo đã được phê duyệt"), default=False)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("lỗi"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life: set when requested or (re)published, claimed, and at every progress write.
    # A running build silent for a minute has lost its worker (reports/consolidation/services.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # runs started (claims)
    file = models.FileField(upload_to=consolidation_path, blank=True, max_length=200)
    xlsx = models.FileField(upload_to=consolidation_path, blank=True, max_length=200)
    # {"submissions": {id: {"v": version, "state": ..., "committee": name}}, "counts": {...}, "changes": {...}}
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("bản tổng hợp")
        verbose_name_plural = _("bản tổng hợp")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty"],
                condition=models.Q(state__in=["queued", "running"]),
                name="consolidation_one_active_per_duty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(self.progress_done * 100 / self.progress_total))

    def included_states(self) -> list[str]:
        if self.approved_only:
            return [Submission.State.ACCEPTED]
        states = [Submission.State.SUBMITTED, Submission.State.ACCEPTED]
        if self.include_returned:
            states.append(Submission.State.RETURNED)
        if self.include_drafts:
            states.append(Submission.State.DRAFT)
        return states
