from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpokespersonConfig(AppConfig):
    name = "plugins.spokesperson"
    label = "spokesperson"
    verbose_name = _("Spokesperson")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
