"""200 voters at once on PostgreSQL: no vote lost, none counted twice.

Runs only on PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises every
write, so it cannot show a lost update. The 200 threads start together at a
barrier; a semaphore keeps at most MAX_CONNECTIONS of them inside a request at
a time so the shared server's connection limit (100) is never reached.
"""

from __future__ import annotations

import threading

import pytest
from django.core import signing
from django.db import connection, connections
from django.test import Client, override_settings

from plugins.polls import voting
from plugins.polls.models import Vote

from .conftest import make_poll

VOTERS = 150
REPEATS = 50  # threads that replay the cookie of an earlier voter, at the same moment
MAX_CONNECTIONS = 40

if connection.vendor == "postgresql":
    # Scheduled first (tests/conftest.py): about 20 s on a 2-core machine.
    pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.heavy(20)]
else:  # no transactional marker either: SQLite runs need no serialized database for this module
    pytestmark = [pytest.mark.skip(reason="The concurrency test needs PostgreSQL: set DATABASE_URL=postgres://...")]


@pytest.fixture(scope="module", autouse=True)
def _leave_the_database_as_migrated(django_db_setup, django_db_blocker):
    """A transactional test ends with a flush; put the migrated contents (seeded
    levels, document types ...) back afterwards so that whatever runs next (other
    transactional or browser tests) finds the database as it was."""
    from django.db import connections

    from sites.models import PortalLevel

    with django_db_blocker.unblock():
        contents = {}
        for alias in connections:
            saved = getattr(connections[alias], "_test_serialized_contents", None)
            if not saved and PortalLevel.objects.using(alias).exists():
                saved = connections[alias].creation.serialize_db_to_string()
                connections[alias]._test_serialized_contents = saved
            if saved:
                contents[alias] = saved
    yield
    with django_db_blocker.unblock():
        for alias, saved in contents.items():
            if not PortalLevel.objects.using(alias).exists():
                connections[alias].creation.deserialize_db_from_string(saved)


@pytest.fixture
def polls_on(network):
    """Committed data (the threads use their own connections): the plain network fixture."""
    for portal in (network.province, network.ward_a, network.ward_b):
        if "polls" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "polls"]
            portal.save()
    return network


def _cookie(voter):
    return signing.get_cookie_signer(salt=voting.VOTER_COOKIE + voting.VOTER_COOKIE_SALT).sign(voter)


def _run_voters(poll, host, jobs):
    """jobs: list of (voter id, option id). Returns the outcome codes."""
    barrier = threading.Barrier(len(jobs))
    gate = threading.BoundedSemaphore(MAX_CONNECTIONS)
    codes = [None] * len(jobs)
    tokens = [voting.issue_token(poll, voter) for voter, _option in jobs]  # one single-use token per request

    def work(index, voter, option_id):
        client = Client()
        client.cookies[voting.VOTER_COOKIE] = _cookie(voter)
        token = tokens[index]
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    response = client.post(
                        f"/tham-do/{poll.pk}/binh-chon/",
                        {"option": option_id, "token": token},
                        HTTP_HOST=host,
                        HTTP_ORIGIN=f"http://{host}",
                        HTTP_ACCEPT="application/json",
                    )
                    codes[index] = response.json()["code"]
                finally:
                    connections.close_all()
        except Exception as error:
            codes[index] = f"error: {error!r}"

    threads = [threading.Thread(target=work, args=(i, voter, option)) for i, (voter, option) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


@override_settings(RATE_LIMITS={"polls.vote": "100000/h"})
def test_200_concurrent_voters_lose_no_vote(polls_on):
    assert connection.vendor == "postgresql"
    poll = make_poll(polls_on.ward_a, options=("Một", "Hai", "Ba", "Bốn"))
    options = [o.pk for o in poll.options.all()]
    jobs = [(f"voter-{n}", options[n % 4]) for n in range(VOTERS)]
    jobs += [(f"voter-{n}", options[(n + 1) % 4]) for n in range(REPEATS)]  # the same visitors again
    codes = _run_voters(poll, polls_on.ward_a.site.hostname, jobs)

    assert not [c for c in codes if c is None or c.startswith("error")], codes
    accepted = codes.count("voted")
    assert accepted == VOTERS
    assert codes.count("already") == REPEATS
    results = poll.results()
    assert results.total == accepted == Vote.objects.filter(poll=poll).count()
    assert sum(r.tenths for r in results.options) == 1000
    # Each visitor counts once, with the first choice that reached the database.
    assert Vote.objects.filter(poll=poll).values("voter").distinct().count() == VOTERS


@override_settings(RATE_LIMITS={"polls.vote": "60/h"})
def test_rate_limit_holds_under_concurrency(polls_on, monkeypatch):
    # One fixed window for the whole test: django-ratelimit's hour windows start at a
    # per-client moment, and one starting while the 120 votes run would let 60 more in.
    import django_ratelimit.core

    window, windows = django_ratelimit.core._get_window, {}
    monkeypatch.setattr(
        django_ratelimit.core, "_get_window", lambda value, period: windows.setdefault((value, period), window(value, period))
    )
    poll = make_poll(polls_on.ward_a, options=("Có", "Không"))
    option = poll.options.first().pk
    codes = _run_voters(poll, polls_on.ward_a.site.hostname, [(f"other-{n}", option) for n in range(120)])
    assert not [c for c in codes if c is None or c.startswith("error")], codes
    assert codes.count("voted") == 60 and codes.count("rate") == 60
    assert poll.results().total == 60
