from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "vigil.missing"
    verbose_name = "Missing episodes"
