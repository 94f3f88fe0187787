from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Ủy ban và tài khoản")

    def ready(self):
        from . import audit  # noqa: F401  (its signal receivers record every change)
