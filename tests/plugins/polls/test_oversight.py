"""The polls plugin's content activity for the oversight dashboard (``polls.polls``)."""

from __future__ import annotations

import datetime

import pytest

from plugins.polls.models import Poll
from plugins.polls.oversight import polls
from registry.plugins import registry
from tests.plugins.oversight_helpers import DAYS, ago
from tests.plugins.polls.conftest import make_poll

pytestmark = pytest.mark.django_db


def poll_of(portal, created, opens=None, question="Bạn có hài lòng không?"):
    """A poll created at ``created`` and opening at ``opens`` (the same by default)."""
    poll = make_poll(portal, question=question)
    Poll.objects.filter(pk=poll.pk).update(created_at=created, opens_at=opens or created)
    return poll


def test_declared_in_the_plugin_contract():
    (activity,) = registry.get("polls").activities
    assert (activity.key, activity.max_days, activity.levels) == ("polls.polls", 90, None)
    assert registry.load(activity.activity) is polls


def test_last_poll_and_counts_in_each_window(polls_on, now):
    poll_of(polls_on.ward_a, ago(10, now))
    poll_of(polls_on.ward_a, ago(40, now))
    poll_of(polls_on.ward_a, ago(100, now))
    poll_of(polls_on.ward_b, ago(80, now))

    found = polls(now, DAYS)

    assert found[polls_on.ward_a.pk] == (ago(10, now), (1, 2))  # 40 days ago: in 90, not in 30
    assert found[polls_on.ward_b.pk] == (ago(80, now), (0, 1))
    assert polls_on.province.pk not in found


def test_a_poll_counts_when_readers_can_see_it(polls_on, now):
    # Prepared 50 days ago, opened 5 days ago: new to readers 5 days ago.
    poll_of(polls_on.ward_a, ago(50, now), opens=ago(5, now))
    # Prepared now, opening next week: readers see nothing yet (as a draft).
    poll_of(polls_on.ward_b, ago(1, now), opens=now + datetime.timedelta(days=7))

    found = polls(now, DAYS)

    assert found[polls_on.ward_a.pk] == (ago(5, now), (1, 1))
    assert polls_on.ward_b.pk not in found


def test_nothing_after_until_counts(polls_on, now):
    poll_of(polls_on.ward_a, ago(20, now))
    poll_of(polls_on.ward_a, ago(2, now))
    assert polls(ago(10, now), DAYS)[polls_on.ward_a.pk] == (ago(20, now), (1, 1))
    assert polls_on.ward_a.pk not in polls(ago(25, now), DAYS)


def test_one_query_for_the_whole_network(polls_on, now, django_assert_num_queries):
    for portal in (polls_on.province, polls_on.ward_a, polls_on.ward_b):
        poll_of(portal, ago(3, now))
    with django_assert_num_queries(1):
        found = polls(now, DAYS)
    assert {pk: counts for pk, (_last, counts) in found.items()} == {
        polls_on.province.pk: (1, 1),
        polls_on.ward_a.pk: (1, 1),
        polls_on.ward_b.pk: (1, 1),
    }
