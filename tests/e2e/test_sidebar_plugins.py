"""Spokesperson, web links and visit statistics in a real browser, with axe-core."""

import datetime

import pytest

from cms.demo import demo_image
from plugins.links.models import Link, LinkGroup
from plugins.spokesperson.models import Spokesperson
from plugins.visitors.models import VisitCounter
from sites.models import BlockPlacement
from tests.e2e.conftest import VIEWPORTS, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.heavy(15)]


@pytest.fixture
def sidebar_network(network, live_url):
    for portal, name in ((network.province, "Nguyễn Thị Thu Hà"), (network.ward_a, "Trần Văn Minh")):
        person = Spokesperson(
            portal=portal,
            name=name,
            position="Chánh Văn phòng",
            phone="0290 3831 234",
            email="phatngon@camau.gov.vn",
            decision_number="125/QĐ-UBND",
            decision_url="https://camau.gov.vn/van-ban/125",
            decision_date=datetime.date(2025, 7, 1),
            term_start=datetime.date(2025, 7, 1),
        )
        person.position_vi, person.position_en = "Chánh Văn phòng", "Chief of Office"
        person.save()
    ward = network.ward_a
    select = LinkGroup(portal=ward, title="Cổng thành viên", display="select")
    select.title_vi, select.title_en = "Cổng thành viên", "Member portals"
    select.save()
    # A link back to this live server, so following it stays inside the test.
    for order, (title, url) in enumerate(
        [("Danh sách liên kết", live_url(ward, "/lien-ket/")), ("Tỉnh Cà Mau", live_url(network.province))]
    ):
        link = Link(group=select, title=title, url=url, sort_order=order)
        link.title_vi = title
        link.save()
    logos = LinkGroup(portal=ward, title="Liên kết nổi bật", display="logos")
    logos.title_vi = "Liên kết nổi bật"
    logos.save()
    for order, title in enumerate(["Cổng Dịch vụ công quốc gia", "Cổng Thông tin điện tử Chính phủ"]):
        link = Link(
            group=logos,
            title=title,
            url="https://dichvucong.gov.vn/",
            sort_order=order,
            logo=demo_image(f"Logo {title}", collection=ward.collection, size=(480, 160)),
        )
        link.title_vi = title
        link.save()
    VisitCounter.objects.create(portal=ward, total=24_680)
    for home in ward.root_pages():
        home = home.specific
        for order, (block, slot) in enumerate(
            [
                ("spokesperson.card", "sidebar"),
                ("links.select", "sidebar"),
                ("visitors.stats", "sidebar"),
                ("links.logos", "footer"),
            ]
        ):
            BlockPlacement.objects.create(page=home, block=block, slot=slot, sort_order=order)
    return network


def test_every_block_without_wcag_violations(sidebar_network, browser_page, live_url, axe):
    page = browser_page
    ward = sidebar_network.ward_a
    for path in ("/", "/en/"):
        page.goto(live_url(ward, path))
        assert page.locator(".block-spokesperson").count() == 1
        # The portal's link group, and the network's portals (built from the network).
        assert page.locator(".block-links-select select").count() == 2
        assert page.locator(".block-links-logos img").count() == 2
        page.locator(".block-visitors [data-visitors-live]").first.wait_for(state="visible")
        assert axe(page) == []
    page.goto(live_url(ward))
    page.evaluate("() => document.documentElement.setAttribute('data-contrast', 'high')")
    assert axe(page) == []


def test_visitor_beacon_fills_live_figures(sidebar_network, browser_page, live_url):
    page = browser_page
    page.goto(live_url(sidebar_network.ward_a))
    block = page.locator(".block-visitors")
    block.locator("[data-visitors-live]").first.wait_for(state="visible")
    assert block.locator('[data-visitors="online"]').inner_text() == "1"
    assert block.locator('[data-visitors="guests"]').inner_text() == "1"
    assert block.locator('[data-visitors="members"]').inner_text() == "0"
    assert block.locator('[data-visitors="total"]').inner_text() == "24.681"
    # The same reader on the next page: still one visit.
    page.reload()
    block.locator("[data-visitors-live]").first.wait_for(state="visible")
    assert block.locator('[data-visitors="total"]').inner_text() == "24.681"
    assert page.context.cookies() == []


def test_link_list_works_without_javascript(sidebar_network, _browser, live_url):
    with open_tab(_browser, VIEWPORTS["desktop"], java_script_enabled=False) as page:
        page.goto(live_url(sidebar_network.ward_a))
        # Without JavaScript the stored total shows and live rows stay hidden.
        assert page.locator('.block-visitors [data-visitors="total"]').inner_text() == "24.680"
        assert not page.locator(".block-visitors [data-visitors-live]").first.is_visible()
        group = page.locator("form.links-select").first
        group.get_by_label("Cổng thành viên").select_option(label="Danh sách liên kết")
        group.get_by_role("button", name="Truy cập").click()
        page.wait_for_url("**/lien-ket/")
        assert page.locator("h1").inner_text() == "Liên kết website"
        # Submitting without a choice explains what to do.
        page.goto(live_url(sidebar_network.ward_a))
        page.locator("form.links-select").first.get_by_role("button", name="Truy cập").click()
        assert "Hãy chọn một trang web" in page.locator("main").inner_text()
        # The network's portals, a labelled list (its redirect: tests/plugins/links).
        members = page.locator("form.links-select").last
        assert "Phường Tân Thành" in members.get_by_label("Các cổng của Tỉnh Cà Mau").inner_text()


def test_spokesperson_list_and_360px(sidebar_network, browser_page, live_url, axe):
    page = browser_page
    page.goto(live_url(sidebar_network.province, "/nguoi-phat-ngon/"))
    assert "Trần Văn Minh" in page.locator("main").inner_text()
    assert axe(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    for portal, path in ((sidebar_network.province, "/nguoi-phat-ngon/"), (sidebar_network.ward_a, "/")):
        page.goto(live_url(portal, path))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    assert axe(page) == []
