"""View counts outside the page render.

The article page is served from the anonymous page cache, so a small script
posts a beacon to ``/news/view/<id>/``. The beacon increments a counter in the
cache (Redis in production: atomic ``INCR``, survives app restarts) and asks
for a flush; :func:`flush_view_counts` moves the counters into
:class:`ArticleViewCount` rows (atomic ``DECR`` by the amount moved, so no
concurrent view is lost). At most one flush is queued at a time; the
``flush_news_views`` command flushes too (cron, or before a Redis restart).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

logger = logging.getLogger(__name__)

COUNTER_PREFIX = "news:views:n:"
FLUSH_PENDING_KEY = "news:views:flush-pending"
FLUSH_PENDING_SECONDS = 300  # a lost worker cannot block flushing longer than this
SEEN_SECONDS = 60  # one view per visitor and article per minute


def counter_key(article_id) -> str:
    return f"{COUNTER_PREFIX}{int(article_id)}"


def record_view(article_id, visitor: str = "") -> bool:
    """Count one view of ``article_id``; False when the visitor was just counted."""
    if visitor and not cache.add(f"news:views:seen:{visitor}:{int(article_id)}", 1, timeout=SEEN_SECONDS):
        return False
    key = counter_key(article_id)
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)
    request_flush()
    return True


def request_flush():
    """Queue one flush task unless one is already waiting."""
    if cache.add(FLUSH_PENDING_KEY, 1, timeout=FLUSH_PENDING_SECONDS):
        from plugins.news.tasks import flush_view_counts_task

        flush_view_counts_task.enqueue()


def pending(article_ids) -> dict[int, int]:
    """Counted views not yet flushed, by article id."""
    keys = {counter_key(pk): int(pk) for pk in article_ids}
    found = cache.get_many(list(keys))
    return {keys[key]: int(value) for key, value in found.items() if value}


def _candidate_ids():
    """Article ids that may have a counter in the cache."""
    iter_keys = getattr(cache, "iter_keys", None)
    if iter_keys is not None:  # django-redis: scan only the counters
        try:
            for key in iter_keys(f"{COUNTER_PREFIX}*") or ():
                suffix = key.rsplit(":", 1)[-1]
                if suffix.isdigit():
                    yield int(suffix)
        except Exception as error:  # the scan is lazy: IGNORE_EXCEPTIONS does not cover it
            from cms.redis_client import is_unavailable

            if not is_unavailable(error):
                raise
            logger.warning("View counts not flushed: Redis unavailable (%s)", error)
        return
    from plugins.news.models import ArticlePage

    yield from ArticlePage.objects.values_list("pk", flat=True).iterator(chunk_size=2000)


def _add_to_database(article_id, amount):
    from plugins.news.models import ArticleViewCount

    updated = ArticleViewCount.objects.filter(article_id=article_id).update(count=F("count") + amount)
    if not updated:
        try:
            with transaction.atomic():
                ArticleViewCount.objects.create(article_id=article_id, count=amount)
        except IntegrityError:  # created meanwhile by another flush, or the article is gone
            ArticleViewCount.objects.filter(article_id=article_id).update(count=F("count") + amount)


def flush_view_counts(progress=None) -> int:
    """Move counted views from the cache to the database; returns the views moved."""
    from plugins.news.models import ArticlePage

    cache.delete(FLUSH_PENDING_KEY)
    moved = 0
    batch: list[int] = []

    def flush_batch(ids):
        nonlocal moved
        counts = pending(ids)
        existing = set(ArticlePage.objects.filter(pk__in=list(counts)).values_list("pk", flat=True))
        for article_id, amount in counts.items():
            try:
                taken = cache.decr(counter_key(article_id), amount)
            except ValueError:
                continue
            if taken is None:  # Redis gone mid-flush (logged by django-redis): the views stay counted there
                continue
            if article_id in existing:
                _add_to_database(article_id, amount)
                moved += amount
            if progress is not None:
                progress.update(1)

    for article_id in _candidate_ids():
        batch.append(article_id)
        if len(batch) >= 500:
            flush_batch(batch)
            batch = []
    if batch:
        flush_batch(batch)
    return moved
