from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "vigil.screening"
    label = "screening"
    verbose_name = "Signs and screening"
    default_auto_field = "django.db.models.BigAutoField"
