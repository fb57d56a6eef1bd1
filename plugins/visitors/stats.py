"""Totals: the stored count plus what the cache holds; moving cache counts to the database."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import get_language

from sites.models import Portal

from .models import VisitCounter
from .tracker import get_tracker

logger = logging.getLogger(__name__)

FLUSH_EVERY_SECONDS = 60
FLUSH_LOCK_KEY = "visitors:flush-scheduled"


def stored_total(portal) -> int:
    return VisitCounter.objects.filter(portal=portal).values_list("total", flat=True).first() or 0


def total_visits(portal, tracker=None) -> int:
    tracker = tracker or get_tracker()
    return stored_total(portal) + tracker.pending(portal.pk)


def format_count(number) -> str:
    """1.234.567 in Vietnamese, 1,234,567 in English."""
    text = f"{int(number):,}"
    return text if get_language() == "en" else text.replace(",", ".")


def flush_visits(portal_ids=None, progress=None) -> dict:
    """Add every portal's pending visits to its stored total; {portal_id: added}."""
    tracker = get_tracker()
    ids = list(portal_ids) if portal_ids is not None else list(Portal.objects.values_list("pk", flat=True))
    pending = tracker.pending_many(ids)
    flushed = {}
    for portal_id in progress(ids) if progress else ids:
        count = pending.get(portal_id, 0)
        if count <= 0:
            continue
        with transaction.atomic():
            counter, _created = VisitCounter.objects.select_for_update().get_or_create(portal_id=portal_id)
            VisitCounter.objects.filter(pk=counter.pk).update(total=F("total") + count)
            # Taken from the cache inside the transaction: a database failure leaves
            # the visits pending, and a cache that cannot take them (Redis gone
            # mid-flush) rolls the addition back, so no visit is counted twice.
            if not tracker.take_pending(portal_id, count):
                transaction.set_rollback(True)
                logger.warning("Visits of portal %s not flushed: the cache is unavailable", portal_id)
                continue
        flushed[portal_id] = count
    return flushed


def schedule_flush():
    """Ask for a flush at most once a minute (a django-tasks task)."""
    if not cache.add(FLUSH_LOCK_KEY, 1, FLUSH_EVERY_SECONDS):
        return
    from .tasks import flush_visits_task

    try:
        flush_visits_task.enqueue()
    except Exception:  # counting must never fail a request
        logger.exception("Could not enqueue flush_visits_task")
