"""Reader modes in a real browser: every public page type of the demo network passes
axe-core (WCAG 2.1 A/AA) in normal and high-contrast mode, at 1280 px and at 360 px,
and never scrolls sideways on a phone; the portal's own navigation (two levels, sub-menus
opened from the keyboard) and identity (emblem, favicon, its own legal notice).

Fast on purpose: the demo content is loaded once per test, one browser context per
viewport walks every page (tests.e2e.conftest.reader_mode_failures), and high contrast is
switched on and off with the header's button on the page already loaded (the setting
lives in localStorage).
"""

from __future__ import annotations

import datetime
import importlib
import io
import json

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import Locale

from cms.demo import demo_image
from plugins.legal_documents.models import LegalDocumentPage
from plugins.news.models import ArticlePage, NewsCategoryPage
from plugins.polls.models import Poll
from registry.plugins import registry
from search.indexing import apply_pending
from sites.models import BlockPlacement, Portal, PortalIdentity, PortalNavigation, StandardPage
from tests.e2e.conftest import horizontal_overflow, reader_mode_failures

pytestmark = [pytest.mark.browser, pytest.mark.heavy(45)]


def _standard_page(portal, title, slug, **fields):
    page = StandardPage(title=title, slug=slug, show_in_menus=True, summary=fields.pop("summary", title), **fields)
    portal.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def _relative(url):
    return "/" + url.split("/", 3)[3] if url.startswith("http") else url


HOME_BLOCKS = {
    "main": ["news.latest", "services.search", "questions.latest"],
    "sidebar": ["polls.poll", "services.search", "legal_documents.newest", "spokesperson.card", "links.select", "visitors.stats"],
    "footer": ["links.logos"],
}
# The plugins whose demo content is small enough to load here as it is; news, legal
# documents and procedures get a few items each from the tests' helpers instead.
CHEAP_DEMOS = ("polls", "questions", "spokesperson", "links", "visitors")


@pytest.fixture
def demo_world(network, settings, tmp_path):
    """The province and ward A with every plugin on, blocks in each slot and content of each kind."""
    from plugins.legal_documents.services import ensure_index_page
    from tests.plugins.legal_documents.conftest import add_document
    from tests.plugins.news.conftest import add_article, add_category
    from tests.plugins.services.conftest import make_procedure

    settings.MEDIA_ROOT = tmp_path / "media"
    # Live-server tests flush the database between tests: seed the services lists again.
    importlib.import_module("plugins.services.migrations.0002_seed_fields_levels").seed(apps, None)
    portals = [network.province, network.ward_a]
    for portal in portals:
        portal.enabled_plugins = sorted(plugin.name for plugin in registry.all())
        portal.save()
        home = portal.site.root_page.specific
        for slot, blocks in HOME_BLOCKS.items():
            for order, block in enumerate(blocks):
                BlockPlacement.objects.create(page=home, slot=slot, block=block, sort_order=order, limit=4)
    for plugin in registry.all():
        if plugin.name in CHEAP_DEMOS and plugin.load_demo is not None:
            for portal in portals:
                plugin.load_demo(Portal.objects.select_related("site", "level", "parent").get(pk=portal.pk), io.StringIO())
    ward = network.ward_a
    image = demo_image("Ảnh hội nghị", collection=ward.collection)
    now = timezone.now()
    for portal in portals:
        news = add_category(portal.site.root_page, "Tin tức", "tin-tuc")
        economy = add_category(news, "Kinh tế", "kinh-te")
        for n in range(3):
            article = add_article(
                economy,
                f"Hội nghị xúc tiến đầu tư lần {n + 1}",
                date=now - datetime.timedelta(days=n + 1),
                featured_image=image,
                featured_image_caption="Quang cảnh hội nghị",
                body=[("paragraph", '<p>Sáng nay, <a href="https://example.vn/">hội nghị</a> đã diễn ra.</p>')],
            )
            article.tags.add("đầu tư", "kinh tế")
            article.save_revision().publish()
        ensure_index_page(portal)
        add_document(portal, number_symbol=f"{portal.pk}2/QĐ-UBND", summary="Quyết định ban hành quy chế")
    procedure = make_procedure("1.000001.H12", "Đăng ký khai sinh", legal_basis="Luật Hộ tịch số 60/2014/QH13")
    make_procedure("1.000002.H12", "Đăng ký kết hôn với người nước ngoài cư trú tại khu vực biên giới", level="mot-phan")
    about = _standard_page(ward, "Giới thiệu chung", "gioi-thieu-chung", summary="Giới thiệu về phường An Xuyên")
    # The English site (issue #14): the English home with the same blocks, an English article.
    english = Locale.objects.get(language_code="en")
    english_home = ward.root_pages().get(locale=english).specific
    for slot, blocks in HOME_BLOCKS.items():
        for order, block in enumerate(blocks):
            BlockPlacement.objects.create(page=english_home, slot=slot, block=block, sort_order=order, limit=4)
    source = ArticlePage.objects.live().filter(path__startswith=ward.site.root_page.path).order_by("-pk").first()
    for page, (title, slug) in (
        (source.get_parent().get_parent(), ("News", "news")),
        (source.get_parent(), ("Economy", "economy")),
        (source, ("Investment promotion conference", "investment-promotion-conference")),
    ):
        copy = page.specific.copy_for_translation(english)
        copy.title, copy.slug = title, slug
        copy.save_revision().publish()
    english_article = ArticlePage.objects.live().get(locale=english, slug="investment-promotion-conference")
    apply_pending()

    def first(queryset):
        found = queryset.live().filter(path__startswith=ward.site.root_page.path).first()
        assert found is not None, queryset.model.__name__
        return _relative(found.url)

    poll = Poll.objects.filter(portal=ward).order_by("pk").first()
    assert poll is not None
    pages = {
        "province home": (network.province, "/"),
        "ward home": (ward, "/"),
        "article": (ward, first(ArticlePage.objects.order_by("-pk"))),
        "news category": (ward, first(NewsCategoryPage.objects.filter(slug="kinh-te"))),
        "legal-document list": (ward, "/van-ban/"),
        "legal-document detail": (ward, first(LegalDocumentPage.objects)),
        "procedure list": (ward, "/thu-tuc/"),
        "procedure detail": (ward, f"/thu-tuc/{procedure.code}/"),
        "poll": (ward, f"/tham-do/{poll.pk}/"),
        "questions": (ward, "/hoi-dap/"),
        "search": (ward, "/search/?q=hoi+nghi"),
        "standard page": (ward, _relative(about.url)),
        "English home": (ward, "/en/"),
        "English article": (ward, _relative(english_article.url)),
    }
    return {"network": network, "pages": pages}


def test_every_page_type_passes_axe_in_both_modes_at_both_widths(demo_world, viewport_tabs, live_url):
    targets = {name: live_url(portal, path) for name, (portal, path) in demo_world["pages"].items()}
    failures = reader_mode_failures(viewport_tabs, targets)
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


@pytest.fixture
def navigation_world(network, settings, tmp_path):
    """Ward A with a two-level menu its moderator set, footer links, an emblem and a favicon;
    the province with a person responsible that the ward must never show."""
    settings.MEDIA_ROOT = tmp_path / "media"
    ward = network.ward_a
    about = _standard_page(ward, "Giới thiệu", "gioi-thieu")
    history = StandardPage(title="Lịch sử hình thành", slug="lich-su", summary="Lịch sử")
    about.add_child(instance=history)
    history.save_revision().publish()
    navigation = PortalNavigation.objects.get(site_id=ward.site_id)
    navigation.main_menu = [
        {
            "type": "page",
            "value": {
                "page": about.pk,
                "title_vi": "",
                "title_en": "",
                "children": [
                    {"type": "page", "value": {"page": history.pk, "title_vi": "", "title_en": ""}},
                    {"type": "link", "value": {"url": "https://dichvucong.gov.vn/", "title_vi": "Dịch vụ công", "title_en": ""}},
                ],
            },
        },
        {"type": "link", "value": {"url": "https://camau.gov.vn/", "title_vi": "Cổng tỉnh", "title_en": "", "children": []}},
    ]
    navigation.footer_links = [
        {"type": "link", "value": {"url": "https://chinhphu.vn/", "title_vi": "Cổng Chính phủ", "title_en": ""}}
    ]
    navigation.save()
    identity = PortalIdentity.objects.get(site_id=ward.site_id)
    identity.emblem = demo_image("Quốc huy", collection=ward.collection, size=(120, 120))
    identity.favicon = demo_image("Biểu tượng", collection=ward.collection, size=(64, 64))
    identity.save()
    assert network.province.responsible_person == "Nguyễn Văn A" and not network.ward_a.responsible_person
    return {"ward": ward, "history": history}


def test_portal_menu_opens_by_keyboard_and_identity_is_the_wards_own(navigation_world, viewport_tabs, live_url, axe):
    ward = navigation_world["ward"]
    tabs = viewport_tabs
    for viewport, page in tabs.items():
        page.goto(live_url(ward))
        menu = page.get_by_role("navigation", name="Menu chính")
        toggle = menu.get_by_role("button", name="Menu con: Giới thiệu")
        submenu = menu.locator("#" + toggle.get_attribute("aria-controls"))
        assert toggle.get_attribute("aria-expanded") == "false" and not submenu.is_visible()
        menu.get_by_role("link", name="Giới thiệu", exact=True).focus()
        page.keyboard.press("Tab")  # the disclosure button comes right after the item's link
        assert page.evaluate("() => document.activeElement.classList.contains('submenu-toggle')")
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true" and submenu.is_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Lịch sử hình thành"
        assert axe(page) == [], viewport
        if viewport == "phone":
            assert horizontal_overflow(page) <= 0
        page.keyboard.press("Escape")  # closes and hands focus back to the button
        assert toggle.get_attribute("aria-expanded") == "false" and not submenu.is_visible()
        assert page.evaluate("() => document.activeElement.classList.contains('submenu-toggle')")
        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-expanded") == "true"
        menu.get_by_role("link", name="Lịch sử hình thành").click()
        page.wait_for_url("**/gioi-thieu/lich-su/")
        assert menu.locator('.submenu a[aria-current="page"]').text_content() == "Lịch sử hình thành"

    page = tabs["desktop"]
    page.goto(live_url(ward))
    assert page.locator(".portal-brand img.portal-emblem").count() == 1
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon.endswith(".png") and page.evaluate("async (url) => (await fetch(url)).ok", icon)
    footer = page.locator("footer.site-footer")
    text = footer.text_content()
    assert "Phường An Xuyên" in text and "Nguyễn Văn A" not in text
    assert "Chịu trách nhiệm chính" not in text
    footer.get_by_role("navigation", name="Liên kết chân trang").get_by_role("link", name="Cổng Chính phủ").wait_for()
    page.goto(live_url(ward, "/en/"))  # no English translation of the pages: the Vietnamese ones
    assert page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Giới thiệu", exact=True).count() == 1
