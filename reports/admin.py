from django.contrib import admin

from .models import (
    Attachment,
    ConsolidationBuild,
    Indicator,
    Outline,
    OutlineItem,
    ReportingDuty,
    Submission,
    SubmissionEvent,
)


class OutlineItemInline(admin.TabularInline):
    model = OutlineItem
    extra = 0
    fields = ["parent", "position", "label", "title", "required"]
    raw_id_fields = ["parent"]


@admin.register(Outline)
class OutlineAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "is_template", "updated_at"]
    list_filter = ["is_template"]
    search_fields = ["title"]
    inlines = [OutlineItemInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "aggregation", "item"]
    raw_id_fields = ["item"]


@admin.register(ReportingDuty)
class ReportingDutyAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "deadline", "page_limit"]
    raw_id_fields = ["plan", "outline"]
    filter_horizontal = ["committees"]


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    readonly_fields = ["action", "actor", "at", "note"]
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["committee", "duty", "state", "first_submitted_at", "accepted_at"]
    list_filter = ["state"]
    search_fields = ["committee__name", "duty__title"]
    raw_id_fields = ["duty", "committee", "submitted_by", "reviewed_by"]
    inlines = [EventInline, AttachmentInline]


@admin.register(ConsolidationBuild)
class ConsolidationBuildAdmin(admin.ModelAdmin):
    list_display = ["pk", "duty", "state", "requested_by", "requested_at", "finished_at"]
    list_filter = ["state"]
    raw_id_fields = ["duty", "requested_by"]
