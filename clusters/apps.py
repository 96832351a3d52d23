from django.apps import AppConfig


class ClustersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusters"

    def ready(self) -> None:
        from .accounts import two_factor  # noqa: F401  (connects its sign-in receiver)
