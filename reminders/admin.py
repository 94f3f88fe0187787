from django.contrib import admin

from .models import Digest, Email, Reminder, ReminderRule


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [f.name for f in Email._meta.fields]
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created_at", "committee", "step", "scope_label", "deadline"]
    list_filter = ["step"]
    search_fields = ["committee__name", "scope_label", "duty_key"]
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["local_date", "standing_committee", "missing_count", "overdue_count"]
    readonly_fields = [f.name for f in Digest._meta.fields]


admin.site.register(ReminderRule)
