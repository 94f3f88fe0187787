from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        # Deadline reminders: declare the reports still owed (reminders never imports reports).
        from reminders.registry import register

        from .duties.reminders import open_report_duties

        register(open_report_duties)
