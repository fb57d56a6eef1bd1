"""A fake X-Forwarded-For opens no new quota; behind the trusted balancer each
citizen has a quota of their own (cms.ratelimits.client_address everywhere)."""

from django.test import Client, override_settings

from plugins.news import viewcounts
from plugins.news.models import ArticleViewCount
from plugins.polls.models import Vote
from tests.plugins.news import conftest as news_conftest
from tests.plugins.polls.conftest import make_poll

news_site, _news_world = news_conftest.news_site, news_conftest._news_world
_media = news_conftest._media  # autouse there: media files of the test articles in a temporary folder

LB = "10.0.0.2"  # the load balancer of the trusted-proxy tests


def beacon(client, portal, pk, **meta):
    return client.post(f"/news/view/{pk}/", HTTP_HOST=portal.site.hostname, **meta)


@override_settings(TRUSTED_PROXIES=[])
def test_the_view_counter_ignores_a_fake_forwarded_for(news_site, network, client):
    article = news_site["articles"][0]
    for n in range(20):
        response = beacon(client, network.ward_a, article.pk, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 202
    assert ArticleViewCount.objects.get(article=article).count == 1
    assert viewcounts.pending([article.pk]) == {}


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_balancer_the_view_counter_tells_citizens_apart(news_site, network, client):
    article = news_site["articles"][1]
    for citizen in ("198.51.100.1", "198.51.100.2", "198.51.100.1"):
        beacon(client, network.ward_a, article.pk, REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR=citizen)
    # A spoofed entry left of the balancer's own: still citizen 1, already counted.
    beacon(client, network.ward_a, article.pk, REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert ArticleViewCount.objects.get(article=article).count == 2


def _enable_polls(network):
    portal = network.ward_a
    if "polls" not in portal.enabled_plugins:
        portal.enabled_plugins = [*portal.enabled_plugins, "polls"]
        portal.save()
    return portal


def _browser_vote(portal, poll, **meta):
    """A full browser vote (fresh visitor: state route for cookie and token, then the POST)."""
    host = portal.site.hostname
    browser = Client()
    token = browser.get(f"/tham-do/{poll.pk}/trang-thai.json", HTTP_HOST=host, **meta).json()["token"]
    response = browser.post(
        f"/tham-do/{poll.pk}/binh-chon/",
        {"option": poll.options.first().pk, "token": token},
        HTTP_HOST=host,
        HTTP_ORIGIN=f"http://{host}",
        HTTP_ACCEPT="application/json",
        **meta,
    )
    return response.json()["code"]


@override_settings(TRUSTED_PROXIES=[], RATE_LIMITS={"polls.vote": "3/h"})
def test_the_poll_quota_ignores_a_fake_forwarded_for(network):
    portal = _enable_polls(network)
    poll = make_poll(portal)
    codes = [_browser_vote(portal, poll, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(6)]
    assert codes == ["voted"] * 3 + ["rate"] * 3
    assert Vote.objects.filter(poll=poll).count() == 3


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], RATE_LIMITS={"polls.vote": "2/h"})
def test_behind_the_balancer_two_citizens_have_two_poll_quotas(network):
    portal = _enable_polls(network)
    poll = make_poll(portal)
    first = [_browser_vote(portal, poll, REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR="198.51.100.1") for _ in range(3)]
    # Citizen 1 again, pretending to be somebody else in front of the balancer: still citizen 1.
    first.append(_browser_vote(portal, poll, REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR="203.0.113.77, 198.51.100.1"))
    second = [_browser_vote(portal, poll, REMOTE_ADDR=LB, HTTP_X_FORWARDED_FOR="198.51.100.2") for _ in range(2)]
    assert first == ["voted", "voted", "rate", "rate"]
    assert second == ["voted", "voted"]
    assert Vote.objects.filter(poll=poll).count() == 4
