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
    emails = models.TextField(_("email liên hệ"), blank=True, help_text=_("Mỗi địa chỉ một dòng hoặc cách nhau bởi dấu phẩy"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True, help_text=_("Dùng ở dòng ngày tháng của văn bản"))
    header_lines = models.TextField(
        _("tiêu đề cơ quan"),
        blank=True,
        help_text=_("Các dòng bên trái của phần đầu văn bản, ví dụ: ỦY BAN MTTQ VIỆT NAM / TỈNH SÓC TRĂNG / BAN THƯỜNG TRỰC"),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

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
        if numbered and name[numbered.end():][:1].isdigit():
            return name[:1].upper() + name[1:]
        return name[numbered.end():] if numbered else name

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
    title = models.CharField(_("chức vụ"), max_length=100, blank=True, help_text=_("Ví dụ: Chủ tịch, Phó Chủ tịch, Văn phòng"))

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
