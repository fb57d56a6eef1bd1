from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitorsConfig(AppConfig):
    name = "plugins.visitors"
    label = "visitors"
    verbose_name = _("Visit statistics")
    default_auto_field = "django.db.models.BigAutoField"
