from django.contrib import admin

from .models import Email
from .services import SECRET_KINDS


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [f.name for f in Email._meta.fields]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.kind in SECRET_KINDS:  # a reset link is its recipient's alone
            fields = [f for f in fields if f not in ("body_text", "body_html")]
        return fields
