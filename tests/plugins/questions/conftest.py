import time

import pytest
from django.utils import timezone

from plugins.questions.forms import make_form_token
from plugins.questions.models import Question

URL = "/hoi-dap/gui-cau-hoi/"


def form_data(**overrides):
    """A citizen's valid question form, sent 30 s after the page loaded."""
    data = {
        "name": "Phạm Thị Lan",
        "email": "lan@example.vn",
        "phone": "0912 000 111",
        "subject": "Hỏi về lịch tiếp công dân",
        "content": "Xin cho biết lịch tiếp công dân của Ủy ban trong tháng này.",
        "website": "",
        "token": make_form_token(time.time() - 30),
    }
    data.update(overrides)
    return data


def make_question(portal, subject="Hỏi về cấp giấy phép xây dựng", published=True, **extra):
    values = {
        "name": "Nguyễn Văn Dân",
        "email": "dan.secret@example.vn",
        "phone": "0909 111 222",
        "content": "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ?",
        "answer": "Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế." if published else "",
        "status": Question.Status.PUBLISHED if published else Question.Status.NEW,
        "published_at": timezone.now() if published else None,
    }
    values.update(extra)
    return Question.objects.create(portal=portal, subject=subject, **values)


@pytest.fixture
def questions_on(_module_network, db):
    """The network (see _module_network) with questions switched on for every portal."""
    network = _fresh_network(_module_network)
    for portal in (network.province, network.ward_a, network.ward_b):
        if "questions" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "questions"]
            portal.save()
    return network


@pytest.fixture
def q_a(questions_on):
    return make_question(questions_on.ward_a)


@pytest.fixture
def q_b(questions_on):
    return make_question(
        questions_on.ward_b, subject="Câu hỏi riêng của phường B", email="b.secret@example.vn", phone="0988 777 666"
    )


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
