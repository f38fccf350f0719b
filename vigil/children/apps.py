from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "vigil.children"
    label = "children"
    verbose_name = "Children and their files"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A child's file can be opened by break-glass (accounts/break_glass.py's registry).
        from vigil.accounts.break_glass import Subject, register
        from vigil.children.policy import find_record

        register(
            Subject(
                kind="child",
                label="a child's file",
                find=find_record,
                url=lambda child_id: f"/children/{child_id}/",
            )
        )
