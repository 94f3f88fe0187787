from django.apps import AppConfig
from django.urls import register_converter


class PortalConfig(AppConfig):
    name = "mttq_portal"
    verbose_name = "MTTQ"

    def ready(self):
        from lib.params import IdConverter

        # `<id:pk>` in every app's urls (lib.params): registered before any urls module is read
        register_converter(IdConverter, "id")
