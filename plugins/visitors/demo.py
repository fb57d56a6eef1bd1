"""Demo visit totals (set once), visits of the last 60 days, and the statistics block in
the sidebar."""

import datetime
import hashlib

from django.utils import timezone

from sites.models import BlockPlacement

from .models import VisitCounter, VisitDay

BASE = {"province": 1_254_000, "department": 186_000}
# Typical visits of a weekday by level (a weekend day gets about half).
DAILY = {"province": 2_400, "department": 320}
DAILY_OTHER = 60
DEMO_DAYS = 60


def demo_days(portal, today=None) -> list[VisitDay]:
    """The portal's plausible visits of each of the last DEMO_DAYS days (today included):
    the level's typical day, halved on weekends, varied by a stable per-day amount."""
    today = today or timezone.localdate()
    base = DAILY.get(portal.level.code, DAILY_OTHER)
    days = []
    for back in range(DEMO_DAYS):
        day = today - datetime.timedelta(days=back)
        digest = hashlib.sha1(f"{portal.codename}:{day.isoformat()}".encode()).digest()
        factor = 0.7 + digest[0] / 425  # 0.7 .. 1.3
        visits = int(base * factor * (0.5 if day.weekday() >= 5 else 1))
        days.append(VisitDay(portal=portal, day=day, visits=visits))
    return days


def load_demo(portal, stdout):
    digest = hashlib.sha1(portal.codename.encode()).digest()
    start = BASE.get(portal.level.code, 24_000) + int.from_bytes(digest[:2], "big")
    _counter, created = VisitCounter.objects.get_or_create(portal=portal, defaults={"total": start})
    # Days already there (counted, or an earlier demo load) are kept.
    VisitDay.objects.bulk_create(demo_days(portal), ignore_conflicts=True)
    for home in portal.root_pages():
        home = home.specific
        if not hasattr(home, "placements"):
            continue
        _placement, placed = BlockPlacement.objects.get_or_create(
            page=home, block="visitors.stats", defaults={"slot": "sidebar", "sort_order": 90, "limit": 1}
        )
        if placed and home.live:
            home.save_revision().publish()
    stdout.write(f"  visitors: {portal.name}: {'total set' if created else 'kept'}, days of the last {DEMO_DAYS} filled\n")
