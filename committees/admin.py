from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .models import Committee, Membership, Profile
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
