"""Portal staff translate their own pages into English (issue #14)."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from wagtail.models import Locale, Page

from plugins.news.models import ArticlePage
from tests.conftest import fresh, module_world
from tests.factories import ArticlePageFactory, NewsCategoryPageFactory

WARD = "a.camau.localhost"


def build(network):
    ward = network.ward_a
    ward.enabled_plugins = [*ward.enabled_plugins, "news"]
    ward.save()
    news = NewsCategoryPageFactory(parent=ward.site.root_page, title="Tin tức", slug="tin-tuc")
    economy = NewsCategoryPageFactory(parent=news, title="Kinh tế", slug="kinh-te")
    article = ArticlePageFactory(
        parent=economy, title="Phát triển kinh tế số", slug="phat-trien-kinh-te-so", live=True, revision="publish"
    )
    return {"news": news, "economy": economy, "article": article}


_world = module_world(build)


@pytest.fixture
def tree(_world, db):
    return fresh(_world)


def translate(client, page, language="en"):
    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    return client.post(url, {"locales": [Locale.objects.get(language_code=language).pk]}, HTTP_HOST=WARD)


def test_translate_is_served_by_the_portal_view():
    from cms.page_translation import PortalPageTranslationView

    match = resolve(reverse("simple_translation:submit_page_translation", args=[1]))
    assert match.func.view_class is PortalPageTranslationView


def test_moderator_translates_a_nested_page_and_publishes_it(tree, network, client, django_capture_on_commit_callbacks):
    """Issue #14's check: a ward moderator, signed in for the first time, translates a page
    whose parents have no English version; it is served on the English site, listed in the
    sitemap, found by English search and not by Vietnamese search."""
    article, economy = tree["article"], tree["economy"]
    client.force_login(network.moderator_a)
    form = client.get(reverse("simple_translation:submit_page_translation", args=[article.pk]), HTTP_HOST=WARD)
    assert form.status_code == 200
    body = form.content.decode()
    # English is offered (not greyed out) and the form says what it will create above the page.
    assert "disabled" not in body.split('name="locales"')[1].split(">")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = translate(client, article)
    assert response.status_code == 302
    en = Locale.objects.get(language_code="en")
    english = article.get_translation(en)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[english.pk])
    # The missing parents were created top down as English drafts, under the ward's English home.
    english_economy = economy.get_translation(en)
    assert english.get_parent().pk == english_economy.pk and not english_economy.live
    assert tree["news"].get_translation(en).get_parent().pk == network.ward_a.site.root_page.get_translation(en).pk
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Kinh tế" in m for m in messages)

    edit = reverse("wagtailadmin_pages:edit", args=[english.pk])
    data = {
        "title": "Developing the digital economy",
        "slug": english.slug,
        "sapo": "The ward's plan for the digital economy.",
        "body-count": "0",
        "tags": "",
        "action-publish": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, data, HTTP_HOST=WARD)
    assert response.status_code == 302, response.content.decode()[:2000]
    english = ArticlePage.objects.get(pk=english.pk)
    assert english.live and english.locale == en

    client.logout()
    path = english.relative_url(network.ward_a.site)
    assert path == "/en/tin-tuc/kinh-te/phat-trien-kinh-te-so/"
    page = client.get(path, HTTP_HOST=WARD)
    assert page.status_code == 200 and "Developing the digital economy" in page.content.decode()
    sitemap = client.get("/sitemap.xml", HTTP_HOST=WARD).content.decode()
    assert f"http://{WARD}{path}" in sitemap
    found = client.get("/api/search/?q=digital+economy&language=en", HTTP_HOST=WARD).json()
    assert [r["title"] for r in found["results"]] == ["Developing the digital economy"]
    vietnamese = client.get("/api/search/?q=digital+economy&language=vi", HTTP_HOST=WARD).json()
    assert vietnamese["total"] == 0
    assert "Developing the digital economy" not in client.get("/search/?q=digital+economy", HTTP_HOST=WARD).content.decode()
    assert "Developing the digital economy" in client.get("/en/search/?q=digital+economy", HTTP_HOST=WARD).content.decode()


def test_editor_translation_goes_through_moderation(tree, network, client):
    article = tree["article"]
    client.force_login(network.editor_a)
    assert translate(client, article).status_code == 302
    english = ArticlePage.objects.get(translation_key=article.translation_key, locale__language_code="en")
    data = {
        "title": "Digital economy",
        "slug": english.slug,
        "sapo": "Lead.",
        "body-count": "0",
        "tags": "",
        "action-submit": "1",
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[english.pk]), data, HTTP_HOST=WARD)
    assert response.status_code == 302
    english.refresh_from_db()
    # The editor cannot publish: the English copy waits in the portal's workflow.
    assert not english.live
    assert english.current_workflow_state is not None
    assert english.current_workflow_task.specific.groups.filter(pk=network.ward_a.moderators_group_id).exists()


def test_other_portal_staff_cannot_translate(tree, network, client):
    client.force_login(network.editor_b)
    url = reverse("simple_translation:submit_page_translation", args=[tree["article"].pk])
    assert client.get(url, HTTP_HOST=WARD).status_code in (302, 403, 404)
    translate(client, tree["article"])
    assert not Page.objects.filter(translation_key=tree["article"].translation_key, locale__language_code="en").exists()


def test_translating_twice_changes_nothing(tree, network, client):
    client.force_login(network.moderator_a)
    translate(client, tree["article"])
    count = Page.objects.count()
    response = translate(client, tree["article"])
    # English is no longer offered: the form answers with an error, nothing is created.
    assert response.status_code == 200
    assert Page.objects.count() == count


def _report(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("sites_translation_report"), params, HTTP_HOST=WARD)
    assert response.status_code == 200
    return response


def test_translation_report_lists_required_and_outdated_pages(tree, network, client):
    from wagtail.models import Page

    from sites.models import StarterPage

    # The news section is a required (starter-kit) page of the ward, with no English version.
    StarterPage.objects.create(portal=network.ward_a, key="news.news", page=tree["news"])
    client.force_login(network.moderator_a)
    translate(client, tree["article"])
    english = ArticlePage.objects.get(translation_key=tree["article"].translation_key, locale__language_code="en")
    english.save_revision().publish()
    rows = {r.pk: r.status for r in _report(client, network.moderator_a).context["object_list"]}
    # The required section: its English version is the draft made for the article; the
    # article itself is up to date and not listed; the category is not required: its
    # draft translation is listed as a draft.
    assert rows == {tree["news"].pk: "draft", tree["economy"].pk: "draft"}

    # The Vietnamese article is published again: its English version is now older.
    Page.objects.get(pk=tree["article"].pk).specific.save_revision().publish()
    rows = {r.pk: r.status for r in _report(client, network.moderator_a, status="outdated").context["object_list"]}
    assert rows == {tree["article"].pk: "outdated"}

    export = _report(client, network.moderator_a, export="csv")
    assert "Phát triển kinh tế số" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_translation_report_is_scoped_to_the_users_portals(tree, network, client):
    from sites.models import StarterPage

    StarterPage.objects.create(portal=network.ward_a, key="news.news", page=tree["news"])
    assert tree["news"].pk in {r.pk for r in _report(client, network.network_admin).context["object_list"]}
    response = _report(client, network.editor_b)
    assert tree["news"].pk not in {r.pk for r in response.context["object_list"]}
    # Naming another portal in the filter shows nothing of it (the filter offers only the user's portals).
    response = _report(client, network.editor_b, portal=network.ward_a.pk)
    assert tree["news"].pk not in {r.pk for r in response.context["object_list"]}
