"""Merging portals (sites.merging): the old portal's visits are added to the target's,
its total and each day's (a day both have counts for is summed)."""

from __future__ import annotations

from django.db.models import F, Sum

from .models import VisitCounter, VisitDay


def count(portal) -> dict:
    total = VisitCounter.objects.filter(portal=portal).values_list("total", flat=True).first() or 0
    by_day = VisitDay.objects.filter(portal=portal).aggregate(n=Sum("visits"))["n"] or 0
    return {"visits": total, "visits by day": by_day}


def merge(old, into) -> None:
    """Idempotent: what is added is removed from the old portal in the same transaction."""
    old_counter = VisitCounter.objects.filter(portal=old).first()
    if old_counter is not None:
        counter, _created = VisitCounter.objects.get_or_create(portal=into)
        VisitCounter.objects.filter(pk=counter.pk).update(total=F("total") + old_counter.total)
        old_counter.delete()
    for day in VisitDay.objects.filter(portal=old):
        target, created = VisitDay.objects.get_or_create(portal=into, day=day.day, defaults={"visits": day.visits})
        if not created:
            VisitDay.objects.filter(pk=target.pk).update(visits=F("visits") + day.visits)
        day.delete()
