from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalDocumentsConfig(AppConfig):
    name = "plugins.legal_documents"
    label = "legal_documents"
    verbose_name = _("Legal documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
