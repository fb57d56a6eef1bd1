"""The news plugin's content activity for the oversight dashboard (``news.articles``):
what a reader of each portal sees, counted for the whole network in one query."""

from __future__ import annotations

import pytest
from wagtail.models import Locale, PageViewRestriction

from plugins.news.oversight import articles
from registry.plugins import registry
from tests.plugins.news.conftest import add_article, add_category
from tests.plugins.oversight_helpers import DAYS, ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(network):
    return {
        "a": add_category(network.ward_a.site.root_page, "Tin tức", "tin-tuc"),
        "b": add_category(network.ward_b.site.root_page, "Tin tức", "tin-tuc"),
    }


def test_declared_in_the_plugin_contract():
    (activity,) = registry.get("news").activities
    assert activity.key == "news.articles" and activity.max_days == 14 and activity.levels is None
    assert registry.load(activity.activity) is articles
    assert str(activity.label)


def test_last_date_and_counts_in_each_window(network, categories, now):
    add_article(categories["a"], "Tin mới", date=ago(5, now))
    add_article(categories["a"], "Tin 40 ngày", date=ago(40, now))
    add_article(categories["a"], "Tin cũ", date=ago(200, now))
    add_article(categories["b"], "Tin phường B", date=ago(60, now))

    found = articles(now, DAYS)

    assert found[network.ward_a.pk] == (ago(5, now), (1, 2))  # 40 days ago: in 90, not in 30
    assert found[network.ward_b.pk] == (ago(60, now), (0, 1))
    assert network.province.pk not in found  # no article at all


def test_the_date_readers_see_counts_not_the_publication(network, categories, now):
    """An article backdated by its editor (``date``) counts at the date the site shows."""
    add_article(categories["a"], "Bài đăng lại", date=ago(100, now))  # published now, dated 100 days ago
    last, counts = articles(now, DAYS)[network.ward_a.pk]
    assert last == ago(100, now) and counts == (0, 0)


def test_nothing_after_until_counts(network, categories, now):
    add_article(categories["a"], "Tin 20 ngày", date=ago(20, now))
    add_article(categories["a"], "Tin 5 ngày", date=ago(5, now))
    until = ago(10, now)
    assert articles(until, DAYS)[network.ward_a.pk] == (ago(20, now), (1, 1))
    assert network.ward_a.pk not in articles(ago(30, now), DAYS)


def test_drafts_unpublished_and_private_articles_do_not_count(network, categories, now):
    add_article(categories["a"], "Bản nháp", date=ago(1, now), publish=False)
    withdrawn = add_article(categories["a"], "Đã gỡ", date=ago(2, now))
    withdrawn.unpublish()
    private = add_article(categories["a"], "Nội bộ", date=ago(3, now))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert network.ward_a.pk not in articles(now, DAYS)

    add_article(categories["a"], "Tin công khai", date=ago(4, now))
    assert articles(now, DAYS)[network.ward_a.pk] == (ago(4, now), (1, 1))


def test_an_article_and_its_translation_count_once(network, categories, now):
    article = add_article(categories["a"], "Tin song ngữ", date=ago(3, now))
    english = Locale.objects.get(language_code="en")
    translation = article.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    translation.refresh_from_db()
    assert translation.portal_id == network.ward_a.pk and translation.live
    assert articles(now, DAYS)[network.ward_a.pk][1] == (1, 1)


def test_one_query_for_the_whole_network(network, categories, now, django_assert_max_num_queries):
    for n in range(3):
        add_article(categories["a"], f"Tin A{n}", date=ago(n + 1, now))
        add_article(categories["b"], f"Tin B{n}", date=ago(n + 1, now))
    # The articles, and the view restrictions Wagtail's public() reads first.
    with django_assert_max_num_queries(2):
        found = articles(now, DAYS)
    assert {pk: counts for pk, (_last, counts) in found.items()} == {network.ward_a.pk: (3, 3), network.ward_b.pk: (3, 3)}
