"""The public list of polls: newest first, ten a page, the shared pager (cms.pagination)."""

import pytest

from tests.plugins.polls.conftest import make_poll

pytestmark = pytest.mark.django_db


def test_poll_list_pages_with_the_shared_pager(client, polls_on):
    for n in range(12):
        make_poll(polls_on.ward_a, question=f"Thăm dò số {n:02d}", opens_days=-(n + 1))
    host = polls_on.ward_a.site.hostname
    first = client.get("/tham-do/", HTTP_HOST=host)
    html = first.content.decode()
    assert first.status_code == 200 and len(first.context["polls"]) == 10
    assert 'aria-label="Phân trang"' in html and "Trang 1 / 2" in html and 'href="?page=2" rel="next"' in html
    second = client.get("/tham-do/?page=2", HTTP_HOST=host)
    assert [p.question for p in second.context["polls"]] == ["Thăm dò số 10", "Thăm dò số 11"]
    assert 'rel="prev"' in second.content.decode()
    for bad in ("3", "abc", "0"):
        response = client.get(f"/tham-do/?page={bad}", HTTP_HOST=host)
        assert response.status_code == 404, bad
        html = response.content.decode()
        assert "danh sách này có các trang từ 1 đến 2" in html and "Về trang đầu" in html
        assert "Thăm dò số" not in html


def test_api_open_filter(client, polls_on):
    open_poll = make_poll(polls_on.ward_a, question="Đang mở")
    make_poll(polls_on.ward_a, question="Đã đóng", opens_days=-10, closes_days=-1)
    host = polls_on.ward_a.site.hostname

    def questions(query):
        return [p["question"] for p in client.get(f"/api/polls/?portal={host}&{query}", HTTP_HOST=host).json()["results"]]

    assert questions("open=TRUE") == [open_poll.question] and questions("open=0") == ["Đã đóng"]
    response = client.get("/api/polls/?open=maybe", HTTP_HOST=host)
    assert response.status_code == 400 and response.json() == {"open": ["Dùng open=true hoặc open=false."]}
