"""The one buffered counter (cms.counters): events wait in the cache, a flush writes
exact totals in bulk, a second flush adds nothing. Runs on the configured cache
(local memory, or Redis with REDIS_URL) and database."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.counters import BufferedCounter
from plugins.visitors.models import VisitCounter

pytestmark = pytest.mark.django_db

# A counter of its own (its own cache keys) on a real totals model.
COUNTER = BufferedCounter(name="test.counter", model="visitors.VisitCounter", key="portal", field="total")


def test_increments_wait_in_the_cache_and_a_flush_writes_exact_totals(network):
    a, b = network.ward_a, network.ward_b
    VisitCounter.objects.create(portal=b, total=10)
    with CaptureQueriesContext(connection) as counting:
        for _ in range(3):
            assert COUNTER.add(a.pk, flush=False)
        assert COUNTER.add(b.pk, flush=False)
    assert counting.captured_queries == []  # counting never touches the database
    assert COUNTER.pending([a.pk, b.pk, network.province.pk]) == {a.pk: 3, b.pk: 1}
    assert not VisitCounter.objects.filter(portal=a).exists()

    assert COUNTER.flush() == {a.pk: 3, b.pk: 1}
    assert VisitCounter.objects.get(portal=a).total == 3
    assert VisitCounter.objects.get(portal=b).total == 11  # added to the stored total
    assert COUNTER.pending([a.pk, b.pk]) == {}

    assert COUNTER.flush() == {}  # a second flush adds nothing
    assert VisitCounter.objects.get(portal=a).total == 3
    assert VisitCounter.objects.get(portal=b).total == 11

    COUNTER.add(a.pk, flush=False)  # counted after a flush: the next one adds just that
    assert COUNTER.flush() == {a.pk: 1}
    assert VisitCounter.objects.get(portal=a).total == 4


def test_a_flush_writes_in_bulk(network, django_assert_max_num_queries):
    portals = [network.province, network.ward_a, network.ward_b]
    for n, portal in enumerate(portals, start=1):
        for _ in range(n):
            COUNTER.add(portal.pk, flush=False)
    # Which objects exist, then one INSERT ... ON CONFLICT and one UPDATE for the batch
    # (plus the savepoint of the transaction): not one statement per object.
    with django_assert_max_num_queries(6):
        written = COUNTER.flush(progress=None)
    assert written == {p.pk: n for n, p in enumerate(portals, start=1)}
    assert {c.portal_id: c.total for c in VisitCounter.objects.all()} == written


def test_counts_of_a_deleted_object_are_dropped_not_written(network):
    COUNTER.add(network.ward_a.pk, flush=False)
    COUNTER.add(10**9, flush=False)  # an id nobody has (an object deleted since)
    assert COUNTER.flush() == {network.ward_a.pk: 1}
    assert not VisitCounter.objects.filter(portal_id=10**9).exists()


def test_one_visitor_counts_once_per_window(network, rf):
    counter = BufferedCounter(name="test.once", model="visitors.VisitCounter", key="portal", field="total", once_per_visitor=60)
    pk = network.ward_a.pk
    assert counter.add(pk, rf.post("/", REMOTE_ADDR="203.0.113.5"), flush=False)
    assert not counter.add(pk, rf.post("/", REMOTE_ADDR="203.0.113.5"), flush=False)  # same address
    # A forged X-Forwarded-For is not a new visitor (cms.ratelimits.client_address).
    assert not counter.add(pk, rf.post("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1"), flush=False)
    assert counter.add(pk, rf.post("/", REMOTE_ADDR="203.0.113.6"), flush=False)  # another visitor
    assert counter.add(network.ward_b.pk, rf.post("/", REMOTE_ADDR="203.0.113.5"), flush=False)  # another object
    assert counter.pending([pk, network.ward_b.pk]) == {pk: 2, network.ward_b.pk: 1}


def test_adding_queues_one_flush_task(network):
    """The immediate task backend runs the queued flush at once; with an interval the
    next events wait for a later flush instead of queueing one each."""
    every_time = BufferedCounter(name="test.now", model="visitors.VisitCounter", key="portal", field="total")
    pk = network.ward_a.pk
    assert every_time.add(pk) and every_time.add(pk)
    assert VisitCounter.objects.get(portal_id=pk).total == 2  # each add flushed
    assert not cache.get(every_time.flush_key)

    VisitCounter.objects.all().delete()
    paced = BufferedCounter(name="test.paced", model="visitors.VisitCounter", key="portal", field="total", interval=60)
    assert paced.add(pk) and paced.add(pk) and paced.add(pk)
    assert VisitCounter.objects.get(portal_id=pk).total == 1  # the first add flushed
    assert cache.get(paced.flush_key)  # the next flush waits a minute
    assert paced.pending_for(pk) == 2


def test_a_failed_database_write_gives_the_counts_back(network):
    pk = network.ward_a.pk
    COUNTER.add(pk, flush=False)
    COUNTER.add(pk, flush=False)
    broken = BufferedCounter(name="test.counter", model="visitors.VisitCounter", key="portal", field="no_such_column")
    with pytest.raises(FieldDoesNotExist):
        broken.flush()
    assert COUNTER.pending_for(pk) == 2  # nothing lost: the next flush writes them
    assert COUNTER.flush() == {pk: 2}


flushed_batches: list[dict] = []


def remember_flush(added):
    """An ``after_flush`` hook for the tests below: notes what each batch added."""
    flushed_batches.append(added)


def refuse_flush(added):
    raise RuntimeError("the hook's write was refused")


def hooked_counter(hook):
    return BufferedCounter(
        name="test.hooked",
        model="visitors.VisitCounter",
        key="portal",
        field="total",
        after_flush=f"tests.sites.test_counters:{hook}",
    )


def test_after_flush_is_called_with_what_each_batch_added(network):
    flushed_batches.clear()
    hooked = hooked_counter("remember_flush")
    a, b = network.ward_a.pk, network.ward_b.pk
    hooked.add(a, flush=False)
    hooked.add(a, flush=False)
    hooked.add(b, flush=False)
    assert hooked.flush() == {a: 2, b: 1}
    assert flushed_batches == [{a: 2, b: 1}]
    assert hooked.flush() == {} and flushed_batches == [{a: 2, b: 1}]  # nothing flushed: not called


def test_a_failing_after_flush_hook_rolls_the_batch_back(network):
    pk = network.ward_a.pk
    hooked_counter("refuse_flush").add(pk, flush=False)
    with pytest.raises(RuntimeError):
        hooked_counter("refuse_flush").flush()
    assert not VisitCounter.objects.filter(portal_id=pk).exists()  # the totals were rolled back with it
    assert hooked_counter("remember_flush").pending_for(pk) == 1  # and the count given back to the cache
    flushed_batches.clear()
    assert hooked_counter("remember_flush").flush() == {pk: 1}
    assert flushed_batches == [{pk: 1}] and VisitCounter.objects.get(portal_id=pk).total == 1
