import datetime

import pytest
from django.utils import timezone

from plugins.polls.models import Poll, PollOption


def make_poll(portal, question="Bạn có hài lòng không?", options=("Có", "Không", "Chưa rõ"), opens_days=-1, closes_days=10):
    now = timezone.now()
    poll = Poll(
        portal=portal,
        opens_at=now + datetime.timedelta(days=opens_days),
        closes_at=None if closes_days is None else now + datetime.timedelta(days=closes_days),
    )
    poll.question_vi = question
    poll.question_en = f"EN {question}"
    poll.save()
    for index, text in enumerate(options):
        option = PollOption(poll=poll, sort_order=index)
        option.text_vi = text
        option.save()
    return poll


@pytest.fixture
def polls_on(network):
    """Polls switched on for every portal of the network."""
    for portal in (network.province, network.ward_a, network.ward_b):
        if "polls" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "polls"]
            portal.save()
    return network


@pytest.fixture
def poll_a(polls_on):
    return make_poll(polls_on.ward_a)


@pytest.fixture
def poll_b(polls_on):
    return make_poll(polls_on.ward_b, question="Câu hỏi của phường B", options=("B1", "B2"))
