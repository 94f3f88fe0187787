from django.contrib import admin

from .models import Milestone, Plan, PlanAttachment, PlanRevision, Recipient


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0


class PlanAttachmentInline(admin.TabularInline):
    model = PlanAttachment
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


class PlanRevisionInline(admin.TabularInline):
    model = PlanRevision
    extra = 0
    readonly_fields = ["version", "note", "created_by", "created_at"]
    exclude = ["snapshot"]
    can_delete = False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "committee", "kind", "state", "issued_on", "version"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "committee__name"]
    raw_id_fields = ["committee", "created_by", "issued_by"]
    readonly_fields = ["created_at", "updated_at", "issued_at", "closed_at"]
    inlines = [MilestoneInline, RecipientInline, PlanAttachmentInline, PlanRevisionInline]
