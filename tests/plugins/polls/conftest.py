import pytest

from tests.factories import PollFactory


def make_poll(portal, question="Bạn có hài lòng không?", options=("Có", "Không", "Chưa rõ"), opens_days=-1, closes_days=10):
    return PollFactory(portal=portal, question=question, options=options, opens_days=opens_days, closes_days=closes_days)


@pytest.fixture
def polls_on(network):
    """The network with polls switched on for every portal."""
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
