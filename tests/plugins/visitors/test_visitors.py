import io
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.visitors.models import VisitCounter
from plugins.visitors.stats import FLUSH_LOCK_KEY, flush_visits, total_visits
from plugins.visitors.tracker import GUEST, MEMBER, VISITS, CacheTracker, RedisTracker, get_tracker
from registry.plugins import registry
from sites.models import BlockPlacement

pytestmark = pytest.mark.django_db
BEACON = "/thong-ke-truy-cap/dem/"


def beacon(client, portal, method="post", ip="203.113.1.1", agent="Mozilla/5.0 test"):
    call = getattr(client, method)
    return call(BEACON, HTTP_HOST=portal.site.hostname, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def place(portal, slot="sidebar"):
    return BlockPlacement.objects.create(page=portal.site.root_page.specific, block="visitors.stats", slot=slot)


# --- beacon -----------------------------------------------------------------------


def test_beacon_counts_a_guest_once_per_visit(network, client):
    data = beacon(client, network.ward_a).json()
    assert data["online"] == {"guests": 1, "members": 0, "total": 1}
    assert data["total"] == 1
    data = beacon(client, network.ward_a).json()  # same visitor, next page
    assert data["online"]["guests"] == 1 and data["total"] == 1
    data = beacon(client, network.ward_a, ip="203.113.1.2").json()  # another visitor
    assert data["online"]["guests"] == 2 and data["total"] == 2
    data = beacon(client, network.ward_a, agent="Other browser").json()
    assert data["online"]["guests"] == 3 and data["total"] == 3


def test_beacon_counts_members_apart(network, client):
    client.force_login(network.editor_a)
    data = beacon(client, network.ward_a).json()
    assert data["online"] == {"guests": 0, "members": 1, "total": 1}


def test_beacon_protocol(network, client):
    # GET shows the figures without counting.
    data = beacon(client, network.ward_a, method="get").json()
    assert data["total"] == 0 and data["online"]["total"] == 0
    assert data["display"]["total"] == "0"
    # POST counts; the answer sets no cookie and is never cached.
    response = beacon(client, network.ward_a)
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Other methods are refused.
    assert client.put(BEACON, HTTP_HOST=network.ward_a.site.hostname).status_code == 405


def test_beacon_404_where_plugin_off(network, client):
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    assert beacon(client, network.ward_a).status_code == 404


def test_counts_are_per_portal(network, client):
    beacon(client, network.ward_a)
    beacon(client, network.ward_a, ip="10.0.0.2")
    data_b = beacon(client, network.ward_b, method="get").json()
    assert data_b["total"] == 0 and data_b["online"]["total"] == 0
    assert total_visits(network.ward_a) == 2 and total_visits(network.ward_b) == 0


def test_counting_writes_nothing_to_the_database(network, client):
    beacon(client, network.ward_a)  # may schedule the minute's flush
    assert cache.get(FLUSH_LOCK_KEY)  # the next minute's requests only touch the cache
    with CaptureQueriesContext(connection) as context:
        beacon(client, network.ward_a, ip="10.0.0.9")
    statements = [q["sql"].split()[0].upper() for q in context.captured_queries]
    assert statements and all(s == "SELECT" for s in statements), statements


def test_display_uses_vietnamese_thousands(network, client):
    VisitCounter.objects.create(portal=network.ward_a, total=1234567)
    assert beacon(client, network.ward_a, method="get").json()["display"]["total"] == "1.234.567"


# --- totals survive restarts ------------------------------------------------------------


def test_flush_moves_pending_visits_to_the_database(network):
    tracker = get_tracker()
    for n in range(3):
        tracker.record(network.ward_a.pk, GUEST, f"visitor-{n}")
    tracker.record(network.ward_b.pk, MEMBER, "u1")
    assert VISITS.pending_for(network.ward_a.pk) == 3
    flushed = flush_visits()
    assert flushed == {network.ward_a.pk: 3, network.ward_b.pk: 1}
    assert VISITS.pending_for(network.ward_a.pk) == 0
    assert VisitCounter.objects.get(portal=network.ward_a).total == 3
    cache.clear()  # a restart of the cache loses nothing flushed
    assert total_visits(network.ward_a) == 3
    tracker.record(network.ward_a.pk, GUEST, "visitor-new")
    assert total_visits(network.ward_a) == 4
    flush_visits()
    assert VisitCounter.objects.get(portal=network.ward_a).total == 4
    assert flush_visits() == {}


def test_beacon_schedules_a_flush_task(network, client):
    # The immediate tasks backend runs the flush in the first counting request.
    beacon(client, network.ward_a)
    assert VisitCounter.objects.get(portal=network.ward_a).total == 1
    beacon(client, network.ward_a, ip="10.1.1.1")  # within the minute: stays pending
    assert VisitCounter.objects.get(portal=network.ward_a).total == 1
    assert total_visits(network.ward_a) == 2


def test_flush_command(network):
    get_tracker().record(network.ward_a.pk, GUEST, "x")
    out, err = io.StringIO(), io.StringIO()
    call_command("flush_visits", stdout=out, stderr=err)
    assert "Flushed 1 visits of 1 portals." in out.getvalue()
    assert VisitCounter.objects.get(portal=network.ward_a).total == 1


# --- trackers --------------------------------------------------------------------------


def _windows(tracker, portal_id):
    t = 1_000_000.0
    assert tracker.record(portal_id, GUEST, "g1", now=t) is True
    assert tracker.record(portal_id, MEMBER, "u1", now=t + 10) is True
    assert tracker.online(portal_id, now=t + 20) == {"guests": 1, "members": 1, "total": 2}
    assert tracker.online(portal_id, now=t + 400) == {"guests": 0, "members": 0, "total": 0}  # gone after 5 minutes
    assert tracker.record(portal_id, GUEST, "g1", now=t + 400) is False  # still the same visit
    assert tracker.online(portal_id, now=t + 410)["guests"] == 1
    assert tracker.record(portal_id, GUEST, "g1", now=t + 400 + 1801) is True  # a new visit after 30 idle minutes
    assert VISITS.pending_for(portal_id) == 3


def test_cache_tracker_windows(network):
    _windows(CacheTracker(), network.ward_a.pk)


def test_redis_tracker_windows(network):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/13")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    prefix = f"test-visitors-{uuid.uuid4().hex}"
    try:
        _windows(RedisTracker(client, prefix=prefix), network.ward_a.pk)
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


# --- block ---------------------------------------------------------------------------


def test_block_on_cached_page_shows_stored_total_and_beacon(network, portal_client):
    VisitCounter.objects.create(portal=network.ward_a, total=4321)
    place(network.ward_a)
    client = portal_client(network.ward_a)
    first = client.get("/")
    html = first.content.decode()
    assert "Thống kê truy cập" in html
    assert 'data-visitors-beacon="/thong-ke-truy-cap/dem/"' in html
    assert "4.321" in html
    assert "visitors/visitors.js" in html
    assert not first.cookies
    second = client.get("/")
    assert second["X-Cache"] == "HIT"  # the block keeps the page cacheable


def test_block_hidden_when_plugin_off(network, portal_client):
    place(network.ward_a)
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    assert "data-visitors-beacon" not in portal_client(network.ward_a).get("/").content.decode()


def test_load_demo_is_idempotent(network, portal_client):
    plugin = registry.get("visitors")
    out = io.StringIO()
    plugin.load_demo(network.ward_a, out)
    total = VisitCounter.objects.get(portal=network.ward_a).total
    plugin.load_demo(network.ward_a, out)
    assert VisitCounter.objects.get(portal=network.ward_a).total == total > 0
    assert BlockPlacement.objects.filter(block="visitors.stats").count() == 2
    assert "data-visitors-beacon" in portal_client(network.ward_a).get("/").content.decode()
