"""Redis down: the portals keep answering, publishing works, counters just skip.

The cache is pointed at a closed port (redis://127.0.0.1:1/0) with the very
options production uses (``cms.settings.redis_cache``): every route a citizen,
an API client or an editor uses must answer as usual, the failure must be
logged, and what only Redis can count (page views, visits, vote quotas) is not
counted rather than failing the request. A second test points the cache at a
server that accepts connections and never answers (a hung Redis, a network
partition): the client's short timeouts and its circuit breaker keep requests
from hanging.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
from django.urls import reverse

from cms.settings import redis_cache
from plugins.news.models import ArticlePage
from plugins.news.viewcounts import flush_view_counts
from plugins.visitors.stats import flush_visits
from tests.plugins.news.conftest import add_article, add_category
from tests.plugins.polls.conftest import make_poll

CLOSED_PORT = "redis://127.0.0.1:1/0"


def _use_cache(settings, url, **options):
    config = redis_cache(url)
    config["OPTIONS"].update(options)
    settings.CACHES = {"default": config}
    settings.PAGE_CACHE_SECONDS = 600  # the page cache is on, as in production


@pytest.fixture
def site(network):
    for portal in (network.province, network.ward_a):
        portal.enabled_plugins = sorted({*portal.enabled_plugins, "news", "polls", "visitors"})
        portal.save()
    news = add_category(network.ward_a.site.root_page, "Tin tức", "tin-tuc")
    article = add_article(news, "Khánh thành cầu Gành Hào", sapo="Cầu mới nối hai bờ sông")
    return network, article


@pytest.fixture
def redis_down(settings, caplog):
    _use_cache(settings, CLOSED_PORT)
    caplog.set_level(logging.WARNING)
    return caplog


def test_public_api_and_admin_answer_while_redis_is_down(site, redis_down, client):
    network, article = site
    host = network.ward_a.site.hostname
    for path in ("/", "/tin-tuc/", "/search/?q=cau", "/api/news/", "/api/search/?q=cau", "/api/portals/"):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, (path, response.status_code)
    page = client.get(article.get_url(), HTTP_HOST=host)
    assert page.status_code == 200 and "Khánh thành cầu Gành Hào" in page.content.decode()
    client.force_login(network.moderator_a)
    assert client.get(reverse("wagtailadmin_home"), HTTP_HOST=host).status_code == 200
    assert client.get(reverse("wagtailadmin_explore", args=[article.get_parent().pk]), HTTP_HOST=host).status_code == 200
    # The failure is logged, by django-redis (each call) and by the breaker (once).
    logged = [r for r in redis_down.records if r.name.startswith(("django_redis", "cms.redis_client"))]
    assert logged and any(r.levelno >= logging.ERROR for r in logged)


def test_publishing_works_while_redis_is_down(site, redis_down, client):
    network, article = site
    host = network.ward_a.site.hostname
    client.force_login(network.moderator_a)
    data = {
        "title": "Khánh thành cầu Gành Hào (cập nhật)",
        "slug": article.slug,
        "sapo": "Cầu mới nối hai bờ sông",
        "body-count": "0",
        "tags": "",
        "action-publish": "1",
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data, HTTP_HOST=host)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.live and article.title == "Khánh thành cầu Gành Hào (cập nhật)"
    client.logout()
    page = client.get(article.get_url(), HTTP_HOST=host)
    assert "Khánh thành cầu Gành Hào (cập nhật)" in page.content.decode()


def test_counters_skip_and_votes_answer_while_redis_is_down(site, redis_down, client):
    network, article = site
    host = network.ward_a.site.hostname
    # The view beacon: accepted, not counted, nothing to flush.
    response = client.post(f"/news/view/{article.pk}/", HTTP_HOST=host)
    assert response.status_code == 202 and response.json() == {"counted": False}
    assert flush_view_counts() == 0
    # The visits beacon: answers with the stored figures.
    response = client.post("/thong-ke-truy-cap/dem/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json()["online"] == {"guests": 0, "members": 0, "total": 0}
    assert flush_visits() == {}
    # A poll vote: the state route hands out a token, the vote is answered (never a 500).
    poll = make_poll(network.ward_a)
    state = client.get(f"/tham-do/{poll.pk}/trang-thai.json", HTTP_HOST=host)
    assert state.status_code == 200
    response = client.post(
        f"/tham-do/{poll.pk}/binh-chon/",
        {"option": poll.options.first().pk, "token": state.json().get("token", "")},
        HTTP_HOST=host,
        HTTP_ORIGIN=f"http://{host}",
    )
    assert response.status_code < 500, response.status_code
    assert ArticlePage.objects.filter(pk=article.pk, live=True).exists()


def test_rate_limits_fail_open_except_mail_sending_actions(site, redis_down, rf, settings):
    from cms.ratelimits import limited

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "polls.vote": "1/h", "accounts.password_reset": "100/h"}
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    assert not limited(request, "polls.vote") and not limited(request, "polls.vote")
    assert limited(request, "accounts.password_reset")  # RATE_LIMITS_FAIL_CLOSED
    assert any("not counted" in r.getMessage() for r in redis_down.records)


@pytest.fixture
def hung_redis():
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    server.close()


def test_a_hung_redis_costs_one_timeout_not_one_per_call(site, settings, hung_redis, client):
    network, article = site
    url, connections = hung_redis
    _use_cache(settings, url)
    settings.REDIS_RETRY_SECONDS = 30
    timeout = settings.CACHES["default"]["OPTIONS"]["SOCKET_TIMEOUT"]
    assert timeout <= 1  # production's own option: an outage never holds a request for long
    host = network.ward_a.site.hostname
    started = time.monotonic()
    for _ in range(5):
        assert client.get(article.get_url(), HTTP_HOST=host).status_code == 200
        assert client.post(f"/news/view/{article.pk}/", HTTP_HOST=host).status_code == 202
    elapsed = time.monotonic() - started
    # Each page asks the cache 3 times and each beacon twice: 25 calls, and each
    # timed-out call drops its connection. Without the breaker that is 25
    # connections and 25 timeouts (measured: 18 s); with it, the first one only.
    assert len(connections) == 1, len(connections)
    assert elapsed < 10 * timeout + 2, elapsed
