import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.legal_documents.models import LegalDocumentPage
from sites.models import BlockPlacement
from tests.conftest import fresh, module_world

from .conftest import _enable_legal_documents, add_document, make_docx, make_pdf

DAY = datetime.timedelta(days=1)


def d(date):
    return date.strftime("%d/%m/%Y")


def _documents(network):
    """Six documents: four of ward A's (one expired, one not yet in force), one of ward B's, one of the province's."""
    _enable_legal_documents(network)
    ld = network
    today = datetime.date.today()
    return {
        "qd": add_document(
            ld.ward_a,
            number_symbol="1234/QĐ-UBND",
            summary="Ban hành Quy chế tiếp công dân",
            type="quyet-dinh",
            field="cai-cach-hanh-chinh",
            issued_on="10/03/2024",
            effective_from="20/03/2024",
        ),
        "kh": add_document(
            ld.ward_a,
            number_symbol="45/KH-UBND",
            summary="Kế hoạch phòng chống thiên tai",
            type="ke-hoach",
            field="quoc-phong-an-ninh",
            issued_on=d(today - 5 * DAY),
        ),
        "nq": add_document(
            ld.ward_a,
            number_symbol="12/2025/NQ-HĐND",
            summary="Quy định mức chi hỗ trợ chuyển đổi số",
            type="nghi-quyet",
            issuer="hdnd-tinh",
            field="tai-chinh-ngan-sach",
            issued_on=d(today - 2 * DAY),
            effective_from=d(today + 30 * DAY),
        ),
        "old": add_document(
            ld.ward_a,
            number_symbol="15/2022/QĐ-UBND",
            summary="Quy chế cũ đã bị thay thế",
            issued_on="01/02/2022",
            effective_from="15/02/2022",
            expires_on="01/01/2024",
        ),
        "other_portal": add_document(ld.ward_b, number_symbol="99/QĐ-UBND", summary="Văn bản của phường Tân Thành"),
        "province": add_document(
            ld.province, number_symbol="05/CT-UBND", type="chi-thi", summary="Chỉ thị của tỉnh về chuyển đổi số"
        ),
    }


_docs_world = module_world(_documents)


@pytest.fixture
def docs(_ld_world, _docs_world, ld):
    return fresh(_docs_world)


def symbols_in(response):
    html = response.content.decode()
    return {
        s for s in ("1234/QĐ-UBND", "45/KH-UBND", "12/2025/NQ-HĐND", "15/2022/QĐ-UBND", "99/QĐ-UBND", "05/CT-UBND") if s in html
    }


def test_list_shows_only_this_portals_documents_newest_first(docs, portal_client):
    response = portal_client(docs["qd"].portal).get("/van-ban/")
    assert response.status_code == 200
    html = response.content.decode()
    assert symbols_in(response) == {"1234/QĐ-UBND", "45/KH-UBND", "12/2025/NQ-HĐND", "15/2022/QĐ-UBND"}
    assert html.index("12/2025/NQ-HĐND") < html.index("45/KH-UBND") < html.index("1234/QĐ-UBND") < html.index("15/2022/QĐ-UBND")
    assert "4 văn bản" in html
    assert "Tra cứu văn bản" in html and 'for="ld-filter-type"' in html


FILTER_CASES = [
    ("type=ke-hoach", {"45/KH-UBND"}),
    ("issuer=hdnd-tinh", {"12/2025/NQ-HĐND"}),
    ("field=cai-cach-hanh-chinh", {"1234/QĐ-UBND"}),
    ("year=2022", {"15/2022/QĐ-UBND"}),
    ("status=expired", {"15/2022/QĐ-UBND"}),
    ("status=not_yet", {"12/2025/NQ-HĐND"}),
    ("status=in_force", {"1234/QĐ-UBND", "45/KH-UBND"}),
    ("q=1234/QĐ-UBND", {"1234/QĐ-UBND"}),
    ("q=QD-UBND", {"1234/QĐ-UBND", "15/2022/QĐ-UBND"}),
    ("q=qđ-ubnd", {"1234/QĐ-UBND", "15/2022/QĐ-UBND"}),
    ("q=thien tai", {"45/KH-UBND"}),
    ("q=chuyển đổi số", {"12/2025/NQ-HĐND"}),
    ("q=hdnd", {"12/2025/NQ-HĐND"}),
    ("type=quyet-dinh&status=in_force", {"1234/QĐ-UBND"}),
]


def test_filters(docs, portal_client):
    # One network for every case: setting it up is the slow part.
    for query, expected in FILTER_CASES:
        response = portal_client(docs["qd"].portal).get(f"/van-ban/?{query}")
        assert response.status_code == 200, query
        assert symbols_in(response) == expected, query


def test_sort_oldest_and_by_symbol(docs, portal_client):
    html = portal_client(docs["qd"].portal).get("/van-ban/?sort=oldest").content.decode()
    assert html.index("15/2022/QĐ-UBND") < html.index("1234/QĐ-UBND") < html.index("45/KH-UBND")
    html = portal_client(docs["qd"].portal).get("/van-ban/?sort=symbol").content.decode()
    assert html.index("12/2025/NQ-HĐND") < html.index("1234/QĐ-UBND") < html.index("15/2022/QĐ-UBND") < html.index("45/KH-UBND")


def test_bad_filters_get_a_message_and_change_nothing(docs, portal_client):
    for query in [
        "type=khong-co",
        "year=abcd",
        "status=bogus",
        "sort=hack",
        "field=%2500",
        "year=99999999999999999999",
    ]:
        response = portal_client(docs["qd"].portal).get(f"/van-ban/?{query}")
        assert response.status_code == 200, query
        html = response.content.decode()
        assert 'role="alert"' in html, query
        assert "không hợp lệ" in html, query
        assert symbols_in(response) == {"1234/QĐ-UBND", "45/KH-UBND", "12/2025/NQ-HĐND", "15/2022/QĐ-UBND"}, query


def test_pagination(ld, portal_client, settings):
    from plugins.legal_documents.models import LegalDocumentIndexPage

    LegalDocumentIndexPage.per_page = 2
    try:
        for n in range(5):
            add_document(ld.ward_a, number_symbol=f"{n + 1}/TB-UBND", type="thong-bao", summary=f"Thông báo số {n + 1}")
        first = portal_client(ld.ward_a).get("/van-ban/?type=thong-bao").content.decode()
        assert "Trang 1 / 3" in first and "page=2" in first and "type=thong-bao" in first
        last = portal_client(ld.ward_a).get("/van-ban/?type=thong-bao&page=3").content.decode()
        assert "Trang 3 / 3" in last and 'rel="next"' not in last
        assert 'href="?type=thong-bao&amp;page=2" rel="prev"' in last  # the filters are kept
        assert 'aria-current="page"' in last and 'aria-label="Phân trang"' in last
        # A page that does not exist: 404 with the list's frame, the message and the way back.
        for bad in ("4", "abc", "0", "-1", "9" * 30):
            response = portal_client(ld.ward_a).get(f"/van-ban/?type=thong-bao&page={bad}")
            assert response.status_code == 404, bad
            html = response.content.decode()
            assert "danh sách này có các trang từ 1 đến 3" in html and "Về trang đầu" in html, bad
            assert 'href="?type=thong-bao"' in html  # the first page, same filters
            assert "/TB-UBND" not in html, bad  # no items on a page that does not exist
    finally:
        LegalDocumentIndexPage.per_page = 20


def test_member_portal_shows_province_documents_in_a_tab(docs, portal_client):
    client = portal_client(docs["qd"].portal)
    own = client.get("/van-ban/")
    assert "Văn bản của tỉnh" in own.content.decode()
    assert "05/CT-UBND" not in own.content.decode()
    province = client.get("/van-ban/?scope=parent")
    assert symbols_in(province) == {"05/CT-UBND"}
    assert 'name="scope" value="parent"' in province.content.decode()
    filtered = client.get("/van-ban/?scope=parent&type=quyet-dinh")
    assert symbols_in(filtered) == set()


def test_province_tab_can_be_switched_off(docs, portal_client):
    from plugins.legal_documents.models import LegalDocumentIndexPage

    index = LegalDocumentIndexPage.objects.get(portal=docs["qd"].portal, locale__language_code="vi")
    index.show_province_documents = False
    index.save_revision().publish()
    response = portal_client(docs["qd"].portal).get("/van-ban/?scope=parent")
    assert "Văn bản của tỉnh" not in response.content.decode()
    assert "05/CT-UBND" not in response.content.decode()


def test_province_publication_refreshes_member_portal_cache(docs, portal_client):
    client = portal_client(docs["qd"].portal)
    assert client.get("/van-ban/?scope=parent").status_code == 200
    assert client.get("/van-ban/?scope=parent")["X-Cache"] == "HIT"
    add_document(docs["province"].portal, number_symbol="77/KH-UBND", type="ke-hoach", summary="Kế hoạch mới của tỉnh")
    response = client.get("/van-ban/?scope=parent")
    assert "77/KH-UBND" in response.content.decode()


def test_detail_page_shows_every_field_files_and_relations(ld, portal_client):
    base = add_document(ld.ward_a, number_symbol="42/2022/NĐ-CP", type="nghi-dinh", issuer="chinh-phu", summary="Nghị định gốc")
    page = add_document(
        ld.ward_a,
        number_symbol="08/2025/QĐ-UBND",
        summary="Ban hành Quy chế hoạt động của Cổng thông tin điện tử",
        field="chuyen-doi-so",
        signer="Lâm Văn Bi",
        signer_position="Phó Chủ tịch",
        issued_on="20/03/2025",
        effective_from="01/04/2025",
        expires_on="01/04/2030",
        relations="guides:42/2022/NĐ-CP",
        files={"qd-08.pdf|Toàn văn": make_pdf(["Quyet dinh 08"]), "phu-luc.docx|Phụ lục I": make_docx(["Phụ lục"])},
    )
    html = portal_client(ld.ward_a).get(page.url).content.decode()
    for text in (
        "<h1>Quyết định 08/2025/QĐ-UBND</h1>",
        "Ban hành Quy chế hoạt động của Cổng thông tin điện tử",
        "Ủy ban nhân dân tỉnh",
        "Chuyển đổi số",
        "Lâm Văn Bi (Phó Chủ tịch)",
        "20/03/2025",
        "01/04/2025",
        "01/04/2030",
        "Còn hiệu lực",
        "Toàn văn",
        "Phụ lục I",
        "(PDF,",
        "(DOCX,",
        "Hướng dẫn:",
        "42/2022/NĐ-CP",
    ):
        assert text in html, text
    assert page.files.count() == 2
    base_html = portal_client(ld.ward_a).get(base.url).content.decode()
    assert "Được hướng dẫn bởi" in base_html and "08/2025/QĐ-UBND" in base_html


def test_files_text_is_kept_for_search(ld):
    page = add_document(ld.ward_a, files={"a.docx": make_docx(["Quy định về quản lý chất thải rắn sinh hoạt"])})
    page = LegalDocumentPage.objects.get(pk=page.pk)
    assert "chất thải rắn" in page.files_text
    assert "chat thai ran" in page.search_text


def test_list_queries_do_not_grow_with_documents(ld, portal_client, django_assert_max_num_queries):
    for n in range(3):
        add_document(ld.ward_a, number_symbol=f"{n + 1}/QĐ-UBND", summary=f"Quyết định {n}")
    client = portal_client(ld.ward_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/van-ban/?sort=oldest").status_code == 200
    for n in range(3, 12):
        add_document(ld.ward_a, number_symbol=f"{n + 1}/QĐ-UBND", summary=f"Quyết định {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/van-ban/?sort=newest").status_code == 200


def test_detail_page_query_count_is_bounded(ld, portal_client, django_assert_max_num_queries):
    add_document(ld.ward_a, number_symbol="1/QĐ-UBND")
    page = add_document(
        ld.ward_a,
        number_symbol="2/QĐ-UBND",
        relations="amends:1/QĐ-UBND",
        files={"a.pdf": make_pdf(["a"]), "b.pdf": make_pdf(["b"]), "c.docx": make_docx(["c"])},
    )
    with django_assert_max_num_queries(40):
        assert portal_client(ld.ward_a).get(page.url).status_code == 200


def test_newest_block_on_the_home_page(docs, portal_client, django_assert_max_num_queries):
    home = docs["qd"].portal.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="legal_documents.newest", title="Văn bản mới", limit=2)
    with django_assert_max_num_queries(40):
        response = portal_client(docs["qd"].portal).get("/")
    html = response.content.decode()
    assert 'class="block block-legal-documents"' in html and "Văn bản mới" in html
    assert symbols_in(response) == {"12/2025/NQ-HĐND", "45/KH-UBND"}
    assert 'href="/van-ban/"' in html


def test_plugin_off_means_404(docs, portal_client):
    portal = docs["qd"].portal
    portal.enabled_plugins = [p for p in portal.enabled_plugins if p != "legal_documents"]
    portal.save()
    client = portal_client(portal)
    assert client.get("/van-ban/").status_code == 404
    assert client.get(docs["qd"].url).status_code == 404
    assert client.get("/api/legal-documents/").status_code == 404


def test_english_tree_shows_vietnamese_documents_until_translated(docs, portal_client):
    response = portal_client(docs["qd"].portal).get("/en/legal-documents/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html and "Look up documents" in html
    assert symbols_in(response) == {"1234/QĐ-UBND", "45/KH-UBND", "12/2025/NQ-HĐND", "15/2022/QĐ-UBND"}
    assert "In force" in html


def test_renaming_a_type_refreshes_cached_lists(docs, portal_client):
    from plugins.legal_documents.models import DocumentType

    client = portal_client(docs["qd"].portal)
    client.get("/van-ban/")
    assert client.get("/van-ban/")["X-Cache"] == "HIT"
    kind = DocumentType.objects.get(slug="ke-hoach")
    kind.name_vi = "Kế hoạch hành động"
    kind.save()
    assert "Kế hoạch hành động 45/KH-UBND" in client.get("/van-ban/").content.decode()
