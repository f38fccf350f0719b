from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vigil.core"
    label = "core"
    verbose_name = "Partnership, calendar and clocks"
    default_auto_field = "django.db.models.BigAutoField"
