"""What the network oversight dashboard (``sites.oversight``) reads of the polls plugin.

``polls.polls`` (:func:`polls`): polls put before each portal's readers.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import Greatest

from .models import Poll


def polls(until, days) -> dict:
    """{portal_id: (last, counts)}: per portal, when its newest poll appeared at or before
    ``until`` and the number of polls that appeared in each window of ``days`` ending at
    ``until``. A poll appears when it is created or, if later, when it opens (readers do
    not see a poll before it opens). One query."""
    shown = Poll.objects.annotate(when=Greatest("created_at", "opens_at")).filter(when__lte=until)
    windows = {f"in_{n}": Count("pk", filter=Q(when__gt=until - datetime.timedelta(days=d))) for n, d in enumerate(days)}
    rows = shown.values("portal_id").order_by().annotate(last=Max("when"), **windows)
    return {row["portal_id"]: (row["last"], tuple(row[f"in_{n}"] for n in range(len(days)))) for row in rows}
