"""Functions this plugin offers to the core and to other plugins (registry services).

``visitors.visits``: ``visits(portal_ids, since_date) -> {portal_id: visits}``, the visits
of each of ``portal_ids`` from ``since_date`` (a date, Asia/Ho_Chi_Minh days, included)
to now: the stored days (VisitDay) plus what the cache holds and the next flush adds to
today. Every asked portal is in the answer (0 when none). One query for all of them.
"""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.utils import timezone

from .models import VisitDay
from .tracker import VISITS


def visits(portal_ids, since_date: datetime.date) -> dict[int, int]:
    ids = [int(pk) for pk in portal_ids]
    if not ids:
        return {}
    found = dict(
        VisitDay.objects.filter(portal_id__in=ids, day__gte=since_date)
        .values("portal_id")
        .order_by()
        .annotate(total=Sum("visits"))
        .values_list("portal_id", "total")
    )
    result = {pk: int(found.get(pk) or 0) for pk in ids}
    if since_date <= timezone.localdate():  # pending visits are today's
        for pk, amount in VISITS.pending(ids).items():
            result[pk] += amount
    return result
