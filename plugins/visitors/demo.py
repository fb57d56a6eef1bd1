"""Demo visit totals (set once) and the statistics block in the sidebar."""

import hashlib

from sites.models import BlockPlacement

from .models import VisitCounter

BASE = {"province": 1_254_000, "department": 186_000}


def load_demo(portal, stdout):
    digest = hashlib.sha1(portal.codename.encode()).digest()
    start = BASE.get(portal.level.code, 24_000) + int.from_bytes(digest[:2], "big")
    _counter, created = VisitCounter.objects.get_or_create(portal=portal, defaults={"total": start})
    for home in portal.root_pages():
        home = home.specific
        if not hasattr(home, "placements"):
            continue
        _placement, placed = BlockPlacement.objects.get_or_create(
            page=home, block="visitors.stats", defaults={"slot": "sidebar", "sort_order": 90, "limit": 1}
        )
        if placed and home.live:
            home.save_revision().publish()
    stdout.write(f"  visitors: {portal.name}: {'total set' if created else 'kept'}\n")
