"""A ward moderator, signed in for the first time, writes and translates in the admin
(issue #14): a Vietnamese title gives an ASCII slug as it is typed, and a nested page is
translated into English and published from the browser."""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from plugins.news.models import ArticlePage
from tests.conftest import PASSWORD
from tests.plugins.news.conftest import add_article, add_category

pytestmark = [pytest.mark.browser, pytest.mark.heavy(16)]


@pytest.fixture
def ward_news(network, live_server):
    ward = network.ward_a
    ward.enabled_plugins = sorted({*ward.enabled_plugins, "news"})
    ward.save()
    # The site's port is the live server's, so the admin's links and redirects stay on it.
    ward.site.port = int(live_server.url.rsplit(":", 1)[1])
    ward.site.save()
    news = add_category(ward.site.root_page, "Tin tức", "tin-tuc")
    economy = add_category(news, "Kinh tế", "kinh-te")
    article = add_article(economy, "Phát triển kinh tế số", slug="phat-trien-kinh-te-so")
    return {"ward": ward, "economy": economy, "article": article}


def _sign_in(page, live_url, portal, username):
    page.goto(live_url(portal, "/admin/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def test_title_gives_an_ascii_slug(ward_news, network, browser_page, live_url):
    page = browser_page
    _sign_in(page, live_url, ward_news["ward"], network.moderator_a.username)
    page.goto(live_url(ward_news["ward"], f"/admin/pages/add/news/articlepage/{ward_news['economy'].pk}/"))
    page.fill("#id_title", "Phát triển Kinh tế số ở Đà Nẵng, quý I")
    page.locator("#id_title").blur()
    page.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    assert page.input_value("#id_slug") == "phat-trien-kinh-te-so-o-da-nang-quy-i"


def test_moderator_translates_and_publishes_from_the_admin(ward_news, network, browser_page, live_url):
    page, ward, article = browser_page, ward_news["ward"], ward_news["article"]
    _sign_in(page, live_url, ward, network.moderator_a.username)
    page.goto(live_url(ward, f"/admin/pages/{article.pk}/edit/"))
    # The page header's "Translate" action (a link, Vietnamese label or not: found by address).
    translate = page.locator(f"a[href$='/admin/translation/submit/page/{article.pk}/']").first
    page.goto(
        translate.get_attribute("href") if translate.count() else live_url(ward, f"/admin/translation/submit/page/{article.pk}/")
    )
    en = Locale.objects.get(language_code="en")
    page.locator(f"input[name=locales][value='{en.pk}']").check()
    page.locator("main form button[type=submit], main form input[type=submit]").last.click()
    page.wait_for_url("**/admin/pages/*/edit/")
    page.fill("#id_title", "Developing the digital economy")
    page.fill("#id_sapo", "The ward's plan for the digital economy.")
    page.locator("footer [data-w-dropdown-target=toggle], footer .w-dropdown__toggle").first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/**")
    english = ArticlePage.objects.get(translation_key=article.translation_key, locale=en)
    assert english.live and english.title == "Developing the digital economy"
    page.goto(live_url(ward, "/en/tin-tuc/kinh-te/phat-trien-kinh-te-so/"))
    assert page.locator("h1").first.inner_text().strip() == "Developing the digital economy"
