"""The demo loader writes Vietnamese news once and changes nothing when run again."""

import io

from plugins.news.demo import ARTICLES, load_demo
from plugins.news.models import ArticlePage, NewsCategoryPage, SyndicationOffer
from sites.models import BlockPlacement


def test_demo_has_a_few_dozen_articles_per_portal():
    assert sum(len(items) for items in ARTICLES.values()) >= 24


def test_demo_is_idempotent_and_complete(network, monkeypatch):
    # Two articles per category keep the test fast; the loader is the same.
    monkeypatch.setattr("plugins.news.demo.ARTICLES", {slug: items[:2] for slug, items in ARTICLES.items()})
    ward = network.ward_a
    ward.enabled_plugins = ["news"]
    ward.save()
    out = io.StringIO()
    load_demo(ward, out)
    expected = 2 * len(ARTICLES)
    articles = ArticlePage.objects.filter(portal=ward, locale__language_code="vi")
    assert articles.count() == expected
    # The staff "translated" a few: live English versions, under English categories.
    english = ArticlePage.objects.filter(portal=ward, locale__language_code="en")
    assert english.exists() and all(a.live for a in english)
    assert "An Xuyen Ward steps up the development of its marine economy" in {a.title for a in english}
    assert all(a.get_parent().live and a.get_parent().locale.language_code == "en" for a in english)
    assert all(a.live and a.featured_image_id and a.date for a in articles)
    assert NewsCategoryPage.objects.filter(portal=ward, slug="kinh-te").exists()
    assert articles.filter(featured=True).exists()
    offers = SyndicationOffer.objects.filter(source_portal=ward, portal=network.province)
    assert offers.exists() and all(o.status == SyndicationOffer.APPROVED for o in offers)
    blocks = set(BlockPlacement.objects.filter(page__in=ward.root_pages()).values_list("block", flat=True))
    assert {"news.slider", "news.latest", "news.featured", "news.category"} <= blocks
    assert "Phường An Xuyên" in out.getvalue()

    load_demo(ward, io.StringIO())  # again: nothing new
    assert ArticlePage.objects.filter(portal=ward).count() == expected + english.count()
    assert SyndicationOffer.objects.filter(source_portal=ward).count() == offers.count()
    assert BlockPlacement.objects.filter(page__in=ward.root_pages()).count() == 7
