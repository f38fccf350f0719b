from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vigil.web"
    label = "web"
    verbose_name = "Pages, layout and GOV.UK assets"
    default_auto_field = "django.db.models.BigAutoField"
