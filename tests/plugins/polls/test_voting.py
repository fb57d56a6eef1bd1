"""Voting without JavaScript (POST → 303 → results page) and with it (JSON).

A vote counts only with the voter cookie and a single-use token bound to it
(see plugins/polls/voting.py); ``browser_token`` plays the browser that loaded
the poll: it keeps a voter cookie in the test client and mints a token for it.
"""

import re

import pytest
from django.core import signing
from django.test import override_settings

from plugins.polls import voting
from plugins.polls.models import Vote

from .conftest import make_poll


def origin(portal):
    return {"HTTP_ORIGIN": f"http://{portal.site.hostname}"}


def browser_token(client, poll):
    """A fresh token for the voter cookie the client holds (one is set when missing)."""
    signer = signing.get_cookie_signer(salt=voting.VOTER_COOKIE + voting.VOTER_COOKIE_SALT)
    morsel = client.cookies.get(voting.VOTER_COOKIE)
    try:
        voter = signer.unsign(morsel.value) if morsel and morsel.value else None
    except signing.BadSignature:
        voter = None
    if not voter:
        voter = voting.new_voter_id()
        client.cookies[voting.VOTER_COOKIE] = signer.sign(voter)
    return voting.issue_token(poll, voter)


def token_in(html):
    return re.search(r'name="token" value="([^"]*)"', html).group(1)


def vote(client, portal, poll, option, token=None, json=False, **extra):
    headers = {**origin(portal), **extra}
    if json:
        headers["HTTP_ACCEPT"] = "application/json"
    return client.post(
        f"/tham-do/{poll.pk}/binh-chon/",
        {"option": option if isinstance(option, (str, int)) else option.pk, "token": token or browser_token(client, poll)},
        HTTP_HOST=portal.site.hostname,
        **headers,
    )


def counts(poll):
    return {r.option.text: r.count for r in poll.results().options}


def test_vote_without_js_redirects_to_results_with_message(client, poll_a, polls_on):
    option = poll_a.options.first()
    # The results page (never cached) sets the voter cookie and puts a token bound to it in its form.
    form_page = client.get(f"/tham-do/{poll_a.pk}/", HTTP_HOST=polls_on.ward_a.site.hostname)
    assert voting.VOTER_COOKIE in form_page.cookies
    response = vote(client, polls_on.ward_a, poll_a, option, token=token_in(form_page.content.decode()))
    assert response.status_code == 303
    assert response["Location"] == f"/tham-do/{poll_a.pk}/?msg=voted"
    assert not response.cookies  # the vote itself never hands out a cookie
    page = client.get(response["Location"], HTTP_HOST=polls_on.ward_a.site.hostname)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cảm ơn, phiếu của bạn đã được ghi nhận." in html
    assert "Tổng số phiếu" in html
    assert "100%" in html
    assert "lựa chọn của bạn" in html
    # The results page shows live counts: it is never stored in the page cache.
    assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    assert Vote.objects.filter(poll=poll_a).count() == 1


def test_second_vote_with_the_cookie_is_refused(client, poll_a, polls_on):
    first, second = list(poll_a.options.all())[:2]
    vote(client, polls_on.ward_a, poll_a, first)
    response = vote(client, polls_on.ward_a, poll_a, second)
    assert response["Location"].endswith("?msg=already")
    assert counts(poll_a) == {"Có": 1, "Không": 0, "Chưa rõ": 0}
    page = client.get(response["Location"], HTTP_HOST=polls_on.ward_a.site.hostname)
    assert "Bạn đã bình chọn trong cuộc thăm dò này." in page.content.decode()


def test_json_vote_returns_results_and_state_route_knows_the_visitor(client, poll_a, polls_on):
    option = poll_a.options.first()
    host = polls_on.ward_a.site.hostname
    first = client.get(f"/tham-do/{poll_a.pk}/trang-thai.json", HTTP_HOST=host)
    state = first.json()
    assert state["voted"] is False and state["open"] is True and state["token"]
    assert voting.VOTER_COOKIE in first.cookies and "no-cache" in first["Cache-Control"]
    response = vote(client, polls_on.ward_a, poll_a, option, token=state["token"], json=True)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["voted"] is True
    assert data["results"]["total"] == 1
    assert data["results"]["options"][0]["percent"] == 100.0
    state = client.get(f"/tham-do/{poll_a.pk}/trang-thai.json", HTTP_HOST=host)
    assert state.json()["voted"] is True and state.json()["choice"] == option.pk
    assert state.json()["token"] == "" and not state.cookies  # nothing left to vote with
    assert "no-cache" in state["Cache-Control"]


def test_option_of_another_poll_is_refused(client, poll_a, poll_b, polls_on):
    foreign = poll_b.options.first()
    response = vote(client, polls_on.ward_a, poll_a, foreign, json=True)
    assert response.status_code == 400
    assert response.json()["message"] == "Vui lòng chọn một trong các phương án của cuộc thăm dò này."
    assert Vote.objects.count() == 0
    for bad in ("", "abc", "-1", "99999999999999999999", "1 OR 1=1"):
        assert vote(client, polls_on.ward_a, poll_a, bad).status_code == 303
    assert Vote.objects.count() == 0


def test_closed_poll_refuses_votes_and_shows_results_only(client, polls_on):
    poll = make_poll(polls_on.ward_a, opens_days=-10, closes_days=-1)
    response = vote(client, polls_on.ward_a, poll, poll.options.first())
    assert response["Location"].endswith("?msg=closed")
    assert Vote.objects.count() == 0
    page = client.get(response["Location"], HTTP_HOST=polls_on.ward_a.site.hostname).content.decode()
    assert "Cuộc thăm dò này đã kết thúc, chỉ hiển thị kết quả." in page
    assert 'name="option"' not in page
    assert "Tổng số phiếu" in page


def test_poll_not_yet_open_is_hidden_and_refuses_votes(client, polls_on):
    poll = make_poll(polls_on.ward_a, opens_days=2, closes_days=10)
    host = polls_on.ward_a.site.hostname
    assert client.get(f"/tham-do/{poll.pk}/", HTTP_HOST=host).status_code == 404
    assert client.get(f"/tham-do/{poll.pk}/trang-thai.json", HTTP_HOST=host).status_code == 404
    assert vote(client, polls_on.ward_a, poll, poll.options.first())["Location"].endswith("?msg=not_started")
    assert Vote.objects.count() == 0


def test_forged_cookie_is_refused_and_cleared(client, poll_a, polls_on):
    token = browser_token(client, poll_a)
    client.cookies[voting.VOTER_COOKIE] = "someone-else:forged-signature"
    response = vote(client, polls_on.ward_a, poll_a, poll_a.options.first(), token=token, json=True)
    assert response.status_code == 400
    assert response.json()["code"] == "forged"
    assert Vote.objects.count() == 0
    assert response.cookies[voting.VOTER_COOKIE].value == ""  # deleted
    # A cookie signed for another purpose is forged too.
    client.cookies[voting.VOTER_COOKIE] = signing.get_cookie_signer(salt="other").sign("x")
    assert vote(client, polls_on.ward_a, poll_a, poll_a.options.first(), token=token, json=True).json()["code"] == "forged"
    assert Vote.objects.count() == 0
    # The state route replaces a forged cookie with a fresh one and a token for it.
    state = client.get(f"/tham-do/{poll_a.pk}/trang-thai.json", HTTP_HOST=polls_on.ward_a.site.hostname)
    assert state.cookies[voting.VOTER_COOKIE].value and state.json()["token"]
    assert (
        vote(client, polls_on.ward_a, poll_a, poll_a.options.first(), token=state.json()["token"], json=True).json()["code"]
        == "voted"
    )


def test_cross_site_post_and_wrong_token_are_refused(client, poll_a, poll_b, polls_on):
    host = polls_on.ward_a.site.hostname
    option = poll_a.options.first()
    data = {"option": option.pk, "token": browser_token(client, poll_a)}
    evil = client.post(f"/tham-do/{poll_a.pk}/binh-chon/", data, HTTP_HOST=host, HTTP_ORIGIN="http://evil.example")
    assert evil["Location"].endswith("?msg=origin")
    none = client.post(f"/tham-do/{poll_a.pk}/binh-chon/", data, HTTP_HOST=host)
    assert none["Location"].endswith("?msg=origin")
    referer = client.post(f"/tham-do/{poll_a.pk}/binh-chon/", data, HTTP_HOST=host, HTTP_REFERER=f"http://{host}/")
    assert referer["Location"].endswith("?msg=voted")
    client.cookies.clear()
    other_token = vote(client, polls_on.ward_a, poll_a, option, token=browser_token(client, poll_b))
    assert other_token["Location"] == f"/tham-do/{poll_a.pk}/?msg=token&option={option.pk}"
    assert "?msg=token&" in vote(client, polls_on.ward_a, poll_a, option, token="garbage")["Location"]
    assert Vote.objects.count() == 1


def test_poll_of_another_portal_or_unknown_is_404(client, poll_a, poll_b, polls_on):
    host = polls_on.ward_a.site.hostname
    assert client.get(f"/tham-do/{poll_b.pk}/", HTTP_HOST=host).status_code == 404
    assert client.get(f"/tham-do/{poll_b.pk}/trang-thai.json", HTTP_HOST=host).status_code == 404
    assert vote(client, polls_on.ward_a, poll_b, poll_b.options.first()).status_code == 404
    assert client.get("/tham-do/999999/", HTTP_HOST=host).status_code == 404
    assert client.get("/tham-do/abc/", HTTP_HOST=host).status_code == 404
    assert client.get(f"/tham-do/{poll_a.pk}/binh-chon/", HTTP_HOST=host).status_code == 405
    assert Vote.objects.count() == 0


@override_settings(RATE_LIMITS={"polls.vote": "3/h"})
def test_per_address_rate_limit(client, poll_a, polls_on):
    option = poll_a.options.first()
    codes = []
    for _ in range(5):
        client.cookies.clear()  # a visitor who throws the cookie away each time
        codes.append(vote(client, polls_on.ward_a, poll_a, option, json=True).json()["code"])
    assert codes == ["voted", "voted", "voted", "rate", "rate"]
    assert poll_a.results().total == 3
    # Another address is not affected.
    client.cookies.clear()
    assert vote(client, polls_on.ward_a, poll_a, option, json=True, REMOTE_ADDR="10.1.2.3").json()["code"] == "voted"
    # Another poll has a quota of its own.
    other = make_poll(polls_on.ward_a, question="Câu hỏi khác")
    client.cookies.clear()
    assert vote(client, polls_on.ward_a, other, other.options.first(), json=True).json()["code"] == "voted"


def test_cached_form_sent_without_javascript_is_confirmed_on_the_results_page(client, poll_a, polls_on):
    """The home page's form has no token (it is the same cached copy for everybody):
    sent without the script, the choice is carried to the results page to confirm."""
    host = polls_on.ward_a.site.hostname
    option = list(poll_a.options.all())[1]
    response = client.post(
        f"/tham-do/{poll_a.pk}/binh-chon/", {"option": option.pk, "token": ""}, HTTP_HOST=host, **origin(polls_on.ward_a)
    )
    assert response["Location"] == f"/tham-do/{poll_a.pk}/?msg=confirm&option={option.pk}"
    assert Vote.objects.count() == 0
    page = client.get(response["Location"], HTTP_HOST=host)
    html = page.content.decode()
    assert "Vui lòng kiểm tra lựa chọn và bấm Bình chọn một lần nữa để xác nhận phiếu." in html
    assert re.search(rf'value="{option.pk}"[^>]*checked', html)
    confirmed = vote(client, polls_on.ward_a, poll_a, option, token=token_in(html))
    assert confirmed["Location"].endswith("?msg=voted")
    assert Vote.objects.get().option == option


def test_polls_off_on_portal_answers_404(client, poll_a, polls_on):
    portal = polls_on.ward_a
    portal.enabled_plugins = [p for p in portal.enabled_plugins if p != "polls"]
    portal.save()
    host = portal.site.hostname
    assert client.get("/tham-do/", HTTP_HOST=host).status_code == 404
    assert client.get(f"/tham-do/{poll_a.pk}/", HTTP_HOST=host).status_code == 404
    assert vote(client, portal, poll_a, poll_a.options.first()).status_code == 404
    assert Vote.objects.count() == 0


def test_english_results_page(client, poll_a, polls_on):
    page = client.get(f"/en/tham-do/{poll_a.pk}/", HTTP_HOST=polls_on.ward_a.site.hostname)
    assert page.status_code == 200
    html = page.content.decode()
    assert "EN Bạn có hài lòng không?" in html
    assert "Total votes" in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1.5"])
def test_poll_list_bad_page_numbers(client, poll_a, polls_on, page):
    # No such page: cms.pagination's 404, the message and a link to the first page.
    response = client.get(f"/tham-do/?page={page}", HTTP_HOST=polls_on.ward_a.site.hostname)
    assert response.status_code == 404
    html = response.content.decode()
    assert "danh sách này có các trang từ 1 đến 1" in html and "Về trang đầu" in html
    assert "Bạn có hài lòng không?" not in html


def test_results_and_list_pages_use_a_constant_number_of_queries(client, polls_on, django_assert_max_num_queries):
    host = polls_on.ward_a.site.hostname
    small = make_poll(polls_on.ward_a, options=("A", "B"))
    big = make_poll(polls_on.ward_a, options=tuple(f"Phương án {i}" for i in range(10)))
    for n, option in enumerate(big.options.all()):
        Vote.objects.create(poll=big, option=option, voter=f"q{n}")
    with django_assert_max_num_queries(40) as small_run:
        assert client.get(f"/tham-do/{small.pk}/", HTTP_HOST=host).status_code == 200
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        assert client.get(f"/tham-do/{big.pk}/", HTTP_HOST=host).status_code == 200
    with django_assert_max_num_queries(40) as list_run:
        client.get("/tham-do/", HTTP_HOST=host)
    list_queries = len(list_run.captured_queries)  # read now: the next request empties Django's query log
    for n in range(5):
        make_poll(polls_on.ward_a, question=f"Thêm {n}")
    # The new polls changed the sidebar's poll block: the home page renders it again
    # (cms.cache fragments), so the list below is compared with its blocks cached, as before.
    client.get("/", HTTP_HOST=host)
    with django_assert_max_num_queries(list_queries):
        client.get("/tham-do/?page=1", HTTP_HOST=host)
