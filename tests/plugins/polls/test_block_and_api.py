"""The poll block in cached home pages, the open-data API and the demo content."""

import io
import re

import pytest

from plugins.polls.models import Poll, Vote
from sites.models import BlockPlacement

from .conftest import make_poll


def without_nonces(html: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', html)


def place_block(portal, slot="sidebar"):
    for home in portal.root_pages():
        BlockPlacement.objects.get_or_create(
            page=home.specific, block="polls.poll", defaults={"slot": slot, "title": "Thăm dò ý kiến"}
        )


def test_block_shows_the_form_and_stays_cached_after_votes(client, poll_a, polls_on, django_assert_max_num_queries):
    portal = polls_on.ward_a
    place_block(portal)
    host = portal.site.hostname
    first = client.get("/", HTTP_HOST=host)
    html = first.content.decode()
    assert first["X-Cache"] == "MISS"
    assert "Thăm dò ý kiến" in html and "Bạn có hài lòng không?" in html
    assert f'action="/tham-do/{poll_a.pk}/binh-chon/"' in html
    assert 'type="radio"' in html and "<legend" in html
    assert "csrfmiddlewaretoken" not in html  # no per-visitor token in a cached page
    assert 'name="token" value=""' in html  # the script fetches the visitor's vote token
    assert f'data-state-url="/tham-do/{poll_a.pk}/trang-thai.json"' in html
    assert not first.cookies
    # A vote does not purge the page; the page stays identical for everybody.
    token = client.get(f"/tham-do/{poll_a.pk}/trang-thai.json", HTTP_HOST=host).json()["token"]
    client.post(
        f"/tham-do/{poll_a.pk}/binh-chon/",
        {"option": poll_a.options.first().pk, "token": token},
        HTTP_HOST=host,
        HTTP_ORIGIN=f"http://{host}",
    )
    assert Vote.objects.count() == 1
    with django_assert_max_num_queries(3):
        again = client.get("/", HTTP_HOST=host)
    assert again["X-Cache"] == "HIT"
    assert without_nonces(again.content) == without_nonces(first.content)  # each hit gets a fresh CSP nonce


def test_block_queries_are_constant(client, polls_on, django_assert_max_num_queries):
    portal = polls_on.ward_a
    place_block(portal)
    make_poll(portal, options=tuple(f"Phương án {i}" for i in range(10)), opens_days=-20, closes_days=-1)
    with django_assert_max_num_queries(40) as captured:
        assert client.get("/", HTTP_HOST=portal.site.hostname).status_code == 200
    baseline = len(captured.captured_queries)
    from django.core.cache import cache

    cache.clear()
    make_poll(portal, options=("A", "B"), opens_days=-30, closes_days=-25)
    with django_assert_max_num_queries(baseline):
        client.get("/?again", HTTP_HOST=portal.site.hostname)


def test_closed_poll_block_shows_results_only(client, polls_on):
    portal = polls_on.ward_a
    place_block(portal, slot="main")
    poll = make_poll(portal, opens_days=-10, closes_days=-1)
    options = list(poll.options.all())
    for n, option in enumerate([options[0], options[0], options[1]]):
        Vote.objects.create(poll=poll, option=option, voter=f"v{n}")
    html = client.get("/", HTTP_HOST=portal.site.hostname).content.decode()
    assert "Cuộc thăm dò đã kết thúc." in html
    assert 'type="radio"' not in html
    assert "66,7%" in html and "33,3%" in html and "Tổng số phiếu" in html


def test_block_with_no_poll(client, polls_on):
    place_block(polls_on.ward_b)
    html = client.get("/", HTTP_HOST=polls_on.ward_b.site.hostname).content.decode()
    assert "Hiện chưa có cuộc thăm dò nào." in html


def test_api_shape_counts_and_filters(client, poll_a, poll_b, polls_on):
    options = list(poll_a.options.all())
    Vote.objects.create(poll=poll_a, option=options[0], voter="x1")
    Vote.objects.create(poll=poll_a, option=options[0], voter="x2")
    Vote.objects.create(poll=poll_a, option=options[1], voter="x3")
    closed = make_poll(polls_on.ward_a, question="Đã đóng", opens_days=-9, closes_days=-2)
    make_poll(polls_on.ward_a, question="Chưa mở", opens_days=3)  # not public yet
    data = client.get("/api/polls/?portal=a.camau.localhost", HTTP_HOST="camau.localhost").json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 2
    by_q = {p["question"]: p for p in data["results"]}
    assert set(by_q) == {"Bạn có hài lòng không?", "Đã đóng"}
    item = by_q["Bạn có hài lòng không?"]
    assert item["portal"] == "a.camau.localhost" and item["is_open"] is True and item["total_votes"] == 3
    assert [(o["text"], o["votes"], o["percent"]) for o in item["options"]] == [
        ("Có", 2, 66.7),
        ("Không", 1, 33.3),
        ("Chưa rõ", 0, 0.0),
    ]
    assert by_q["Đã đóng"]["is_open"] is False
    assert (
        client.get("/api/polls/?portal=a.camau.localhost&open=false", HTTP_HOST="camau.localhost").json()["results"][0]["id"]
        == closed.pk
    )
    assert client.get("/api/polls/?open=true", HTTP_HOST="camau.localhost").json()["count"] == 2  # both wards
    assert "Đã đóng" not in str(client.get("/api/polls/?open=true").json())


@pytest.mark.parametrize(
    "query, status",
    [("?page=abc", 400), ("?page=0", 400), ("?page=999", 404), ("?portal=nowhere.localhost", 400), ("?open=maybe", 400)],
)
def test_api_bad_input_is_json_not_500(client, poll_a, query, status):
    response = client.get("/api/polls/" + query, HTTP_HOST="camau.localhost")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_api_hides_polls_of_portals_with_the_plugin_off(client, poll_a, poll_b, polls_on):
    polls_on.ward_b.enabled_plugins = [p for p in polls_on.ward_b.enabled_plugins if p != "polls"]
    polls_on.ward_b.save()
    data = client.get("/api/polls/", HTTP_HOST="camau.localhost").json()
    assert [p["portal"] for p in data["results"]] == ["a.camau.localhost"]


def test_api_queries_are_constant(client, polls_on, django_assert_max_num_queries):
    for n in range(8):
        make_poll(polls_on.ward_a, question=f"Câu {n}")
    with django_assert_max_num_queries(8):
        assert client.get("/api/polls/", HTTP_HOST="camau.localhost").json()["count"] == 8


def test_demo_is_idempotent_and_places_the_block(polls_on):
    from registry.plugins import registry

    portal = polls_on.ward_a
    out = io.StringIO()
    registry.get("polls").load_demo(portal, out)
    registry.get("polls").load_demo(portal, out)
    polls = Poll.objects.filter(portal=portal)
    assert polls.count() == 2
    open_poll = polls.open().get()
    assert open_poll.results().total == 94 and open_poll.question_en
    assert sum(r.tenths for r in open_poll.results().options) == 1000
    for home in portal.root_pages():
        assert home.specific.placements.filter(block="polls.poll").count() == 1
    assert "polls:" in out.getvalue()
