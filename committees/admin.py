from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import ChangeRecord, Committee, Membership, Profile, Reorganisation, Succession
from .people import display_name


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "level", "kind", "code", "emails", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "code", "emails"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]
    ordering = ["path"]

    @admin.display(description=_("Tên"), ordering="path")
    def indented_name(self, obj):
        return "\u2003" * obj.depth + obj.name


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "committee", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__profile__full_name", "user__email", "committee__name"]
    list_select_related = ["user__profile", "committee"]

    @admin.display(description=_("Người"), ordering="user__profile__full_name")
    def person(self, obj):
        return display_name(obj.user)

    autocomplete_fields = ["user", "committee"]


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["committee"]


class ProfileInline(admin.StackedInline):
    """The full name as the person writes it (family name first), on the account's page."""

    model = Profile
    can_delete = False
    max_num = 1
    fields = ["full_name"]
    verbose_name = _("họ và tên")
    verbose_name_plural = _("họ và tên")


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Accounts with the full name (Profile, never first_name + last_name) and the committees and
    roles each person acts in."""

    inlines = [ProfileInline, UserMembershipInline]
    list_display = ["username", "person", "email", "is_active", "is_staff"]
    list_select_related = ["profile"]
    search_fields = ["username", "profile__full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Liên hệ"), {"fields": ["email"]}),
        (
            _("Quyền"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]

    @admin.display(description=_("Họ và tên"), ordering="profile__full_name")
    def person(self, obj):
        return display_name(obj)


# --- reorganisations and the record of changes: read only (written by committees.reorg and committees.audit) ---
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "reorganisation"
    extra = 0
    fields = ["predecessor", "successor", "direct"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reorganisation)
class ReorganisationAdmin(_ReadOnly):
    list_display = ["kind", "effective_on", "decision_number", "decision_body", "created_by", "created_at"]
    list_filter = ["kind", "effective_on"]
    search_fields = [
        "decision_number",
        "decision_body",
        "successions__predecessor__name",
        "successions__successor__name",
    ]
    inlines = [SuccessionInline]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(_ReadOnly):
    list_display = ["at", "subject", "action", "committee_name", "person_name", "actor_name", "via"]
    list_filter = ["subject", "action", "via"]
    search_fields = ["label", "committee__name", "person__username", "person__profile__full_name"]
    list_select_related = ["committee", "person__profile", "actor__profile"]
    date_hierarchy = "at"

    @admin.display(description=_("Ủy ban"))
    def committee_name(self, obj):
        return obj.committee.name if obj.committee_id and obj.committee else obj.label

    @admin.display(description=_("Người"))
    def person_name(self, obj):
        return display_name(obj.person) if obj.person_id and obj.person else ""

    @admin.display(description=_("Người thực hiện"))
    def actor_name(self, obj):
        return display_name(obj.actor) if obj.actor_id else ""
