"""RSS feeds (parsed by feedparser) and the open-data API."""

from __future__ import annotations

import feedparser

from cms.demo import demo_image
from tests.plugins.news.conftest import add_article


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return feedparser.parse(response.content)


def test_portal_feed_is_valid_rss_with_absolute_urls_and_enclosure(news_site, network, portal_client):
    image = demo_image("Ảnh bìa RSS", collection=network.ward_a.collection)
    add_article(news_site["economy"], "Tin có ảnh", featured_image=image, date=news_site["articles"][2].date)
    feed = parse(portal_client(network.ward_a).get("/news/rss/"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.title == "Phường An Xuyên"
    titles = [entry.title for entry in feed.entries]
    assert "Tin riêng của phường B" not in titles
    assert titles[:2] == ["Tin có ảnh", "Bài viết số 2"] or titles[:2] == ["Bài viết số 2", "Tin có ảnh"]
    for entry in feed.entries:
        assert entry.link.startswith("http://a.camau.localhost/")
        assert entry.published_parsed is not None
    with_image = next(e for e in feed.entries if e.title == "Tin có ảnh")
    enclosure = with_image.enclosures[0]
    assert enclosure.href.startswith("http://a.camau.localhost/media/")
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0


def test_category_feed_lists_only_its_articles(news_site, network, portal_client):
    client = portal_client(network.ward_a)
    other = add_article(news_site["news"], "Tin ở chuyên mục cha", date=news_site["articles"][0].date)
    feed = parse(client.get(f"/news/rss/{news_site['economy'].pk}/"))
    assert [e.title for e in feed.entries] == ["Bài viết số 2", "Bài viết số 1", "Bài viết số 0"]
    assert feed.feed.link == "http://a.camau.localhost/tin-tuc/kinh-te/"
    parent = parse(client.get(f"/news/rss/{news_site['news'].pk}/"))
    assert other.title in [e.title for e in parent.entries] and len(parent.entries) == 4


def test_unknown_or_foreign_category_feed_is_404(news_site, network, portal_client):
    for path in ("/news/rss/999999/", "/news/rss/99999999999999999999999/", "/news/rss/abc/"):
        assert portal_client(network.ward_a).get(path).status_code == 404, path
    assert portal_client(network.ward_b).get(f"/news/rss/{news_site['economy'].pk}/").status_code == 404


def test_feed_page_lists_the_feeds(news_site, network, portal_client):
    response = portal_client(network.ward_a).get("/news/feeds/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/news/rss/"' in html
    assert f'href="/news/rss/{news_site["economy"].pk}/"' in html and "Kinh tế" in html
    assert "Tin tức phường B" not in html


def test_api_lists_published_articles(news_site, network, client):
    draft = add_article(news_site["economy"], "Bản nháp", publish=False)
    response = client.get("/api/news/", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 4
    item = data["results"][0]
    assert set(item) == {"id", "title", "sapo", "url", "date", "category", "portal"}
    assert draft.title not in [r["title"] for r in data["results"]]


def test_api_filters(news_site, network, client):
    data = client.get("/api/news/?portal=a.camau.localhost", HTTP_HOST="camau.localhost").json()
    assert data["count"] == 3
    first = data["results"][0]
    assert first["title"] == "Bài viết số 2"
    assert first["portal"] == "a.camau.localhost"
    assert first["url"].startswith("http://a.camau.localhost/")
    assert first["category"] == {"id": news_site["economy"].pk, "title": "Kinh tế"}
    assert first["date"].startswith("2015-08-16T")
    by_category = client.get(f"/api/news/?category={news_site['news_b'].pk}", HTTP_HOST="camau.localhost").json()
    assert [r["title"] for r in by_category["results"]] == ["Tin riêng của phường B"]
    parent = client.get(f"/api/news/?category={news_site['news'].pk}", HTTP_HOST="camau.localhost").json()
    assert parent["count"] == 3


def test_api_bad_input(news_site, network, client):
    for query, status in [
        ("page=abc", 400),
        ("page=0", 400),
        ("page=99", 404),
        ("page=99999999999999999999999", 404),
        ("category=abc", 400),
        ("category=999999", 400),
        ("category=99999999999999999999999999", 400),
        ("portal=khong-co.localhost", 400),
        ("language=xx", 400),
        ("language=%00", 400),
        ("category=%00", 400),
        ("portal=%00", 400),
    ]:
        response = client.get(f"/api/news/?{query}", HTTP_HOST="camau.localhost")
        assert response.status_code == status, query
        assert response["Content-Type"].startswith("application/json")
    # The filters (django-filter) name the refused parameter, in Vietnamese.
    response = client.get("/api/news/?category=999999&language=xx", HTTP_HOST="camau.localhost")
    assert response.json() == {
        "category": ["Không có chuyên mục tin nào có mã số 999999."],
        "language": ["Ngôn ngữ không hợp lệ: dùng vi hoặc en."],
    }
