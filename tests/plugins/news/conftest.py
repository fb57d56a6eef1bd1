"""Fixtures of the news plugin tests: a category tree and articles on the test network."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.conftest import fresh, module_world
from tests.factories import ArticlePageFactory, NewsCategoryPageFactory

BASE_DATE = timezone.make_aware(datetime.datetime(2015, 8, 14, 14, 55))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_category(parent, title, slug=None):
    return NewsCategoryPageFactory(parent=parent, title=title, slug=slug or "")


def add_article(category, title, date=None, publish=True, revision=True, **fields):
    """An article; ``revision=False`` makes it live directly (fast, for bulk listings)."""
    mode = ("publish" if publish else "draft") if revision else None
    return ArticlePageFactory(parent=category, title=title, date=date, live=publish, revision=mode, **fields)


def build_news_site(network):
    """ward_a with 'Tin tức' › 'Kinh tế' and 3 articles; ward_b with its own category."""
    for portal in (network.province, network.ward_a, network.ward_b):
        if "news" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "news"]
            portal.save()
    home_a = network.ward_a.site.root_page
    news = add_category(home_a, "Tin tức", "tin-tuc")
    economy = add_category(news, "Kinh tế", "kinh-te")
    articles = [add_article(economy, f"Bài viết số {i}", date=BASE_DATE + datetime.timedelta(days=i)) for i in range(3)]
    news_b = add_category(network.ward_b.site.root_page, "Tin tức phường B", "tin-tuc")
    article_b = add_article(news_b, "Tin riêng của phường B", date=BASE_DATE)
    return {"news": news, "economy": economy, "articles": articles, "news_b": news_b, "article_b": article_b}


_news_world = module_world(build_news_site)


@pytest.fixture
def news_site(_news_world, network):
    """:func:`build_news_site`, built once per module; each test gets its own objects."""
    return fresh(_news_world)
