"""Poll stuffing: a vote counts only from a browser that loaded the poll.

A script that keeps no cookies gets nothing counted, whatever it forges (Origin,
Referer, X-Forwarded-For) and whatever token it scrapes from our pages; a
browser that fetched its token with the voter cookie gets exactly one vote; a
token is good once and only with the cookie it was issued for; and the pages
that show the poll stay one cached copy for everybody.
"""

import re

from django.test import Client

from plugins.polls import voting
from plugins.polls.models import Vote
from sites.models import BlockPlacement
from tests.plugins.polls import conftest as polls_conftest

# The polls tests' network (built once per module) and its fixtures.
polls_on = polls_conftest.polls_on
poll_a = polls_conftest.poll_a
poll_b = polls_conftest.poll_b

ATTEMPTS = 60


def place_block(portal):
    for home in portal.root_pages():
        BlockPlacement.objects.get_or_create(
            page=home.specific, block="polls.poll", defaults={"slot": "sidebar", "title": "Thăm dò ý kiến"}
        )


def state(client, host, poll):
    return client.get(f"/tham-do/{poll.pk}/trang-thai.json", HTTP_HOST=host)


def post_vote(client, host, poll, option, token, **headers):
    return client.post(
        f"/tham-do/{poll.pk}/binh-chon/",
        {"option": option.pk, "token": token},
        HTTP_HOST=host,
        HTTP_ACCEPT="application/json",
        **headers,
    )


def test_a_cookieless_script_gets_no_vote_counted(poll_a, polls_on):
    """60 votes from a script that forges Origin and Referer and reuses every token it can
    read from our pages, but keeps no cookie: 0 counted."""
    portal = polls_on.ward_a
    place_block(portal)
    host = portal.site.hostname
    option = poll_a.options.first()
    forged = {"HTTP_ORIGIN": f"http://{host}", "HTTP_REFERER": f"http://{host}/tham-do/{poll_a.pk}/"}
    # What the script can read: the cached home page's form (no token), the results
    # page's form and the state route (tokens, bound to cookies the script drops).
    home = Client().get("/", HTTP_HOST=host).content.decode()
    scraped = [re.search(r'name="token" value="([^"]*)"', home).group(1)]
    assert scraped == [""]
    for _ in range(3):
        page = Client().get(f"/tham-do/{poll_a.pk}/", HTTP_HOST=host).content.decode()
        scraped.append(re.search(r'name="token" value="([^"]*)"', page).group(1))
    codes = []
    for n in range(ATTEMPTS):
        fresh = state(Client(), host, poll_a).json()["token"]  # minted for a cookie the script then drops
        token = fresh if n % 2 else scraped[n % len(scraped)]
        script = Client()  # a fresh client each time: no cookie ever goes back
        response = post_vote(script, host, poll_a, option, token, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **forged)
        codes.append(response.json()["code"])
        assert not response.cookies  # and the vote route hands out none
    counted = Vote.objects.filter(poll=poll_a).count()
    print(f"votes counted from a cookie-less script: {counted} of {ATTEMPTS}")
    assert counted == 0
    assert set(codes) <= {"cookie", "confirm"}, codes


def test_a_browser_that_loaded_the_poll_votes_once(client, poll_a, polls_on):
    host = polls_on.ward_a.site.hostname
    loaded = state(client, host, poll_a)
    assert loaded["Cache-Control"].count("no-cache") or "max-age=0" in loaded["Cache-Control"]
    cookie = loaded.cookies[voting.VOTER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    token = loaded.json()["token"]
    voted = post_vote(client, host, poll_a, poll_a.options.first(), token, HTTP_ORIGIN=f"http://{host}")
    assert voted.status_code == 200 and voted.json()["code"] == "voted"
    assert Vote.objects.filter(poll=poll_a).count() == 1
    # The same browser again, with a fresh token: one vote per visitor.
    again = post_vote(
        client,
        host,
        poll_a,
        poll_a.options.last(),
        state(client, host, poll_a).json()["token"] or "x",
        HTTP_ORIGIN=f"http://{host}",
    )
    assert again.json()["code"] in ("already", "token")
    assert Vote.objects.filter(poll=poll_a).count() == 1


def test_a_token_is_good_once(client, poll_a, polls_on):
    host = polls_on.ward_a.site.hostname
    origin = {"HTTP_ORIGIN": f"http://{host}"}
    token = state(client, host, poll_a).json()["token"]
    # Spent even by an attempt that counted nothing (an option of no poll) ...
    bad = client.post(
        f"/tham-do/{poll_a.pk}/binh-chon/",
        {"option": "999999", "token": token},
        HTTP_HOST=host,
        HTTP_ACCEPT="application/json",
        **origin,
    )
    assert bad.json()["code"] == "invalid_option"
    assert post_vote(client, host, poll_a, poll_a.options.first(), token, **origin).json()["code"] == "token"
    assert Vote.objects.count() == 0
    # ... and by a vote: replaying it after the cookie's vote was removed does not count again.
    token = state(client, host, poll_a).json()["token"]
    assert post_vote(client, host, poll_a, poll_a.options.first(), token, **origin).json()["code"] == "voted"
    Vote.objects.all().delete()
    replay = post_vote(client, host, poll_a, poll_a.options.first(), token, **origin)
    assert replay.status_code == 400 and replay.json()["code"] == "token"
    assert replay.json()["message"] == "Biểu mẫu bình chọn đã cũ. Vui lòng tải lại trang và bình chọn lại."
    assert Vote.objects.count() == 0


def test_a_token_of_another_voters_cookie_is_refused(poll_a, polls_on, poll_b):
    host = polls_on.ward_a.site.hostname
    origin = {"HTTP_ORIGIN": f"http://{host}"}
    alice, mallory = Client(), Client()
    alice_token = state(alice, host, poll_a).json()["token"]
    state(mallory, host, poll_a)  # mallory has a cookie of her own
    stolen = post_vote(mallory, host, poll_a, poll_a.options.first(), alice_token, **origin)
    assert stolen.json()["code"] == "token"
    # Nor is a token of another poll, or one whose signature was touched.
    other_poll = state(mallory, polls_on.ward_b.site.hostname, poll_b).json()["token"]
    assert post_vote(mallory, host, poll_a, poll_a.options.first(), other_poll, **origin).json()["code"] == "token"
    assert post_vote(mallory, host, poll_a, poll_a.options.first(), alice_token[:-2] + "xx", **origin).json()["code"] == "token"
    assert Vote.objects.count() == 0
    # Alice's own token still works for Alice (the failed theft did not spend it).
    assert post_vote(alice, host, poll_a, poll_a.options.first(), alice_token, **origin).json()["code"] == "voted"


def test_a_forged_origin_from_another_site_is_refused_even_with_cookie_and_token(client, poll_a, polls_on):
    host = polls_on.ward_a.site.hostname
    token = state(client, host, poll_a).json()["token"]
    response = post_vote(client, host, poll_a, poll_a.options.first(), token, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and response.json()["code"] == "origin"
    assert Vote.objects.count() == 0


def test_the_pages_showing_the_poll_stay_cacheable(client, poll_a, polls_on):
    portal = polls_on.ward_a
    place_block(portal)
    host = portal.site.hostname
    for path in ("/", "/tham-do/"):
        first = client.get(path, HTTP_HOST=host)
        second = client.get(path, HTTP_HOST=host)
        assert first.status_code == second.status_code == 200
        assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT", path
        assert not first.cookies and not second.cookies and "Set-Cookie" not in second
        assert "public" in second["Cache-Control"]
    # A visitor who holds the voter cookie (and voted) is served the same cached copy.
    token = state(client, host, poll_a).json()["token"]
    assert post_vote(client, host, poll_a, poll_a.options.first(), token, HTTP_ORIGIN=f"http://{host}").json()["code"] == "voted"
    assert voting.VOTER_COOKIE in client.cookies
    again = client.get("/", HTTP_HOST=host)
    assert again["X-Cache"] == "HIT" and not again.cookies


def test_with_the_cache_unreachable_a_browser_still_votes_once(client, poll_a, polls_on, monkeypatch):
    """Test double (named as such): cache.add answering None, as django-redis does with
    Redis down (IGNORE_EXCEPTIONS). The nonce cannot be recorded; the vote still counts
    once, because the token is bound to the cookie and the database keeps one vote per voter."""
    from django.core.cache import cache

    host = polls_on.ward_a.site.hostname
    token = state(client, host, poll_a).json()["token"]
    real_add = cache.add
    monkeypatch.setattr(cache, "add", lambda key, *a, **k: None if key.startswith("polls:nonce:") else real_add(key, *a, **k))
    origin = {"HTTP_ORIGIN": f"http://{host}"}
    assert post_vote(client, host, poll_a, poll_a.options.first(), token, **origin).json()["code"] == "voted"
    assert post_vote(client, host, poll_a, poll_a.options.first(), token, **origin).json()["code"] == "already"
    assert Vote.objects.count() == 1
