from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "congresses"
    verbose_name = _("Đại hội điểm")

    def ready(self):
        # Deadline reminders: dossiers the units owe and dossiers waiting on a level.
        from reminders.registry import register

        from .reminders import open_congress_duties

        register(open_congress_duties)
