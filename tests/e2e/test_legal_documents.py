"""Legal documents in a real browser: list with filters, detail, home block; axe-core WCAG 2.1 AA."""

import pytest

from plugins.legal_documents.services import ensure_index_page
from sites.models import BlockPlacement
from tests.plugins.legal_documents.conftest import add_document, make_docx, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.heavy(13)]


@pytest.fixture
def legal_network(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for portal in (network.province, network.ward_a):
        if "legal_documents" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "legal_documents"]
            portal.save()
        ensure_index_page(portal)
    ward = network.ward_a
    add_document(network.province, number_symbol="05/CT-UBND", type="chi-thi", summary="Về tăng cường chuyển đổi số")
    base = add_document(
        ward,
        number_symbol="15/2023/QĐ-UBND",
        summary="Ban hành Quy chế làm việc nhiệm kỳ trước",
        issued_on="10/01/2023",
        effective_from="20/01/2023",
        expires_on="01/02/2025",
    )
    new = add_document(
        ward,
        number_symbol="08/2025/QĐ-UBND",
        summary="Ban hành Quy chế làm việc của Ủy ban nhân dân phường",
        field="to-chuc-bo-may",
        signer="Trần Thanh Hùng",
        signer_position="Chủ tịch Ủy ban nhân dân",
        issued_on="20/03/2025",
        effective_from="01/04/2025",
        relations="replaces:15/2023/QĐ-UBND",
        files={"qd-08.pdf|Toàn văn Quyết định": make_pdf(["Quyet dinh 08/2025"]), "phu-luc.docx|Phụ lục": make_docx(["Phụ lục"])},
    )
    add_document(
        ward, number_symbol="112/KH-UBND", type="ke-hoach", summary="Kế hoạch phòng, chống thiên tai", field="quoc-phong-an-ninh"
    )
    home = ward.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="legal_documents.newest", title="Văn bản mới", limit=5)
    return {"network": network, "base": base, "new": new}


def test_list_filters_and_detail_are_accessible(legal_network, browser_page, live_url, axe):
    page = browser_page
    ward = legal_network["network"].ward_a
    page.goto(live_url(ward, "/van-ban/"))
    assert page.locator("h1").inner_text() == "Văn bản"
    assert page.get_by_text("3 văn bản").is_visible()
    assert axe(page) == []

    page.get_by_label("Số, ký hiệu hoặc từ khóa").fill("QD-UBND")
    page.get_by_label("Loại văn bản").select_option(label="Quyết định (QĐ)")
    page.get_by_label("Tình trạng hiệu lực").select_option(label="Còn hiệu lực")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url("**q=QD-UBND**")
    assert page.get_by_text("1 văn bản").is_visible()
    assert page.get_by_role("link", name="Quyết định 15/2023/QĐ-UBND").count() == 0
    assert axe(page) == []

    page.get_by_role("link", name="Quyết định 08/2025/QĐ-UBND").click()
    page.wait_for_url("**/van-ban/08-2025-qd-ubnd-2025/")
    assert page.locator("h1").inner_text() == "Quyết định 08/2025/QĐ-UBND"
    assert page.get_by_role("link", name="Toàn văn Quyết định").is_visible()
    assert page.get_by_text("(PDF,").is_visible()
    assert page.get_by_role("cell", name="Trần Thanh Hùng (Chủ tịch Ủy ban nhân dân)").is_visible()
    assert axe(page) == []

    page.get_by_role("link", name="15/2023/QĐ-UBND").click()
    page.wait_for_url("**/van-ban/15-2023-qd-ubnd-2023/")
    assert page.get_by_text("Được thay thế bởi:").is_visible()
    assert page.get_by_text("Hết hiệu lực").first.is_visible()
    assert axe(page) == []


def test_bad_filters_province_tab_and_home_block_at_360px(legal_network, browser_page, live_url, axe):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    ward = legal_network["network"].ward_a
    page.goto(live_url(ward, "/van-ban/?year=abc"))  # a bad page number is a 404 (cms.pagination)
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("3 văn bản").is_visible()
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Văn bản của tỉnh").click()
    page.wait_for_url("**scope=parent**")
    assert page.get_by_role("link", name="Chỉ thị 05/CT-UBND").is_visible()
    assert axe(page) == []

    page.goto(live_url(ward, "/"))
    block = page.locator("section.block-legal-documents")
    assert block.get_by_role("heading", name="Văn bản mới").is_visible()
    assert block.get_by_role("link", name="08/2025/QĐ-UBND").is_visible()
    assert axe(page) == []
