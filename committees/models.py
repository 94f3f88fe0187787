"""The committee tree, and who may act for which committee.

The tree is stored as a materialised path ("000001/000007/000031/"): ancestors are the ids in
the path and descendants are the rows whose path starts with this one, so both are a single
query whatever the depth or size of the tree.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from lib.vnsort import MAX_LENGTH as SORT_KEY_LENGTH
from lib.vnsort import sort_key

PATH_STEP = 7  # six digits and a slash per level


def _segment(pk: int) -> str:
    return f"{pk:06d}/"


SIBLING_ORDER = ("parent__path", "kind", "sort_name")  # CommitteeQuerySet.in_sibling_order


class CommitteeQuerySet(models.QuerySet):
    def subtree_of(self, committee: "Committee"):
        """The committee and everything below it."""
        return self.filter(path__startswith=committee.path)

    def below(self, committee: "Committee"):
        return self.subtree_of(committee).exclude(pk=committee.pk)

    def in_tree_order(self):
        return self.order_by("path")

    def in_sibling_order(self):
        """How a list of committees reads (a plan's duties, a consolidation): grouped under their
        parent, the Front's committees before the member organisations, each group in Vietnamese
        alphabetical order (sort_name), the same on every database."""
        return self.order_by(*SIBLING_ORDER, "pk")

    def by_name(self):
        """Vietnamese alphabetical order (lib.vnsort), the same on every database."""
        return self.order_by("sort_name", "pk")


# "Ủy ban MTTQ Việt Nam " in front of a committee's name, and the unit word of a locality.
_FRONT_WORDS = re.compile(r"^(?:ủy ban|uỷ ban|ub)\s*(?:mttq|mặt trận tổ quốc)(?:\s*(?:việt nam|vn))?\s+", re.IGNORECASE)
_UNIT_WORD = re.compile(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)
COMMUNE_WORDS = {"xã", "phường", "thị trấn", "đặc khu"}
DISTRICT_WORDS = {"huyện", "quận", "thị xã"}
PROVINCE_WORDS = {"tỉnh", "trung ương"}


class Committee(models.Model):
    class Kind(models.TextChoices):
        FRONT = "front", _("Ủy ban MTTQ")
        MEMBER_ORG = "member_org", _("Tổ chức thành viên")

    class Tier(models.TextChoices):
        """The administrative level, whatever the unit is called: a phường, a xã, a thị trấn and a
        đặc khu are all at commune level; a thành phố is at province level at the top of the tree
        and at district level inside a province."""

        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên"), max_length=200)
    # lib.vnsort.sort_key(name), kept by save(): ORDER BY sort_name is Vietnamese order everywhere
    sort_name = models.CharField(max_length=SORT_KEY_LENGTH, editable=False, default="", db_index=True)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    level = models.CharField(
        _("cấp"), max_length=50, help_text=_("Ví dụ: Tỉnh, Thành phố, Huyện, Xã, Phường, Thị trấn")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.FRONT)
    tier = models.CharField(
        _("cấp hành chính"), max_length=20, choices=Tier.choices, default=Tier.PROVINCE, editable=False, db_index=True
    )
    code = models.SlugField(_("mã"), max_length=50, unique=True)
    emails = models.TextField(
        _("email liên hệ"), blank=True, help_text=_("Mỗi địa chỉ một dòng hoặc cách nhau bởi dấu phẩy")
    )
    place = models.CharField(
        _("địa danh"), max_length=100, blank=True, help_text=_("Dùng ở dòng ngày tháng của văn bản")
    )
    header_lines = models.TextField(
        _("tiêu đề cơ quan"),
        blank=True,
        help_text=_(
            "Các dòng bên trái của phần đầu văn bản, ví dụ: ỦY BAN MTTQ VIỆT NAM / TỈNH SÓC TRĂNG / BAN THƯỜNG TRỰC"
        ),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The days the committee existed (committees.reorg): from the reorganisation that created it,
    # until (excluded) the one that merged, split or dissolved it; empty: since always, still.
    active_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    active_until = models.DateField(_("thôi hoạt động từ ngày"), null=True, blank=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ủy ban")
        verbose_name_plural = _("ủy ban")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "kind"])]

    def __str__(self) -> str:
        return self.name

    # --- derived values -------------------------------------------------------------------
    @property
    def email_list(self) -> list[str]:
        raw = self.emails.replace(";", ",").replace("\n", ",")
        return [e.strip() for e in raw.split(",") if e.strip()]

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(s) for s in self.path.strip("/").split("/") if s][:-1]

    def ancestors(self):
        """Top of the tree first; one query whatever the depth."""
        return Committee.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def descendants(self):
        return Committee.objects.below(self)

    def existed_on(self, day) -> bool:
        """True if the committee existed on `day` (active_from <= day < active_until)."""
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day < self.active_until
        )

    def is_within(self, other: "Committee") -> bool:
        """True if this committee is `other` or below it."""
        return self.path.startswith(other.path)

    @property
    def document_place(self) -> str:
        """The place of the date line of the committee's documents ("Phường 3, ngày ... tháng ...",
        Decree 30/2020, Phụ lục I): the địa danh written for it, else its locality read from its
        name: a unit named by a number in full ("Phường 3"), any other by its name alone ("Tân
        Thạnh", "Sóc Trăng"); a member organisation writes its front committee's locality."""
        if self.place.strip():
            return self.place.strip()
        if self.kind == self.Kind.MEMBER_ORG and self.parent_id:
            return self.parent.document_place
        name = _FRONT_WORDS.sub("", " ".join(unicodedata.normalize("NFC", self.name).split()), count=1)
        numbered = _UNIT_WORD.match(name)
        if numbered and name[numbered.end() :][:1].isdigit():
            return name[:1].upper() + name[1:]
        return name[numbered.end() :] if numbered else name

    def get_header_lines(self) -> list[str]:
        if self.header_lines.strip():
            return [line.strip() for line in self.header_lines.splitlines() if line.strip()]
        return [self.name.upper()]

    # --- validation and saving ------------------------------------------------------------
    def clean(self):
        for address in self.email_list:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError({"emails": _("Địa chỉ email không hợp lệ: %(e)s") % {"e": address}}) from None
        if self.parent_id and self.pk:
            parent = Committee.objects.get(pk=self.parent_id)
            if parent.is_within(self):
                raise ValidationError({"parent": _("Không thể đặt một ủy ban dưới chính nó hoặc cấp dưới của nó.")})

    @transaction.atomic
    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = Committee.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.sort_name = sort_key(self.name)
        self.tier = tier_for(self.level, self.kind, self.parent.tier if self.parent_id else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_name", "tier"}
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else ""
        new_path = parent_path + _segment(self.pk)
        if new_path != self.path:
            self.path = new_path
            self.depth = new_path.count("/") - 1
            Committee.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_path:
                # Moving a node moves its subtree: rewrite the path prefix in one statement.
                Committee.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
                    depth=(Length(Concat(Value(new_path), Substr(F("path"), len(old_path) + 1))) / PATH_STEP) - 1,
                )


def tier_for(level: str, kind: str, parent_tier: str | None) -> str:
    """The administrative level of a committee called a `level` ("Phường", "Thành phố"...)."""
    T = Committee.Tier
    below = {None: T.PROVINCE, T.PROVINCE: T.DISTRICT, T.DISTRICT: T.COMMUNE, T.COMMUNE: T.COMMUNE}
    if kind == Committee.Kind.MEMBER_ORG and parent_tier:
        return parent_tier  # a member organisation works at its front committee's level
    word = " ".join(unicodedata.normalize("NFC", level or "").casefold().split())
    if word in COMMUNE_WORDS:
        return T.COMMUNE
    if word in DISTRICT_WORDS:
        return T.DISTRICT
    if word in PROVINCE_WORDS:
        return T.PROVINCE
    return below[parent_tier]


class Membership(models.Model):
    """A person acting for a committee in one role."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Cán bộ (soạn báo cáo)")
        LEADER = "leader", _("Lãnh đạo (ký, gửi báo cáo)")
        STANDING = "standing", _("Ban Thường trực (xem xét cấp dưới)")
        ADMIN = "admin", _("Quản trị")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("chức vụ"), max_length=100, blank=True, help_text=_("Ví dụ: Chủ tịch, Phó Chủ tịch, Văn phòng")
    )

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.UniqueConstraint(fields=["user", "committee", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.get_role_display()})"


class Profile(models.Model):
    """What the portal knows of a person beyond the login: the full name as the person writes it,
    family name first ("Nguyễn Hồng Hải"). Shown only through committees.people.display_name."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(
        _("họ và tên"), max_length=150, blank=True, help_text=_("Viết đầy đủ, họ trước tên sau: Nguyễn Hồng Hải")
    )

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self) -> str:
        return self.full_name or str(self.user)

    def save(self, *args, **kwargs):
        self.full_name = " ".join(unicodedata.normalize("NFC", self.full_name).split())
        super().save(*args, **kwargs)


# --- Reorganisations (committees.reorg) ----------------------------------------------------------
class Reorganisation(models.Model):
    """One change of the tree ordered by a decision (số, ngày, cơ quan ban hành), effective on a
    day: a merge N -> 1, a split 1 -> N, a move under another parent, a rename, a dissolution.
    Written only by committees.reorg.services."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        MOVE = "move", _("Chuyển cấp trên")
        RENAME = "rename", _("Đổi tên")
        DISSOLVE = "dissolve", _("Giải thể")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("ngày có hiệu lực"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    decision_body = models.CharField(_("cơ quan quyết định"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision_date__lte=models.F("effective_on")),
                name="reorganisation_decided_before_effective",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.decision_number}, {self.effective_on:%d/%m/%Y})"


class Succession(models.Model):
    """`successor` carries on `predecessor` after `reorganisation` (a merge, split or dissolution
    with a successor). Kept transitively: when a successor is itself merged later, its
    predecessors get a row (direct=False) to the new successor too, so "every committee this one
    absorbed" is one query."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="successions")
    predecessor = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="predecessions")
    direct = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~models.Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]


class CommitteeVersion(models.Model):
    """What a committee was (name, parent, place in the tree) until `valid_until`, the effective day
    of the reorganisation that renamed or moved it: the committee on a past day is its first
    version valid until after that day, else the committee as it is (committees.selectors)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="versions")
    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="versions")
    valid_until = models.DateField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)

    class Meta:
        ordering = ["committee_id", "valid_until", "pk"]
        indexes = [models.Index(fields=["valid_until", "committee"])]


class ChangeRecord(models.Model):
    """Who changed a committee or a person's role, when, how (a reorganisation, a form, the admin)
    and what (field: [before, after]). Written by committees.audit, whatever made the change."""

    class Subject(models.TextChoices):
        COMMITTEE = "committee", _("Ủy ban")
        MEMBERSHIP = "membership", _("Phân công")

    class Action(models.TextChoices):
        CREATED = "created", _("Tạo mới")
        CHANGED = "changed", _("Thay đổi")
        DELETED = "deleted", _("Xóa")

    class Via(models.TextChoices):
        REORGANISATION = "reorganisation", _("Sắp xếp tổ chức")
        ADMIN = "admin", _("Trang quản trị")
        FORM = "form", _("Biểu mẫu trên cổng")
        SYSTEM = "system", _("Hệ thống (lệnh, dữ liệu mẫu)")

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("cách thực hiện"), max_length=20, choices=Via.choices, default=Via.SYSTEM)
    reorganisation = models.ForeignKey(
        Reorganisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=20, choices=Subject.choices)
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    # Without a database constraint: the record outlives the committee or account it is about.
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="changes"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="committee_changes",
    )
    label = models.CharField(max_length=300)  # what it was about, readable after a deletion
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")
        ordering = ["-at", "-pk"]
