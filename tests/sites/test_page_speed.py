"""Page speed (issue #12): a cache hit runs no query, an uncached page at most 15, and a
ward's publish leaves the province's pages cached while the new article shows wherever
it belongs (and an unpublish removes it everywhere)."""

from __future__ import annotations

import datetime

import pytest
import wagtail_factories
from django.test import override_settings
from django.utils import timezone

from plugins.legal_documents.services import ensure_index_page
from plugins.links.models import Link, LinkGroup
from plugins.news.models import SyndicationOffer
from plugins.spokesperson.models import Spokesperson
from registry.plugins import registry
from search.indexing import apply_pending
from sites.models import BlockPlacement
from tests import conftest
from tests.factories import ArticlePageFactory, NewsCategoryPageFactory, PollFactory, ProcedureFactory
from tests.plugins.legal_documents.conftest import add_document

MAX_QUERIES = 15
SIDEBAR = ["spokesperson.card", "polls.poll", "legal_documents.newest", "services.search", "links.select", "visitors.stats"]
MAIN = ["news.slider", "news.latest", "news.network", "services.stats"]


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per module (and worker): each test runs in a savepoint within it."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), conftest.module_transaction(django_db_blocker):
        network = conftest.network.__wrapped__(None)
        ProcedureFactory.create_batch(6)
        yield {"province": _fill(network.province, "Tỉnh"), "ward": _fill(network.ward_a, "Phường")}


@pytest.fixture
def world(_world, db):
    return _world


def _fill(portal, label):
    """A portal as a reader meets it: every plugin on, blocks in each slot, content in each."""
    portal.enabled_plugins = [plugin.name for plugin in registry.all()]
    portal.save()
    home = portal.site.root_page.specific
    for slot, names in (("sidebar", SIDEBAR), ("main", MAIN), ("footer", ["links.logos"])):
        for order, name in enumerate(names):
            BlockPlacement.objects.create(page=home, slot=slot, block=name, sort_order=order, limit=5)
    news = NewsCategoryPageFactory(parent=home, title="Tin tức", slug="tin-tuc", show_in_menus=True)
    image = wagtail_factories.ImageFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    articles = [
        ArticlePageFactory(
            parent=news,
            title=f"{label}: bài viết số {n}",
            date=start + datetime.timedelta(days=n),
            featured=n % 2 == 0,
            featured_image=image,
            revision=None,
            live=True,
        )
        for n in range(8)
    ]
    ensure_index_page(portal)
    documents = [add_document(portal, number_symbol=f"{n}/QĐ-UBND", summary=f"{label}: quyết định {n}") for n in range(1, 4)]
    PollFactory(portal=portal, question=f"{label}: bạn có hài lòng?", options=("Có", "Không"))
    Spokesperson.objects.create(portal=portal, name="Nguyễn Văn Nói", position="Chánh Văn phòng")
    group = LinkGroup.objects.create(portal=portal, title="Liên kết", display=LinkGroup.DISPLAY_SELECT)
    Link.objects.create(group=group, title="Cổng Chính phủ", url="https://chinhphu.vn", sort_order=0)
    return {"news": news, "articles": articles, "documents": documents}


def _pages(network, world):
    province, ward = network.province, network.ward_a
    return {
        "article": (province, world["province"]["articles"][-1].url),
        "news category": (province, world["province"]["news"].url),
        "province home": (province, "/"),
        "ward home": (ward, "/"),
        "legal-document list": (province, "/van-ban/"),
        "legal-document detail": (province, world["province"]["documents"][0].url),
        "procedure list": (province, "/thu-tuc/"),
        "search page": (province, "/search/?q=quyet+dinh"),
    }


def _relative(url):
    return "/" + url.split("/", 3)[3] if url.startswith("http") else url


def test_a_cache_hit_touches_no_database(network, world, client, django_assert_num_queries):
    path = _relative(world["province"]["articles"][-1].url)
    first = client.get(path, HTTP_HOST=network.province.hostname)
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        hit = client.get(path, HTTP_HOST=network.province.hostname)
    assert hit["X-Cache"] == "HIT"
    assert "Tỉnh: bài viết số 7" in hit.content.decode()


def test_a_cache_hit_is_one_cache_read(network, world, client, monkeypatch):
    """The entry, the hostname map's version and its topics' generations in one read; a
    process that has not seen the page reads the generations it did not expect after."""
    from cms import cache as page_cache
    from cms import middleware

    path = _relative(world["ward"]["news"].url)
    assert client.get(path, HTTP_HOST=network.ward_a.hostname)["X-Cache"] == "MISS"
    real, reads = page_cache.cache, []

    class CountingCache:
        """The real cache, with its reads counted."""

        def __getattr__(self, name):
            method = getattr(real, name)
            if name.startswith("get"):
                reads.append(name)
            return method

    monkeypatch.setattr(page_cache, "cache", CountingCache())
    monkeypatch.setattr(middleware, "cache", CountingCache())
    hit = client.get(path, HTTP_HOST=network.ward_a.hostname)
    assert hit["X-Cache"] == "HIT" and "Phường: bài viết số 7" in hit.content.decode()
    assert reads == ["get_many"]

    # Another process (which never stored or served it) reads twice, then once.
    monkeypatch.setattr(page_cache, "topics_seen", page_cache.TopicsSeen())
    reads.clear()
    assert client.get(path, HTTP_HOST=network.ward_a.hostname)["X-Cache"] == "HIT"
    assert client.get(path, HTTP_HOST=network.ward_a.hostname)["X-Cache"] == "HIT"
    assert reads == ["get_many", "get_many", "get_many"]

    # A topic the page shows moves (not one of the portal's base topics): a miss, whatever was expected.
    topics = real.get(page_cache.cache_key(_request_for(path, network.ward_a.hostname)))["topics"]
    block_topic = next(topic for topic in topics if topic not in ("all", f"site:{network.ward_a.pk}"))
    page_cache.bump(block_topic)
    assert client.get(path, HTTP_HOST=network.ward_a.hostname)["X-Cache"] == "MISS"


def test_a_topic_the_page_showed_before_does_not_make_it_stale(network, world, client, monkeypatch):
    """What a process remembers of a page's topics is read ahead, never added to the page's own."""
    from cms import cache as page_cache

    path = _relative(world["ward"]["news"].url)
    seen = page_cache.TopicsSeen()
    seen.remember(page_cache._page(_request_for(path, network.ward_a.hostname)), ["all", "polls.members:999"])
    monkeypatch.setattr(page_cache, "topics_seen", seen)
    assert client.get(path, HTTP_HOST=network.ward_a.hostname)["X-Cache"] == "MISS"
    page_cache.bump("polls.members:999")
    assert client.get(path, HTTP_HOST=network.ward_a.hostname)["X-Cache"] == "HIT"


def _request_for(path, hostname):
    from django.test import RequestFactory

    return RequestFactory().get(path, HTTP_HOST=hostname)


@pytest.mark.parametrize(
    "name",
    [
        "article",
        "news category",
        "province home",
        "ward home",
        "legal-document list",
        "legal-document detail",
        "procedure list",
        "search page",
    ],
)
def test_an_uncached_page_runs_at_most_15_queries(name, network, world, client, django_assert_max_num_queries):
    """A page-cache miss (a path never served) whose blocks are cached, as readers meet it
    once the portal has been visited: at most 15 queries, whatever the page holds."""
    apply_pending()
    portal, path = _pages(network, world)[name]
    path = _relative(path)
    assert client.get(path, HTTP_HOST=portal.hostname).status_code == 200  # the blocks are cached now
    unseen = path + ("&" if "?" in path else "?") + "utm_source=zalo"
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(unseen, HTTP_HOST=portal.hostname)
        tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    # The hostname's site and the portal's identity (header, footer) come from the
    # process's hostname map: neither is read again for a page.
    for table in ("wagtailcore_site", "sites_portalidentity"):
        assert f'FROM "{table}"' not in tables, table


def _publish_ward_article(ward_news, title):
    article = ArticlePageFactory(parent=ward_news, title=title, date=timezone.now(), offer_to_province=True, revision=None)
    article.save_revision().publish()
    offer = SyndicationOffer.objects.get(article=article)
    offer.status = SyndicationOffer.APPROVED  # the province's moderator shows it
    offer.save()
    apply_pending()  # the worker applies the index operations
    return article


def test_a_ward_publish_keeps_the_province_cached_and_shows_the_article_wherever_it_belongs(network, world, client):
    province, ward = network.province.hostname, network.ward_a.hostname
    apply_pending()
    province_pages = [_relative(world["province"]["articles"][n].url) for n in range(8)] + [
        _relative(world["province"]["news"].url),
        "/van-ban/",
        "/thu-tuc/",
        "/nguoi-phat-ngon/",
        "/tham-do/",
        "/en/",
    ]
    for path in [*province_pages, "/"]:
        assert client.get(path, HTTP_HOST=province).status_code == 200
    ward_news = world["ward"]["news"]
    title = "Phường An Xuyên ra quân làm sạch kênh rạch"

    article = _publish_ward_article(ward_news, title)

    hits = [client.get(path, HTTP_HOST=province)["X-Cache"] for path in province_pages]
    assert hits.count("HIT") == len(province_pages)  # none of them shows the ward's news
    where = {
        "ward home": (ward, "/"),
        "ward category": (ward, _relative(ward_news.url)),
        "province home (news from the localities)": (province, "/"),
        "ward RSS": (ward, "/news/rss/"),
        "ward search": (ward, "/search/?q=lam+sach+kenh+rach"),
        "network search": (province, "/search/?q=lam+sach+kenh+rach"),
    }

    def showing():
        return {name: title in client.get(path, HTTP_HOST=host).content.decode() for name, (host, path) in where.items()}

    assert showing() == dict.fromkeys(where, True)
    article.unpublish()
    apply_pending()
    assert showing() == dict.fromkeys(where, False)
