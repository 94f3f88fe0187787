from django.contrib import admin

from .models import Digest, Reminder, ReminderRule


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created_at", "committee", "step", "scope_label", "deadline"]
    list_filter = ["step"]
    search_fields = ["committee__name", "scope_label", "duty_key"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    exclude = ["emails"]

    def has_add_permission(self, request):
        return False  # a record of what the sweep sent, never typed in


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["local_date", "standing_committee", "missing_count", "overdue_count"]
    readonly_fields = [f.name for f in Digest._meta.fields]
    exclude = ["emails"]

    def has_add_permission(self, request):
        return False  # a record of what the sweep sent, never typed in


admin.site.register(ReminderRule)
