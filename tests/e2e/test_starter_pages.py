"""The starter kit's pages in a real browser: accessible (axe-core, both reader modes) at
1280 px and on a 360 px phone, in Vietnamese and English."""

import io
import json

import pytest

from registry.plugins import registry
from sites.starter import apply_starter
from tests.conftest import make_portal
from tests.e2e.conftest import reader_mode_failures

pytestmark = pytest.mark.heavy(32)

KIT_PATHS = ["/gioi-thieu/", "/co-cau-to-chuc/", "/lanh-dao/", "/lien-he/", "/tin-tuc/", "/van-ban/", "/so-do-cong/"]


@pytest.fixture
def kit_portals(network):
    ward = make_portal("Xã Tân Lộc", "tanloc.camau.localhost", level="commune", parent=network.province, starter=True)
    ward.address, ward.phone, ward.email = "Ấp 3, xã Tân Lộc, tỉnh Cà Mau", "0290 3888 123", "tanloc@camau.gov.vn"
    ward.save()
    apply_starter(network.province)
    organisation = registry.get("organisation")
    if organisation is not None and organisation.load_demo is not None:
        organisation.load_demo(ward, io.StringIO())  # units, leaders and contacts to show
    return network.province, ward


def test_starter_pages_pass_axe_in_both_reader_modes(kit_portals, viewport_tabs, live_url):
    province, ward = kit_portals
    targets = [(ward, path) for path in KIT_PATHS] + [(ward, "/en/lien-he/"), (province, "/cong-thanh-vien/")]
    failures = reader_mode_failures(viewport_tabs, {path: live_url(portal, path) for portal, path in targets})
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_member_directory_search_and_site_map_links_work(kit_portals, browser_page, live_url, live_server):
    province, ward = kit_portals
    ward.site.port = int(live_server.url.rsplit(":", 1)[1])  # the directory links to the ward's site
    ward.site.save()
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_url(province, "/cong-thanh-vien/"))
    page.get_by_label("Tìm cổng thành viên").fill("tan loc")
    page.locator("main").get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/cong-thanh-vien/?q=tan+loc")
    assert page.get_by_role("status").inner_text() == "1 cổng thành viên"
    page.get_by_role("link", name="Xã Tân Lộc").click()
    page.wait_for_url(live_url(ward, "/"))
    page.goto(live_url(ward, "/so-do-cong/"))
    page.get_by_role("navigation", name="Các trang của cổng").get_by_role("link", name="Liên hệ").click()
    page.wait_for_url("**/lien-he/")
    assert "0290 3888 123" in page.locator("main").inner_text()
