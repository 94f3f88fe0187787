from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Kiểm tra")

    def ready(self):
        # Deadline reminders: declare the dossiers still owed (reminders never imports this app).
        from reminders.registry import register

        from .reminders import open_inspection_duties

        register(open_inspection_duties)
