from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Registered for its management commands (seed_demo, bench); it has no models."""

    name = "emulation.site"
    label = "site"
    verbose_name = "Site"
