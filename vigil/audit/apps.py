from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vigil.audit"
    label = "audit"
    verbose_name = "Audit and access logs"
    default_auto_field = "django.db.models.BigAutoField"
