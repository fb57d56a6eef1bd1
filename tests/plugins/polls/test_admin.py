"""Poll admin: scoped to the user's portals on every route; 2–10 options enforced."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plugins.polls.models import Poll

from .conftest import make_poll

SECRET = "Câu hỏi nội bộ phường An Xuyên"
BASE = "wagtailsnippets_polls_poll"


@pytest.fixture
def secret_poll(polls_on):
    return make_poll(polls_on.ward_a, question=SECRET, options=("Bí mật 1", "Bí mật 2"))


def object_routes(poll):
    return [
        reverse(f"{BASE}:edit", args=[poll.pk]),
        reverse(f"{BASE}:delete", args=[poll.pk]),
        reverse(f"{BASE}:history", args=[poll.pk]),
        reverse(f"{BASE}:usage", args=[poll.pk]),
        reverse(f"{BASE}:inspect", args=[poll.pk]),
        reverse("wagtailsnippetchoosers_polls_poll:chosen", args=[poll.pk]),
    ]


def poll_form(portal, question="Câu hỏi mới", options=("Có", "Không"), closes_in_days=7):
    now = timezone.localtime()
    data = {
        "portal": portal.pk,
        "question_vi": question,
        "question_en": "",
        "description_vi": "",
        "description_en": "",
        "opens_at": now.strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + datetime.timedelta(days=closes_in_days)).strftime("%Y-%m-%d %H:%M"),
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "2",
        "options-MAX_NUM_FORMS": "10",
    }
    for i, text in enumerate(options):
        data.update(
            {f"options-{i}-text_vi": text, f"options-{i}-text_en": "", f"options-{i}-ORDER": str(i + 1), f"options-{i}-id": ""}
        )
    return data


def test_editor_of_another_portal_is_refused_on_every_route(client, polls_on, secret_poll):
    client.force_login(polls_on.editor_b)
    for url in object_routes(secret_poll):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert SECRET not in response.content.decode()
    client.post(reverse(f"{BASE}:delete", args=[secret_poll.pk]))
    client.post(reverse(f"{BASE}:edit", args=[secret_poll.pk]), poll_form(polls_on.ward_b, question="Bị sửa"))
    secret_poll.refresh_from_db()
    assert secret_poll.question == SECRET
    for url in (reverse(f"{BASE}:list"), reverse("wagtailsnippetchoosers_polls_poll:choose"), reverse(f"{BASE}:list") + "?q=An"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    for guessed in ("999999", "abc"):
        assert client.get(f"/admin/snippets/polls/poll/edit/{guessed}/").status_code == 404


def test_owner_and_network_admin_see_the_poll(client, polls_on, secret_poll):
    for user in (polls_on.editor_a, polls_on.moderator_a, polls_on.network_admin):
        client.force_login(user)
        assert SECRET in client.get(reverse(f"{BASE}:list")).content.decode()
        response = client.get(reverse(f"{BASE}:edit", args=[secret_poll.pk]))
        assert response.status_code == 200 and SECRET in response.content.decode()


def test_editor_creates_a_poll_only_in_own_portal(client, polls_on):
    client.force_login(polls_on.editor_b)
    response = client.post(reverse(f"{BASE}:add"), poll_form(polls_on.ward_a, question="Cài vào phường A"))
    assert response.status_code == 200
    assert not Poll.objects.filter(question_vi="Cài vào phường A").exists()
    response = client.post(reverse(f"{BASE}:add"), poll_form(polls_on.ward_b, question="Của phường B"))
    assert response.status_code == 302, response.content.decode()[:3000]
    poll = Poll.objects.get(question_vi="Của phường B")
    assert poll.portal == polls_on.ward_b
    assert [o.text for o in poll.options.all()] == ["Có", "Không"]


@pytest.mark.parametrize("options", [("Chỉ một",), tuple(f"Phương án {i}" for i in range(11))])
def test_option_count_must_be_2_to_10(client, polls_on, options):
    client.force_login(polls_on.editor_b)
    response = client.post(reverse(f"{BASE}:add"), poll_form(polls_on.ward_b, question="Sai số phương án", options=options))
    assert response.status_code == 200
    assert f"Một cuộc thăm dò cần từ 2 đến 10 phương án (hiện có {len(options)})." in response.content.decode()
    assert not Poll.objects.filter(question_vi="Sai số phương án").exists()


def test_closing_before_opening_is_refused(client, polls_on):
    client.force_login(polls_on.editor_b)
    response = client.post(reverse(f"{BASE}:add"), poll_form(polls_on.ward_b, question="Ngược ngày", closes_in_days=-3))
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()
    assert not Poll.objects.filter(question_vi="Ngược ngày").exists()
