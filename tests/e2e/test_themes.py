"""The reader's view in a real browser: reader tools remembered, the menu, axe-core."""

import pytest

from sites.models import StandardPage

pytestmark = pytest.mark.heavy(12)


@pytest.fixture
def site_pages(network):
    for portal in (network.province, network.ward_a):
        page = StandardPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True, summary="Giới thiệu chung")
        portal.site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return network


def test_font_size_and_contrast_are_remembered(site_pages, browser_page, live_url):
    page = browser_page
    page.goto(live_url(site_pages.province))
    base = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="Chữ lớn hơn").click()
    bigger = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > base
    page.get_by_role("button", name="Độ tương phản cao").click()
    assert page.get_attribute("html", "data-contrast") == "high"
    page.reload()
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") == bigger
    assert page.get_attribute("html", "data-contrast") == "high"
    assert page.get_by_role("button", name="Độ tương phản cao").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Cỡ chữ bình thường").click()
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") == base


def test_follow_the_menu_and_breadcrumbs(site_pages, browser_page, live_url):
    page = browser_page
    page.goto(live_url(site_pages.ward_a))
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Giới thiệu").click()
    page.wait_for_url("**/gioi-thieu/")
    assert page.locator("h1").inner_text() == "Giới thiệu"
    breadcrumbs = page.get_by_role("navigation", name="Đường dẫn")
    breadcrumbs.get_by_role("link", name="Trang chủ").click()
    page.wait_for_url(live_url(site_pages.ward_a))


def test_usable_at_360px(site_pages, browser_page, live_url):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_url(site_pages.ward_a))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.parametrize("contrast", [False, True])
def test_home_pages_have_no_wcag_violations(site_pages, browser_page, live_url, axe, contrast):
    page = browser_page
    for portal in (site_pages.province, site_pages.ward_a, site_pages.ward_b):
        page.goto(live_url(portal))
        if contrast:
            page.get_by_role("button", name="Độ tương phản cao").click()
        assert axe(page) == []
        page.goto(live_url(portal, "/en/"))
        assert axe(page) == []
