from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "vigil.concerns"
    label = "concerns"
    verbose_name = "Concerns and triage"
    default_auto_field = "django.db.models.BigAutoField"
