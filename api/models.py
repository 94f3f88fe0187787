"""Access tokens of the JSON API (/api/v1/): one row per token, owned by one account.

Only a hash of the token is stored (SHA-256 of a 256-bit random secret: nothing to brute-force, so
no slow hash is needed); the token itself is shown once, when it is made. A token acts as its
account: it sees what the account's pages show (committees/access.py), nothing more. Revoking keeps
the row (who made it, when it was last used) and the API answers 401 to it from then on.

The rate limit is counted on the row itself (`window_start`, `window_count`, api.services.rate_take):
every web machine reads and writes the same database, so the limit holds across all of them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100, help_text=_("Ví dụ: Bảng điều khiển của tỉnh"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("đầu mã"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
