"""Public-service directory in a real browser: filter, read a procedure, statistics; axe-core."""

import importlib

import pytest
from django.apps import apps

from sites.models import BlockPlacement

pytestmark = [pytest.mark.browser, pytest.mark.heavy(21)]


@pytest.fixture
def services_network(network):
    # Live-server tests flush the database between tests: seed the lists again.
    importlib.import_module("plugins.services.migrations.0002_seed_fields_levels").seed(apps, None)
    from plugins.services.models import RequiredDocument, SubmissionMethod
    from tests.plugins.services.conftest import make_procedure

    birth = make_procedure(
        "1.000001.H12",
        "Đăng ký khai sinh",
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        applicants="Công dân Việt Nam",
        result="Giấy khai sinh",
        legal_basis="Luật Hộ tịch số 60/2014/QH13",
        online_url="https://dichvucong.gov.vn/p/1.000001",
    )
    SubmissionMethod.objects.create(procedure=birth, method="in_person", processing_time="Trong ngày", fees="Miễn lệ phí")
    SubmissionMethod.objects.create(procedure=birth, method="online", processing_time="Trong ngày", fees="Miễn lệ phí")
    RequiredDocument.objects.create(
        procedure=birth, name="Tờ khai đăng ký khai sinh", originals=1, copies=0, form_url="https://example.vn/to-khai.docx"
    )
    make_procedure("1.000002.H12", "Đăng ký kết hôn", level="mot-phan")
    make_procedure("1.000003.H12", "Chứng thực chữ ký", field="chung-thuc", level=None)
    make_procedure(
        "2.000001.H12", "Cấp giấy phép lái xe", field="duong-bo", level="muc-do-3", tiers=("province",), agency_name="Sở Xây dựng"
    )
    for portal in (network.province, network.ward_a):
        home = portal.site.root_page.specific
        BlockPlacement.objects.create(page=home, slot="sidebar", block="services.stats", title="Dịch vụ công trực tuyến", limit=3)
        BlockPlacement.objects.create(page=home, slot="main", block="services.search", title="Tra cứu thủ tục hành chính")
    return network


def test_find_a_procedure_and_read_it(services_network, browser_page, live_url, axe):
    page = browser_page
    page.goto(live_url(services_network.ward_a, "/thu-tuc/"))
    assert page.locator("h1").inner_text() == "Thủ tục hành chính"
    assert axe(page) == []
    page.get_by_label("Lĩnh vực").select_option("chung-thuc")
    page.get_by_role("search", name="Tìm thủ tục").get_by_role("button", name="Tra cứu").click()
    page.wait_for_url("**field=chung-thuc**")
    assert page.get_by_role("link", name="Chứng thực chữ ký").is_visible()
    assert page.get_by_role("link", name="Đăng ký khai sinh").count() == 0
    page.get_by_label("Tên hoặc mã thủ tục").fill("khai sinh")
    page.get_by_label("Lĩnh vực").select_option("")
    page.get_by_role("search", name="Tìm thủ tục").get_by_role("button", name="Tra cứu").click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.wait_for_url("**/thu-tuc/1.000001.H12/")
    assert page.locator("h1").inner_text() == "Đăng ký khai sinh"
    for heading in ("Trình tự thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ", "Căn cứ pháp lý"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert axe(page) == []


def test_statistics_and_home_block(services_network, browser_page, live_url, axe):
    page = browser_page
    page.goto(live_url(services_network.province, "/thu-tuc/thong-ke/"))
    assert page.get_by_role("table", name="Số thủ tục theo mức độ trực tuyến").is_visible()
    assert "4 thủ tục hành chính, trong đó 3 thủ tục được cung cấp trực tuyến (75,0%)" in page.inner_text("main")
    assert axe(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Tệp Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(live_url(services_network.ward_a))
    block = page.locator(".block-services-stats")
    assert "2 / 3 thủ tục trực tuyến (66,7%)" in block.inner_text()
    assert axe(page) == []


def test_pages_fit_a_360px_screen(services_network, browser_page, live_url):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/thu-tuc/", "/thu-tuc/1.000001.H12/", "/thu-tuc/thong-ke/"):
        page.goto(live_url(services_network.ward_a, path))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def test_legal_basis_link_opens_the_real_document(services_network, browser_page, live_url, live_server, settings, tmp_path):
    """The citation 60/2014/QH13 links, through the registry service the legal documents
    plugin provides, to the law the province publishes; the reader follows it."""
    from plugins.legal_documents.services import ensure_index_page
    from sites.provisioning import set_portal_plugins
    from tests.plugins.legal_documents.conftest import add_document

    settings.MEDIA_ROOT = tmp_path / "media"
    network = services_network
    province = network.province
    set_portal_plugins(province, sorted({*province.enabled_plugins, "legal_documents"}))
    ensure_index_page(province)
    add_document(
        province, number_symbol="60/2014/QH13", type="luat", issuer="quoc-hoi", summary="Luật Hộ tịch", issued_on="20/11/2014"
    )
    # The province is another host: its absolute URLs must name the live server's port.
    province.site.port = int(live_server.url.rsplit(":", 1)[1])
    province.site.save()

    page = browser_page
    page.goto(live_url(network.ward_a, "/thu-tuc/1.000001.H12/"))
    link = page.get_by_role("link", name="Luật Hộ tịch số 60/2014/QH13")
    assert link.get_attribute("href") == live_url(province, "/van-ban/60-2014-qh13-2014/")
    link.click()
    page.wait_for_url("**/van-ban/60-2014-qh13-2014/")
    assert page.locator("h1").inner_text() == "Luật 60/2014/QH13"
    assert "Luật Hộ tịch" in page.inner_text("main")


def test_the_shared_pager_in_a_browser(services_network, browser_page, live_url, axe):
    """cms/includes/pager.html on the procedures list: keyboard-reachable links that keep the
    filter, the current page announced, and a page that does not exist leads back to page 1."""
    from tests.plugins.services.conftest import make_procedure

    for n in range(45):
        make_procedure(f"9.{n:06d}.H12", f"Thủ tục thử số {n:02d}")
    page = browser_page
    page.goto(live_url(services_network.ward_a, "/thu-tuc/?field=ho-tich"))
    pager = page.get_by_role("navigation", name="Phân trang")
    assert pager.get_by_role("link", name="Trang 1, trang đang xem").get_attribute("aria-current") == "page"
    assert axe(page) == []
    pager.get_by_role("link", name="Trang sau").click()
    page.wait_for_url("**?field=ho-tich&page=2")
    assert page.get_by_text("Trang 2 / 3").is_visible()
    response = page.goto(live_url(services_network.ward_a, "/thu-tuc/?field=ho-tich&page=9"))
    assert response.status == 404
    assert page.get_by_role("alert").filter(has_text="Trang “9” không tồn tại").is_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Về trang đầu").click()
    page.wait_for_url("**/thu-tuc/?field=ho-tich")
    assert page.get_by_text("Trang 1 / 3").is_visible()
