"""View counts (beacon, cache counter, flush task) and the search provider."""

from __future__ import annotations

import io

from django.core.management import call_command

from plugins.news import viewcounts
from plugins.news.models import ArticlePage, ArticleViewCount
from plugins.news.plugin import NewsSearchProvider
from search.documents import highlight
from search.normalize import parse_query
from tests.plugins.news.conftest import add_article


def beacon(client, portal, pk, ip="10.0.0.1"):
    return client.post(f"/news/view/{pk}/", HTTP_HOST=portal.site.hostname, REMOTE_ADDR=ip)


def test_beacon_counts_and_the_task_stores_the_count(news_site, network, client):
    article = news_site["articles"][0]
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        response = beacon(client, network.ward_a, article.pk, ip)
        assert response.status_code == 202
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The immediate task backend flushed each view into the database.
    assert ArticleViewCount.objects.get(article=article).count == 3
    assert viewcounts.pending([article.pk]) == {}
    # The same visitor within a minute counts once.
    beacon(client, network.ward_a, article.pk, "10.0.0.1")
    assert ArticleViewCount.objects.get(article=article).count == 3


def test_counter_waits_in_the_cache_until_flushed(news_site, network, rf):
    article = news_site["articles"][1]
    from django.core.cache import cache

    cache.add(viewcounts.FLUSH_PENDING_KEY, 1)  # a flush is already queued: beacons only count
    for ip in ("1.1.1.1", "2.2.2.2"):
        assert viewcounts.record_view(article.pk, rf.post("/", REMOTE_ADDR=ip))
    assert viewcounts.pending([article.pk]) == {article.pk: 2}
    assert not ArticleViewCount.objects.filter(article=article).exists()
    out = io.StringIO()
    call_command("flush_news_views", no_progress=True, stdout=out)
    assert "2" in out.getvalue()
    assert ArticleViewCount.objects.get(article=article).count == 2
    assert viewcounts.pending([article.pk]) == {}


def test_page_shows_stored_count_and_stays_cached(news_site, network, client):
    article = news_site["articles"][0]
    ArticleViewCount.objects.create(article=article, count=1234)
    first = client.get(article.url, HTTP_HOST="a.camau.localhost")
    assert "Lượt xem: 1234" in first.content.decode()
    assert first["X-Cache"] == "MISS"
    beacon(client, network.ward_a, article.pk)
    second = client.get(article.url, HTTP_HOST="a.camau.localhost")
    assert second["X-Cache"] == "HIT"  # counting did not defeat the page cache
    assert not second.cookies


def test_beacon_refuses_bad_ids_other_portals_drafts_and_get(news_site, network, client):
    for pk in ("999999", "99999999999999999999999", "abc", "-1"):
        assert client.post(f"/news/view/{pk}/", HTTP_HOST="a.camau.localhost").status_code == 404, pk
    article_b = news_site["article_b"]
    assert beacon(client, network.ward_a, article_b.pk).status_code == 404
    draft = add_article(news_site["economy"], "Nháp", publish=False)
    assert beacon(client, network.ward_a, draft.pk).status_code == 404
    assert client.get(f"/news/view/{news_site['articles'][0].pk}/", HTTP_HOST="a.camau.localhost").status_code == 405
    assert not ArticleViewCount.objects.exists()


def test_view_count_survives_a_revision_publish(news_site, network):
    article = news_site["articles"][0]
    ArticleViewCount.objects.create(article=article, count=50)
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "Tiêu đề mới"
    article.save_revision().publish()
    assert ArticleViewCount.objects.get(article=article).count == 50


def test_search_provider_documents(news_site, network):
    provider = NewsSearchProvider()
    article = news_site["articles"][0]
    article.body = [("paragraph", "<p>Nuôi tôm <b>siêu thâm canh</b> cùng Sở VH&amp;TT</p>")]
    article.tags.add("Thủy sản")
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    document = provider.document_for(article)
    assert document.id == f"news:{article.pk}"
    assert document.kind == "news"
    assert document.portal_id == network.ward_a.pk
    assert document.title == article.title
    assert document.summary == article.sapo
    assert "Nuôi tôm siêu thâm canh" in document.body and "<b>" not in document.body
    # Plain text: the rich text's &amp; is a character, escaped once when shown (issue #13).
    assert "Sở VH&TT" in document.body and "&amp;" not in document.body
    assert "<mark>VH</mark>&amp;<mark>TT</mark>" in highlight(document.body, parse_query("VH&TT").terms())
    assert document.url.startswith("http://a.camau.localhost/")
    assert document.language == "vi"
    assert document.facets["category"] == "Kinh tế" and document.facets["tags"] == ["Thủy sản"]
    assert document.date == article.date
    ids = {d.id for d in provider.documents()}
    assert ids == {f"news:{a.pk}" for a in ArticlePage.objects.live()}
    assert {d.id for d in provider.documents(portal=network.ward_b)} == {f"news:{news_site['article_b'].pk}"}
    # Unpublished, or on a portal with the plugin off: out of the index.
    article.unpublish()
    assert provider.document_for(ArticlePage.objects.get(pk=article.pk)) is None
    network.ward_b.enabled_plugins = []
    network.ward_b.save()
    assert provider.document_for(news_site["article_b"]) is None
    assert list(provider.documents(portal=network.ward_b)) == []
    assert provider.document_for(network.ward_a.site.root_page) is None


def test_provider_is_registered():
    from registry.plugins import registry

    plugin = registry.get("news")
    assert any(isinstance(p, NewsSearchProvider) for p in plugin.search_providers)
    assert ArticlePage in plugin.search_providers[0].models
