"""What the network oversight dashboard (``sites.oversight``) reads of the news plugin.

``news.articles`` (:func:`articles`): the articles a reader sees on each portal, dated as
the site dates them (``ArticlePage.date``, which defaults to the first publication).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce

from .models import ArticlePage


def articles(until, days) -> dict:
    """{portal_id: (last, counts)}: per portal, the newest article date at or before
    ``until`` and the number of articles dated in each window of ``days`` ending at
    ``until``. Live, public articles only (a draft, an unpublished or a private article
    does not count); an article and its English translation count once. One query."""
    dated = (
        ArticlePage.objects.live()
        .public()
        .filter(portal__isnull=False)
        .annotate(when=Coalesce("date", "first_published_at"))
        .filter(when__lte=until)
    )
    windows = {
        f"in_{n}": Count("translation_key", distinct=True, filter=Q(when__gt=until - datetime.timedelta(days=d)))
        for n, d in enumerate(days)
    }
    rows = dated.values("portal_id").order_by().annotate(last=Max("when"), **windows)
    return {row["portal_id"]: (row["last"], tuple(row[f"in_{n}"] for n in range(len(days)))) for row in rows}
