"""Visits by day (VisitDay): written with the totals when the cache counts are flushed,
offered to the oversight dashboard as the ``visitors.visits`` service, filled by the demo."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from plugins.visitors.demo import DEMO_DAYS
from plugins.visitors.models import VisitCounter, VisitDay
from plugins.visitors.services import visits
from plugins.visitors.stats import flush_visits
from plugins.visitors.tracker import GUEST, VISITS, get_tracker
from registry.plugins import registry

pytestmark = pytest.mark.django_db


def record(portal, count, prefix="v"):
    tracker = get_tracker()
    for n in range(count):
        tracker.record(portal.pk, GUEST, f"{prefix}-{portal.pk}-{n}")


def days_of(portal):
    return dict(VisitDay.objects.filter(portal=portal).values_list("day", "visits"))


def test_a_flush_adds_the_visits_to_the_row_of_today(network):
    today = timezone.localdate()
    record(network.ward_a, 3)
    record(network.ward_b, 1)
    assert flush_visits() == {network.ward_a.pk: 3, network.ward_b.pk: 1}
    assert days_of(network.ward_a) == {today: 3}
    assert days_of(network.ward_b) == {today: 1}

    record(network.ward_a, 2, prefix="later")  # the same day: added to its row
    flush_visits()
    assert days_of(network.ward_a) == {today: 5}
    assert VisitCounter.objects.get(portal=network.ward_a).total == 5  # the total moves with it
    assert flush_visits() == {} and days_of(network.ward_a) == {today: 5}  # a second flush adds nothing


def test_the_day_is_the_day_in_vietnam(network, monkeypatch):
    # 23:30 UTC on 31 December is 06:30 on 1 January in Asia/Ho_Chi_Minh.
    clock = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: clock)
    record(network.ward_a, 1)
    flush_visits()
    assert days_of(network.ward_a) == {datetime.date(2026, 1, 1): 1}


def test_the_beacon_flush_task_writes_the_day_too(network, client):
    client.post("/thong-ke-truy-cap/dem/", HTTP_HOST=network.ward_a.site.hostname, REMOTE_ADDR="203.113.1.1")
    assert days_of(network.ward_a) == {timezone.localdate(): 1}


def test_the_visits_service(network):
    today = timezone.localdate()
    a, b = network.ward_a, network.ward_b
    VisitDay.objects.bulk_create(
        [
            VisitDay(portal=a, day=today - datetime.timedelta(days=40), visits=100),
            VisitDay(portal=a, day=today - datetime.timedelta(days=29), visits=20),
            VisitDay(portal=a, day=today - datetime.timedelta(days=1), visits=7),
            VisitDay(portal=b, day=today - datetime.timedelta(days=31), visits=50),
        ]
    )
    record(a, 2)  # counted, not flushed yet: today's
    service = registry.service("visitors.visits")
    assert service is visits

    ids = [network.province.pk, a.pk, b.pk]
    assert service(ids, today - datetime.timedelta(days=29)) == {network.province.pk: 0, a.pk: 29, b.pk: 0}
    assert service(ids, today - datetime.timedelta(days=89)) == {network.province.pk: 0, a.pk: 129, b.pk: 50}
    assert service([b.pk], today - datetime.timedelta(days=89)) == {b.pk: 50}  # only the ids asked
    assert service([a.pk], today + datetime.timedelta(days=1)) == {a.pk: 0}  # nothing pending counts for tomorrow
    flush_visits()  # the pending visits move to today's row: the answer stays the same
    assert service([a.pk], today - datetime.timedelta(days=29)) == {a.pk: 29}
    assert service([], today) == {}


def test_the_visits_service_reads_the_network_in_one_query(network, django_assert_num_queries):
    VisitDay.objects.create(portal=network.ward_a, day=timezone.localdate(), visits=3)
    with django_assert_num_queries(1):
        found = visits([network.province.pk, network.ward_a.pk, network.ward_b.pk], timezone.localdate())
    assert found[network.ward_a.pk] == 3


def test_a_failed_day_tally_loses_no_visit(network, monkeypatch):
    record(network.ward_a, 2)

    def broken(*args, **kwargs):
        raise RuntimeError("database refused")

    monkeypatch.setattr(VisitDay.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        flush_visits()
    # Neither the total nor the day was written; the visits wait in the cache.
    assert not VisitCounter.objects.filter(portal=network.ward_a, total__gt=0).exists()
    assert VISITS.pending_for(network.ward_a.pk) == 2
    monkeypatch.undo()
    cache.delete(VISITS.flush_key)
    assert flush_visits() == {network.ward_a.pk: 2}
    assert days_of(network.ward_a) == {timezone.localdate(): 2}


def test_the_demo_fills_the_last_60_days_once(network):
    plugin = registry.get("visitors")
    today = timezone.localdate()
    VisitDay.objects.create(portal=network.ward_a, day=today, visits=4)  # counted already: kept
    plugin.load_demo(network.ward_a, io.StringIO())
    days = days_of(network.ward_a)
    assert len(days) == DEMO_DAYS
    assert min(days) == today - datetime.timedelta(days=DEMO_DAYS - 1)
    assert days[today] == 4
    assert all(20 <= n <= 100 for day, n in days.items() if day != today)  # a ward's plausible day
    plugin.load_demo(network.ward_a, io.StringIO())
    assert days_of(network.ward_a) == days  # idempotent

    plugin.load_demo(network.province, io.StringIO())
    assert sum(days_of(network.province).values()) > 10 * sum(days.values())  # the province is visited most
