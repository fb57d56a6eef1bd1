"""Browser test of the network search page: no JavaScript needed, accessible,
usable at 360 px."""

import pytest

from search.documents import portal_scopes, prepare
from search.engines import use_engine
from search.engines.database import DatabaseEngine
from tests.e2e.conftest import VIEWPORTS, open_tab
from tests.search.conftest import corpus

pytestmark = [pytest.mark.browser, pytest.mark.heavy(7)]


@pytest.fixture
def search_network(network, transactional_db):
    engine = DatabaseEngine()
    use_engine(engine)
    engine.rebuild([prepare(doc, portal_scopes()) for doc in corpus(network)])
    yield network
    use_engine(None)


def test_search_without_diacritics_and_widen_to_network(search_network, live_url, browser_page, axe):
    page = browser_page
    page.goto(live_url(search_network.ward_a, "/search/"))
    assert axe(page) == []
    main = page.locator("#main")
    main.get_by_label("Từ khóa tìm kiếm").fill("phuong")
    main.get_by_role("button", name="Tìm kiếm", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".search-result").count() == 2  # only this ward by default
    assert page.locator(".search-snippet mark").count() >= 1
    assert axe(page) == []
    page.get_by_role("link", name="Tìm trong toàn mạng").click()
    page.wait_for_load_state()
    assert page.locator(".search-result").count() == 4
    # Facet links narrow the results.
    page.locator(".search-facets a", has_text="Quyết định").first.click()
    page.wait_for_load_state()
    assert page.locator(".search-result").count() == 1
    assert "Quyết định ban hành kế hoạch" in page.locator(".search-result").first.inner_text()


def test_search_works_without_javascript_at_360px(search_network, live_server, _browser):
    port = live_server.url.rsplit(":", 1)[1]
    with open_tab(_browser, VIEWPORTS["phone"], java_script_enabled=False) as page:
        page.goto(f"http://camau.localhost:{port}/search/?q=17/NQ-CP")
        assert page.locator(".search-result").count() == 1
        assert "Nghị quyết về Chính phủ điện tử" in page.inner_text("main")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360
        page.goto(f"http://camau.localhost:{port}/search/?q=")
        assert "Cách tìm kiếm" in page.inner_text("main")


def test_empty_and_past_the_end(search_network, live_url, browser_page, axe):
    page = browser_page
    page.goto(live_url(search_network.province, "/search/?q=dien+tu&page=40"))
    assert page.locator(".message").count() >= 1
    assert page.locator(".search-result").count() == 0
    assert axe(page) == []
