from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "vigil.briefings"
    verbose_name = "Briefings"
