from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "vigil.children"
    label = "children"
    verbose_name = "Children and their files"
    default_auto_field = "django.db.models.BigAutoField"
