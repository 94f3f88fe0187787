"""Read-only admin pages: every write of the chain goes through approvals.services (turns, locks,
emails), so the admin only shows what happened."""

from django.contrib import admin

from .models import Case, Decision, Item, Meeting, Step


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyMixin, admin.TabularInline):
    model = Step
    fields = ["position", "label", "committee", "reached_at"]
    extra = 0


class ItemInline(ReadOnlyMixin, admin.TabularInline):
    model = Item
    fields = ["position", "key", "label", "required", "version", "submitted_at", "link"]
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "subject", "owner_key", "sent_at", "locked_at"]
    search_fields = ["title", "owner_key", "subject__name"]
    list_filter = ["locked_at"]
    inlines = [StepInline, ItemInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["item", "step", "outcome", "item_version", "by", "at"]
    list_filter = ["outcome"]
    list_select_related = ["item", "step", "by"]
    search_fields = ["item__case__title", "comment"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["step", "held_on", "case", "recorded_by", "at"]
    list_select_related = ["step", "case", "recorded_by"]
    search_fields = ["case__title", "conclusions"]
