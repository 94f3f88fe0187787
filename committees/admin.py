from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import Committee, Membership


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

    @admin.display(description="Tên", ordering="path")
    def indented_name(self, obj):
        return "\u2003" * obj.depth + obj.name


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "committee__name"]
    autocomplete_fields = ["user", "committee"]


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["committee"]


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Accounts with the committees and roles each person acts in."""

    inlines = [UserMembershipInline]
