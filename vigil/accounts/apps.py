from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vigil.accounts"
    label = "accounts"
    verbose_name = "People, organisations and access"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vigil.accounts import auth_events

        auth_events.connect()
