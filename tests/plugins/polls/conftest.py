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
def polls_on(_module_network, db):
    """The network (see _module_network) with polls switched on for every portal."""
    network = _fresh_network(_module_network)
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


@pytest.fixture(scope="module")
def _module_network(django_db_setup, django_db_blocker):
    """The conftest's network, built once per module inside a transaction that is
    rolled back at the end of the module (Django's setUpTestData pattern): each
    test still runs in its own savepoint, so tests stay isolated, but the
    provisioning of three portals is paid once per module instead of per test."""
    from django.db import transaction

    from sites.provisioning import network_admins_group, remove_wagtail_welcome_site
    from tests.conftest import make_portal, make_user

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        remove_wagtail_welcome_site()
        province = make_portal(
            "Tỉnh Cà Mau",
            "camau.localhost",
            level="province",
            name_en="Ca Mau Province",
            codename="ca-mau",
            is_default=True,
            theme="provincial",
        )
        ward_a = make_portal("Phường An Xuyên", "a.camau.localhost", parent=province, name_en="An Xuyen Ward")
        ward_b = make_portal("Phường Tân Thành", "b.camau.localhost", parent=province, name_en="Tan Thanh Ward")
        ids = {
            "portals": (province.pk, ward_a.pk, ward_b.pk),
            "users": (
                make_user("editor_a", [ward_a.editors_group]).pk,
                make_user("moderator_a", [ward_a.moderators_group]).pk,
                make_user("editor_b", [ward_b.editors_group]).pk,
                make_user("netadmin", [network_admins_group()]).pk,
            ),
        }
    try:
        yield ids
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _fresh_network(ids):
    """Fresh objects for each test (a test may change its copies)."""
    from django.contrib.auth import get_user_model

    from sites.models import Portal
    from tests.conftest import Network

    portals = {p.pk: p for p in Portal.objects.select_related("site").filter(pk__in=ids["portals"])}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids["users"])}
    return Network(*(portals[pk] for pk in ids["portals"]), *(users[pk] for pk in ids["users"]))
