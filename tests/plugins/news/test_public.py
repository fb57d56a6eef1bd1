"""What a reader sees: listings, pagination, article page, tags, blocks, plugin gate."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.demo import demo_image
from plugins.news.models import ArticlePage
from sites.models import BlockPlacement
from tests.plugins.news.conftest import BASE_DATE, add_article, add_category


def titles(response):
    return [a.title for a in response.context["articles"]]


@pytest.fixture
def many(news_site):
    """45 articles in 'Kinh tế' (42 more than the fixture's 3)."""
    economy = news_site["economy"]
    for i in range(3, 45):
        add_article(economy, f"Bài viết số {i}", date=BASE_DATE + datetime.timedelta(days=i), revision=False)
    return news_site


def test_category_lists_newest_first_twenty_a_page(many, network, portal_client):
    client = portal_client(network.ward_a)
    first = client.get("/tin-tuc/kinh-te/")
    assert first.status_code == 200
    assert titles(first) == [f"Bài viết số {i}" for i in range(44, 24, -1)]
    html = first.content.decode()
    assert "14:55 | 27/09/2015" in html  # article 44: vn_datetime
    assert 'href="?page=2"' in html and 'rel="next"' in html
    assert "Trang 1 / 3" in html  # cms/includes/pager.html
    third = client.get("/tin-tuc/kinh-te/?page=3")
    assert titles(third) == [f"Bài viết số {i}" for i in range(4, -1, -1)]
    # The parent category lists the articles of its sub-categories too.
    assert titles(client.get("/tin-tuc/"))[0] == "Bài viết số 44"
    # A page past the end names no page: 404 (cms.pagination), with the message.
    past = client.get("/tin-tuc/kinh-te/?page=4")
    assert past.status_code == 404 and past.context["articles"] == []
    assert "Trang “4” không tồn tại: danh sách này có các trang từ 1 đến 3." in past.content.decode()


def test_bad_page_number_is_a_clear_404(news_site, network, portal_client):
    client = portal_client(network.ward_a)
    for bad in ("abc", "0", "-1", "1.5", "%2500", "1e3", "²", "9" * 40):  # a NUL itself: 400 (cms.hostile, tests/security)
        response = client.get(f"/tin-tuc/kinh-te/?page={bad}")
        assert response.status_code == 404, bad
        html = response.content.decode()
        assert "không tồn tại: danh sách này có các trang từ 1 đến 1." in html, bad
        assert 'role="alert"' in html and "Về trang đầu" in html
        assert "Bài viết số 2" not in html  # no items on a page that does not exist


def test_article_page_shows_everything_a_reader_needs(news_site, network, portal_client):
    economy = news_site["economy"]
    image = demo_image("Ảnh hội nghị", collection=network.ward_a.collection)
    article = add_article(
        economy,
        "Hội nghị xúc tiến đầu tư",
        date=timezone.make_aware(datetime.datetime(2015, 8, 20, 9, 5)),
        sapo="Hội nghị giới thiệu 25 dự án.",
        featured_image=image,
        featured_image_caption="Quang cảnh hội nghị",
        author="Ban Biên tập",
        source="Báo Cà Mau",
        source_url="https://baocamau.vn/",
        body=[
            ("paragraph", "<p>Nội dung <b>chính</b> của bài.</p>"),
            ("quote", {"text": "Lấy người dân làm trung tâm.", "attribution": "Chủ tịch UBND"}),
        ],
    )
    article.tags.add("Đầu tư")
    article.save_revision().publish()
    response = portal_client(network.ward_a).get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "Hội nghị xúc tiến đầu tư",
        "Hội nghị giới thiệu 25 dự án.",
        "09:05 | 20/08/2015",
        "Quang cảnh hội nghị",
        'loading="lazy"',
        "srcset=",
        "Nội dung <b>chính</b> của bài.",
        "Lấy người dân làm trung tâm.",
        "Ban Biên tập",
        'href="https://baocamau.vn/"',
        "Lượt xem",
        "/news/tag/",
        "facebook.com/sharer",
        "zalo.me",
        "In bài",
        f'data-view-beacon="/news/view/{article.pk}/"',
    ):
        assert expected in html, expected


def test_newer_and_older_links_stay_in_the_category(news_site, network, portal_client):
    a0, a1, a2 = news_site["articles"]
    other = add_category(news_site["news"], "Văn hóa", "van-hoa")
    add_article(other, "Tin văn hóa cùng ngày", date=BASE_DATE + datetime.timedelta(days=1))
    response = portal_client(network.ward_a).get(a1.url)
    assert [p.title for p in response.context["newer"]] == [a2.title]
    assert [p.title for p in response.context["older"]] == [a0.title]
    html = response.content.decode()
    assert "Các tin mới hơn" in html and "Các tin cũ hơn" in html
    assert "Tin văn hóa cùng ngày" not in html
    newest = portal_client(network.ward_a).get(a2.url)
    assert newest.context["newer"] == [] and [p.title for p in newest.context["older"]] == [a1.title, a0.title]


def test_related_articles_share_a_tag(news_site, network, portal_client):
    a0, a1, a2 = news_site["articles"]
    for article in (a0, a2):
        article.tags.add("Chuyển đổi số")
        article.save_revision().publish()
    response = portal_client(network.ward_a).get(a0.url)
    assert [p.title for p in response.context["related"]] == [a2.title]


def test_tag_listing_and_unknown_tag(news_site, network, portal_client):
    a0 = news_site["articles"][0]
    a0.tags.add("Nông thôn mới")
    a0.save_revision().publish()
    client = portal_client(network.ward_a)
    slug = a0.tags.first().slug
    response = client.get(f"/news/tag/{slug}/")
    assert response.status_code == 200 and titles(response) == [a0.title]
    assert client.get("/news/tag/%00/").status_code == 400  # refused before the view (cms.hostile)
    unknown = client.get("/news/tag/khong-co-the-nay/")
    assert unknown.status_code == 200
    assert list(unknown.context["articles"]) == []
    assert "Không có thẻ" in unknown.content.decode()
    # ward_b does not list ward_a's article under the same tag
    assert titles(portal_client(network.ward_b).get(f"/news/tag/{slug}/")) == []
    assert client.get(f"/news/tag/{slug}/?page=x").status_code == 404


def test_unpublish_removes_from_listing_blocks_and_feed(news_site, network, portal_client):
    a2 = news_site["articles"][2]
    home = network.ward_a.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="news.latest", title="Tin mới", limit=5)
    client = portal_client(network.ward_a)
    assert a2.title in client.get("/").content.decode()
    assert a2.title in client.get("/news/rss/").content.decode()
    a2.unpublish()
    assert a2.title not in client.get("/").content.decode()
    assert a2.title not in client.get("/tin-tuc/kinh-te/").content.decode()
    assert a2.title not in client.get("/news/rss/").content.decode()
    assert client.get(a2.url).status_code == 404


def test_scheduled_article_appears_when_published(news_site, network, portal_client):
    economy = news_site["economy"]
    article = ArticlePage(
        title="Tin hẹn giờ", sapo="Sẽ đăng sau.", live=False, go_live_at=timezone.now() + datetime.timedelta(hours=1)
    )
    economy.add_child(instance=article)
    revision = article.save_revision()
    revision.publish()  # scheduled, not live yet
    client = portal_client(network.ward_a)
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert "Tin hẹn giờ" not in client.get("/tin-tuc/kinh-te/").content.decode()
    # The time comes (moved back instead of waiting an hour).
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    ArticlePage.objects.filter(pk=article.pk).update(go_live_at=past)
    call_command("publish_scheduled", verbosity=0)
    assert "Tin hẹn giờ" in client.get("/tin-tuc/kinh-te/").content.decode()


def test_home_blocks(news_site, network, portal_client):
    a0, a1, a2 = news_site["articles"]
    a0.featured = True
    a0.save_revision().publish()
    home = network.ward_a.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="news.slider", title="Tin nổi bật", limit=5)
    BlockPlacement.objects.create(page=home, slot="main", block="news.latest", title="Tin mới", limit=2)
    BlockPlacement.objects.create(page=home, slot="main", block="news.category", title="Kinh tế", limit=5)
    BlockPlacement.objects.create(page=home, slot="sidebar", block="news.featured", title="Sự kiện nổi bật", limit=5)
    html = portal_client(network.ward_a).get("/").content.decode()
    slider = html.split('class="block block-news-slider"')[1].split("</section>")[0]
    assert a0.title in slider and a1.title not in slider
    latest = html.split('class="block block-news-latest"')[1].split("</section>")[0]
    assert a2.title in latest and a1.title in latest and a0.title not in latest
    category = html.split('class="block block-news-category"')[1].split("</section>")[0]
    assert 'href="/tin-tuc/kinh-te/"' in category and a0.title in category
    assert "Sự kiện nổi bật" in html
    # ward_b's home shows none of ward_a's news
    BlockPlacement.objects.create(page=network.ward_b.site.root_page.specific, slot="main", block="news.latest", title="Tin mới")
    html_b = portal_client(network.ward_b).get("/").content.decode()
    assert a2.title not in html_b and "Tin riêng của phường B" in html_b


def test_plugin_off_answers_404(news_site, network, portal_client):
    article = news_site["articles"][0]
    network.ward_a.enabled_plugins = [p for p in network.ward_a.enabled_plugins if p != "news"]
    network.ward_a.save()
    client = portal_client(network.ward_a)
    for path in ("/tin-tuc/kinh-te/", article.url, "/news/rss/", "/news/feeds/", "/api/news/?portal=a.camau.localhost"):
        assert client.get(path).status_code in (404, 400), path


def test_english_prefix_routes(news_site, network, portal_client):
    assert portal_client(network.ward_a).get("/en/news/feeds/").status_code == 200


def test_listing_query_count_is_bounded(many, network, portal_client, django_assert_max_num_queries):
    """20 articles with images cost the same queries as 5: no query per article."""
    image = demo_image("Ảnh danh sách", collection=network.ward_a.collection)
    ArticlePage.objects.filter(portal=network.ward_a).update(featured_image=image)
    client = portal_client(network.ward_a)
    client.get("/tin-tuc/kinh-te/?page=2")  # make the renditions once
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with django_assert_max_num_queries(40):
        response = client.get("/tin-tuc/kinh-te/?page=2")
    assert len(response.context["articles"]) == 20
    cache.clear()
    with CaptureQueriesContext(connection) as full:
        client.get("/tin-tuc/kinh-te/?page=2")
    cache.clear()
    with CaptureQueriesContext(connection) as short:
        assert len(client.get("/tin-tuc/kinh-te/?page=3").context["articles"]) == 5
    assert len(full) == len(short)

    # The article page: newer/older lists, related articles, tags, view count.
    article = ArticlePage.objects.get(title="Bài viết số 20")
    article.tags.add("Kinh tế biển", "Thủy sản")
    article.save_revision().publish()
    client = portal_client(network.ward_a)
    client.get(article.url)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(45):
        response = client.get(article.url)
    assert response.status_code == 200
    assert len(response.context["newer"]) == 5 and len(response.context["older"]) == 5


def test_unknown_host_does_not_crash(news_site, client):
    response = client.get("/news/rss/", HTTP_HOST="unknown.localhost")
    assert response.status_code in (200, 404)


def test_a_request_whose_portal_resolves_to_none_has_no_portal(news_site, network):
    """On the host-independent routes request.portal is a lazy object; wrapping None it
    is "no portal" (an identity test took it for a portal: AttributeError, a 500)."""
    from django.http import Http404
    from django.test import RequestFactory
    from django.utils.functional import SimpleLazyObject

    from cms.middleware import current_portal

    request = RequestFactory().get("/tin-tuc/kinh-te/", HTTP_HOST=network.ward_a.site.hostname)
    request.portal = SimpleLazyObject(lambda: None)
    assert current_portal(request) is None
    with pytest.raises(Http404):
        news_site["economy"].serve(request)
    # The same lazy object wrapping the portal is that portal, resolved.
    request.portal = SimpleLazyObject(lambda: network.ward_a)
    assert current_portal(request) is network.ward_a
    assert news_site["economy"].serve(request).status_code == 200
