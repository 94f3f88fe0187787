from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "congresses"
