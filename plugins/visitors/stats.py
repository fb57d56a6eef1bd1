"""Totals: the stored count plus what the cache holds; moving cache counts to the database."""

from __future__ import annotations

from django.utils.translation import get_language

from .models import VisitCounter
from .tracker import VISITS

FLUSH_LOCK_KEY = VISITS.flush_key


def stored_total(portal) -> int:
    return VisitCounter.objects.filter(portal=portal).values_list("total", flat=True).first() or 0


def total_visits(portal) -> int:
    return stored_total(portal) + VISITS.pending_for(portal.pk)


def format_count(number) -> str:
    """1.234.567 in Vietnamese, 1,234,567 in English."""
    text = f"{int(number):,}"
    return text if get_language() == "en" else text.replace(",", ".")


def flush_visits(progress=None) -> dict:
    """Add every portal's pending visits to its stored total; {portal_id: added}."""
    return VISITS.flush(progress)
