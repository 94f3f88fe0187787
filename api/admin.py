from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ApiToken
from .services import api_token_create, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made here for an account (the token is shown once, in the message) and revoked;
    only a hash is stored, so an existing token can never be read back. Superusers only: a token
    acts as its account, so whoever may make one for another account may act as that account
    (staff with the model's permissions included)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    raw_id_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_fields(self, request, obj=None):
        return ["user", "name"] if obj is None else ["user", "name", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is None else ["user", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        token, raw = api_token_create(user=obj.user, name=obj.name)
        obj.pk = token.pk
        messages.warning(request, _("Mã mới (chỉ hiện một lần này; hãy chép lại ngay): %(token)s") % {"token": raw})

    @admin.action(description=gettext_lazy("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        n = sum(api_token_revoke(token=t, by=request.user) for t in queryset)
        messages.success(request, _("Đã thu hồi %(n)d mã.") % {"n": n})
