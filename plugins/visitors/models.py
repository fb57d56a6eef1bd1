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


class VisitDay(models.Model):
    """Visits of a portal on one day (Asia/Ho_Chi_Minh), for visits over a period.

    Written with the totals, in the same transaction, when the cache counts are flushed
    (``tracker.VISITS.after_flush``: :func:`plugins.visitors.tracker.tally_days`).
    """

    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="visit_days", verbose_name=_("portal"))
    day = models.DateField(_("day"))
    visits = models.PositiveBigIntegerField(_("visits"), default=0)

    class Meta:
        ordering = ["portal", "-day"]
        verbose_name = _("visits of a day")
        verbose_name_plural = _("visits by day")
        constraints = [models.UniqueConstraint(fields=["portal", "day"], name="visitors_visitday_portal_day")]

    def __str__(self):
        return f"{self.portal_id} {self.day}: {self.visits}"
