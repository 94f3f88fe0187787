from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data of every area and the `load_demo` command; no models."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
