"""Syndication across portals and editors isolated per portal in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plugins.news.models import ArticlePage, SyndicationOffer
from sites.models import BlockPlacement
from tests.conftest import make_user
from tests.plugins.news.conftest import add_article

OFFERS = "wagtailsnippets_news_syndicationoffer"


@pytest.fixture
def offered(news_site, network):
    article = add_article(
        news_site["economy"], "Phường An Xuyên ra mắt mô hình mới", offer_to_province=True, date=news_site["articles"][2].date
    )
    home = network.province.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="news.network", title="Tin từ các địa phương", limit=5)
    return article


@pytest.fixture
def province_moderator(network):
    return make_user("mod_province", [network.province.moderators_group])


@pytest.fixture
def province_editor(network):
    return make_user("editor_province", [network.province.editors_group])


def network_block(client):
    html = client.get("/", HTTP_HOST="camau.localhost").content.decode()
    return html.split('class="block block-news-network"')[1].split("</section>")[0]


def test_offer_is_made_on_publish_and_waits(offered, network, client):
    offer = SyndicationOffer.objects.get(article=offered)
    assert offer.portal == network.province and offer.source_portal == network.ward_a
    assert offer.status == SyndicationOffer.PENDING
    assert offered.title not in network_block(client)


def test_province_moderator_approves_and_the_province_shows_it(offered, network, client, province_moderator):
    offer = SyndicationOffer.objects.get(article=offered)
    assert offered.title not in network_block(client)  # cached now
    client.force_login(province_moderator)
    listing = client.get(reverse(f"{OFFERS}:list"), HTTP_HOST="camau.localhost")
    assert listing.status_code == 200 and offered.title in listing.content.decode()
    response = client.post(reverse(f"{OFFERS}:edit", args=[offer.pk]), {"status": "approved"}, HTTP_HOST="camau.localhost")
    assert response.status_code == 302, response.content.decode()[:2000]
    offer.refresh_from_db()
    assert offer.status == "approved" and offer.decided_by == province_moderator and offer.decided_at
    client.logout()
    block = network_block(client)  # the decision purged the province's cache
    assert offered.title in block
    assert f'href="{offered.full_url}"' in block and offered.full_url.startswith("http://a.camau.localhost/")
    assert "Phường An Xuyên" in block
    # Unpublishing the article at the ward removes it from the province at once.
    ArticlePage.objects.get(pk=offered.pk).unpublish()
    assert offered.title not in network_block(client)


def test_rejected_and_withdrawn_offers_are_not_shown(offered, network, client):
    offer = SyndicationOffer.objects.get(article=offered)
    offer.status = SyndicationOffer.REJECTED
    offer.save()
    assert offered.title not in network_block(client)
    offer.status = SyndicationOffer.APPROVED
    offer.save()
    assert offered.title in network_block(client)
    article = ArticlePage.objects.get(pk=offered.pk)
    article.offer_to_province = False
    article.save_revision().publish()
    assert not SyndicationOffer.objects.filter(article=offered).exists()
    assert offered.title not in network_block(client)


def test_province_articles_are_not_offered(news_site, network):
    category = add_article.__globals__["add_category"](network.province.site.root_page, "Tin tỉnh", "tin-tinh")
    article = add_article(category, "Tin của tỉnh", offer_to_province=True)
    assert not SyndicationOffer.objects.filter(article=article).exists()


def test_only_province_moderators_decide(offered, network, client, province_editor):
    for user in (network.editor_a, network.moderator_a, network.editor_b, province_editor):
        check_refused(offered, client, user)


def check_refused(offered, client, user):
    offer = SyndicationOffer.objects.get(article=offered)
    client.force_login(user)
    listing = client.get(reverse(f"{OFFERS}:list"), HTTP_HOST="camau.localhost")
    assert offered.title not in listing.content.decode()
    for name in ("edit", "delete", "inspect", "history", "usage"):
        response = client.get(reverse(f"{OFFERS}:{name}", args=[offer.pk]), HTTP_HOST="camau.localhost")
        assert response.status_code in (302, 403, 404), (name, response.status_code)
        assert offered.title not in response.content.decode()
    response = client.post(reverse(f"{OFFERS}:edit", args=[offer.pk]), {"status": "approved"}, HTTP_HOST="camau.localhost")
    assert response.status_code in (302, 403, 404)
    offer.refresh_from_db()
    assert offer.status == "pending"
    assert client.get(reverse(f"{OFFERS}:add"), HTTP_HOST="camau.localhost").status_code in (302, 403, 404)


def test_network_admin_sees_offers(offered, network, client):
    client.force_login(network.network_admin)
    listing = client.get(reverse(f"{OFFERS}:list"), HTTP_HOST="camau.localhost")
    assert listing.status_code == 200 and offered.title in listing.content.decode()


def test_guessed_offer_ids_are_404(offered, network, client, province_moderator):
    client.force_login(province_moderator)
    for raw in ("999999", "abc"):
        response = client.get(f"/admin/snippets/news/syndicationoffer/edit/{raw}/", HTTP_HOST="camau.localhost")
        assert response.status_code == 404


def test_editor_b_cannot_touch_ward_a_articles(news_site, network, client):
    article = news_site["articles"][0]
    client.force_login(network.editor_b)
    for name in ("edit", "delete", "unpublish", "history", "revisions_index", "copy", "move"):
        response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[article.pk]), HTTP_HOST="b.camau.localhost")
        assert response.status_code in (302, 403, 404), name
        assert article.title not in response.content.decode() or response.status_code == 302
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        {"title": "Bị sửa", "slug": article.slug, "sapo": "x", "action-publish": "1"},
        HTTP_HOST="b.camau.localhost",
    )
    assert ArticlePage.objects.get(pk=article.pk).title == article.title
    # editor_b cannot add an article under ward_a's category either
    add = reverse("wagtailadmin_pages:add", args=["news", "articlepage", news_site["economy"].pk])
    assert client.get(add, HTTP_HOST="b.camau.localhost").status_code in (302, 403, 404)


def test_editor_submits_and_moderator_publishes(news_site, network, client):
    economy = news_site["economy"]
    client.force_login(network.editor_a)
    add = reverse("wagtailadmin_pages:add", args=["news", "articlepage", economy.pk])
    assert client.get(add, HTTP_HOST="a.camau.localhost").status_code == 200
    data = {
        "title": "Tin chờ duyệt",
        "slug": "tin-cho-duyet",
        "sapo": "Tóm tắt tin chờ duyệt",
        "body-count": "0",
        "tags": "",
        "action-submit": "1",
    }
    response = client.post(add, data, HTTP_HOST="a.camau.localhost")
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="tin-cho-duyet")
    assert not article.live
    assert article.current_workflow_state is not None
    assert article.portal == network.ward_a and article.category == economy
    assert "Tin chờ duyệt" not in client.get("/tin-tuc/kinh-te/", HTTP_HOST="a.camau.localhost").content.decode()
    # The ward's moderator approves the workflow task: the article goes live.
    task_state = article.current_workflow_task_state
    client.force_login(network.moderator_a)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]),
        {"comment": ""},
        HTTP_HOST="a.camau.localhost",
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live and article.date is not None
    client.logout()
    assert "Tin chờ duyệt" in client.get("/tin-tuc/kinh-te/", HTTP_HOST="a.camau.localhost").content.decode()


def test_news_page_types_only_under_portals_with_the_plugin(news_site, network):
    from plugins.news.models import NewsCategoryPage

    home_a = network.ward_a.site.root_page
    assert NewsCategoryPage.can_create_at(home_a)
    assert not ArticlePage.can_create_at(home_a)  # articles live in categories
    assert ArticlePage.can_create_at(news_site["economy"])
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    assert not NewsCategoryPage.can_create_at(home_a)
