"""View counts outside the page render.

The article page is served from the anonymous page cache, so a small script
posts a beacon to ``/news/view/<id>/``; the beacon counts the view in
:data:`ARTICLE_VIEWS` (:class:`cms.counters.BufferedCounter`: a cache counter
per article, one view per visitor and article a minute) and a flush task moves
the counts into :class:`ArticleViewCount` rows. The ``flush_news_views``
command flushes too (cron, or before a Redis restart).
"""

from __future__ import annotations

from cms.counters import BufferedCounter

ARTICLE_VIEWS = BufferedCounter(
    name="news.views",
    model="news.ArticleViewCount",
    key="article",
    field="count",
    once_per_visitor=60,
)
FLUSH_PENDING_KEY = ARTICLE_VIEWS.flush_key


def record_view(article_id, request=None) -> bool:
    """Count one view of ``article_id``; False when its visitor was just counted."""
    return ARTICLE_VIEWS.add(article_id, request)


def pending(article_ids) -> dict[int, int]:
    """Counted views not yet flushed, by article id."""
    return ARTICLE_VIEWS.pending(article_ids)


def flush_view_counts(progress=None) -> int:
    """Move counted views from the cache to the database; returns the views moved."""
    return sum(ARTICLE_VIEWS.flush(progress).values())
