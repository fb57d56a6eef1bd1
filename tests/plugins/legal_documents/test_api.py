import pytest

from cms.middleware import portal_map
from plugins.legal_documents.models import Validity
from tests.conftest import fresh, module_world

from .conftest import _enable_legal_documents, add_document, make_pdf


def _documents(network):
    _enable_legal_documents(network)
    ld = network
    return [
        add_document(
            ld.ward_a,
            number_symbol="1234/QĐ-UBND",
            type="quyet-dinh",
            field="cai-cach-hanh-chinh",
            issued_on="10/03/2024",
            effective_from="20/03/2024",
            files={"qd.pdf|Toàn văn": make_pdf(["Quyet dinh 1234"])},
        ),
        add_document(ld.ward_a, number_symbol="45/KH-UBND", type="ke-hoach", issued_on="05/01/2025", expires_on="06/01/2025"),
        add_document(ld.ward_b, number_symbol="7/TB-UBND", type="thong-bao", issuer="hdnd-tinh", issued_on="01/06/2025"),
    ]


_docs_world = module_world(_documents)


@pytest.fixture
def docs(_ld_world, _docs_world, ld):
    """Three documents (two of ward A's, one with a file; one of ward B's), made once per module."""
    return fresh(_docs_world)


def test_list_shape_and_every_field(docs, client):
    response = client.get("/api/legal-documents/?portal=a.camau.localhost", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "page", "pages", "next", "previous", "results"}
    assert body["count"] == 2
    item = next(r for r in body["results"] if r["number_symbol"] == "1234/QĐ-UBND")
    assert item["portal"] == "a.camau.localhost"
    assert item["document_type"] == {"slug": "quyet-dinh", "name": "Quyết định", "abbreviation": "QĐ"}
    assert item["issuer"]["code"] == "UBND"
    assert item["field"]["slug"] == "cai-cach-hanh-chinh"
    assert item["issued_on"] == "2024-03-10" and item["effective_from"] == "2024-03-20" and item["expires_on"] is None
    assert item["validity"] == "in_force" and item["validity_label"]
    assert item["signer"] == "Nguyễn Văn A" and item["signer_position"] == "Chủ tịch"
    assert item["summary"] and item["url"].startswith("http://a.camau.localhost/van-ban/")
    [file] = item["files"]
    assert file["type"] == "PDF" and file["size"] > 0 and file["title"] == "Toàn văn"
    assert file["url"].startswith("http://") and file["url"].endswith(".pdf")


FILTER_CASES = [
    ("type=ke-hoach", {"45/KH-UBND"}),
    ("issuer=hdnd-tinh", {"7/TB-UBND"}),
    ("field=cai-cach-hanh-chinh", {"1234/QĐ-UBND"}),
    ("year=2025", {"45/KH-UBND", "7/TB-UBND"}),
    ("status=expired", {"45/KH-UBND"}),
    ("status=in_force", {"1234/QĐ-UBND", "7/TB-UBND"}),
    ("q=QD-UBND", {"1234/QĐ-UBND"}),
    ("portal=b.camau.localhost", {"7/TB-UBND"}),
    ("", {"1234/QĐ-UBND", "45/KH-UBND", "7/TB-UBND"}),
]


def test_filters(docs, client):
    for query, expected in FILTER_CASES:
        response = client.get(f"/api/legal-documents/?{query}", HTTP_HOST="camau.localhost")
        assert response.status_code == 200, query
        assert {r["number_symbol"] for r in response.json()["results"]} == expected, query


def test_type_filter_accepts_an_id(docs, client):
    type_id = docs[0].document_type_id
    response = client.get(f"/api/legal-documents/?type={type_id}", HTTP_HOST="camau.localhost")
    assert {r["number_symbol"] for r in response.json()["results"]} == {"1234/QĐ-UBND"}


BAD_CASES = [
    ("type=khong-co", 400),
    ("issuer=%3Cscript%3E", 400),
    ("year=20x5", 400),
    ("year=99999", 400),
    ("status=valid", 400),
    ("portal=nowhere.localhost", 400),
    ("page=abc", 400),
    ("page=0", 400),
    ("page=99", 404),
]


def test_bad_input_answers_json_errors(docs, client):
    for query, status in BAD_CASES:
        response = client.get(f"/api/legal-documents/?{query}", HTTP_HOST="camau.localhost")
        assert response.status_code == status, query
        assert response["Content-Type"].startswith("application/json"), query


def test_filters_name_each_wrong_parameter_in_vietnamese(docs, client):
    # The public list's FilterSet (django-filter) through DjangoFilterBackend.
    response = client.get(
        "/api/legal-documents/?type=khong-co&year=20x5&status=valid&sort=hack&issuer=99999999999999999999",
        HTTP_HOST="camau.localhost",
    )
    assert response.status_code == 400
    assert response.json() == {
        "type": ["Giá trị không có trong danh mục: khong-co."],
        "issuer": ["Giá trị không có trong danh mục: 99999999999999999999."],
        "year": ["Năm phải là số có bốn chữ số."],
        "status": ["Tình trạng hiệu lực không hợp lệ; dùng một trong các giá trị: " + ", ".join(Validity.values) + "."],
        "sort": ["Giá trị không có trong danh mục: hack."],
    }


def test_detail(docs, client):
    response = client.get(f"/api/legal-documents/{docs[0].pk}/", HTTP_HOST="camau.localhost")
    assert response.status_code == 200 and response.json()["number_symbol"] == "1234/QĐ-UBND"
    assert client.get("/api/legal-documents/999999/", HTTP_HOST="camau.localhost").status_code == 404


def test_drafts_and_portals_with_the_plugin_off_are_not_listed(docs, client, ld):
    docs[1].unpublish()
    ld.ward_b.enabled_plugins = [p for p in ld.ward_b.enabled_plugins if p != "legal_documents"]
    ld.ward_b.save()
    response = client.get("/api/legal-documents/", HTTP_HOST="camau.localhost")
    assert {r["number_symbol"] for r in response.json()["results"]} == {"1234/QĐ-UBND"}
    assert client.get(f"/api/legal-documents/{docs[1].pk}/", HTTP_HOST="camau.localhost").status_code == 404


def test_list_queries_are_bounded(docs, client, rf, django_assert_max_num_queries):
    # The process's hostname map is loaded (as it is between portal changes): the API's
    # own queries are counted, not the map's reload after the test emptied the cache.
    portal_map.lookup(rf.get("/", HTTP_HOST="camau.localhost"))
    with django_assert_max_num_queries(12):
        assert client.get("/api/legal-documents/", HTTP_HOST="camau.localhost").status_code == 200
