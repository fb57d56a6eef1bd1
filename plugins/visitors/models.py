from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitCounter(models.Model):
    """The stored total of visits of a portal.

    Visits are counted in the cache first (``tracker.VISITS``) and added here by
    its flush task, so a visit never costs a database write on its own.
    """

    portal = models.OneToOneField(
        "sites.Portal", on_delete=models.CASCADE, related_name="visit_counter", verbose_name=_("portal")
    )
    total = models.PositiveBigIntegerField(_("total visits"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("visit counter")
        verbose_name_plural = _("visit counters")

    def __str__(self):
        return f"{self.portal}: {self.total}"
