"""Open data API and the search provider."""

import pytest

from cms.search_contract import SearchDocument
from registry.plugins import registry

pytestmark = pytest.mark.django_db


def test_api_list_shape_and_filters(catalogue, network, client):
    response = client.get("/api/procedures/", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 11
    first = data["results"][0]
    for key in (
        "code",
        "name",
        "field",
        "level",
        "online",
        "tiers",
        "agency",
        "online_url",
        "methods",
        "documents",
        "legal_basis",
        "url",
    ):
        assert key in first
    assert first["code"] == "1.000001.H12" and first["field"] == {"code": "ho-tich", "name": "Hộ tịch"}

    data = client.get("/api/procedures/?portal=a.camau.localhost", HTTP_HOST="camau.localhost").json()
    assert data["count"] == 7
    assert all(r["url"].startswith("http://a.camau.localhost") for r in data["results"])
    data = client.get("/api/procedures/?portal=b.camau.localhost&level=toan-trinh", HTTP_HOST="camau.localhost").json()
    assert sorted(r["code"] for r in data["results"]) == ["1.000001.H12", "1.000002.H12", "1.000003.H12"]
    data = client.get("/api/procedures/?field=duong-bo", HTTP_HOST="camau.localhost").json()
    assert [r["code"] for r in data["results"]] == ["2.000002.H12"]
    assert data["results"][0]["level"] == {"code": "muc-do-3", "name": "Mức độ 3", "online": True}
    data = client.get("/api/procedures/?page=2&page_size=5", HTTP_HOST="camau.localhost").json()
    assert data["page"] == 2 and data["pages"] == 3 and len(data["results"]) == 5


BAD_QUERIES = [
    ("?level=khong-co", 400),
    ("?field=khong-co", 400),
    ("?tier=khong-co", 400),
    ("?portal=khong-co.localhost", 400),
    ("?page=abc", 400),
    ("?page=0", 400),
    ("?page=999", 404),
]


def test_api_bad_input_is_a_json_error(catalogue, network, client):
    for query, status in BAD_QUERIES:
        response = client.get("/api/procedures/" + query, HTTP_HOST="camau.localhost")
        assert response.status_code == status, query
        assert response["Content-Type"].startswith("application/json"), query


def test_api_filters_name_the_wrong_parameter_in_vietnamese(catalogue, network, client):
    # plugins.services.filters (django-filter through DjangoFilterBackend): one message per refused parameter.
    response = client.get("/api/procedures/?field=khong-co&level=xyz&tier=province&q=ky", HTTP_HOST="camau.localhost")
    assert response.status_code == 400
    assert response.json() == {"field": ["Không có lĩnh vực: khong-co."], "level": ["Không có mức độ dịch vụ: xyz."]}
    response = client.get("/api/procedures/?q=" + "x" * 201, HTTP_HOST="camau.localhost")
    assert response.status_code == 400 and list(response.json()) == ["q"]
    data = client.get("/api/procedures/?tier=province&level=muc-do-3", HTTP_HOST="camau.localhost").json()
    assert [r["code"] for r in data["results"]] == ["2.000002.H12"]


def test_api_stats(catalogue, network, client):
    data = client.get("/api/procedures/stats/", HTTP_HOST="camau.localhost").json()
    assert (data["total"], data["online"], data["online_percent"]) == (11, 7, 63.6)
    levels = {row["code"]: row for row in data["levels"]}
    assert levels["toan-trinh"]["count"] == 4 and levels["toan-trinh"]["percent"] == 36.4
    data = client.get("/api/procedures/stats/?portal=a.camau.localhost", HTTP_HOST="camau.localhost").json()
    assert (data["portal"], data["total"], data["online"]) == ("a.camau.localhost", 7, 5)
    assert {"name": "Phường An Xuyên", "count": 1, "online": 1, "portal": "a.camau.localhost"}.items() <= next(
        row for row in data["agencies"] if row["name"] == "Phường An Xuyên"
    ).items()
    assert client.get("/api/procedures/stats/?portal=nope", HTTP_HOST="camau.localhost").status_code == 400


def test_api_detail(catalogue, network, client):
    response = client.get("/api/procedures/1.000004.H12/", HTTP_HOST="camau.localhost")
    assert response.status_code == 200 and response.json()["name"] == "Chứng thực chữ ký"
    assert client.get("/api/procedures/nope/", HTTP_HOST="camau.localhost").status_code == 404


def test_search_provider_documents(catalogue, network):
    provider = registry.get("services").search_providers[0]
    assert provider.kind == "procedure" and provider.plugin_name == "services"
    documents = list(provider.documents())
    assert len(documents) == 11  # the expired one is not a document
    by_id = {d.id: d for d in documents}
    doc = by_id[f"procedure:{catalogue['ks'].pk}"]
    assert isinstance(doc, SearchDocument)
    assert doc.portal_id == network.province.pk  # network catalogue: shown on the province
    assert doc.title == "Đăng ký khai sinh"
    assert doc.url == "http://camau.localhost/thu-tuc/1.000001.H12/"
    assert doc.keywords == ["1.000001.H12"]
    assert doc.facets["field"] == "Hộ tịch" and doc.facets["level"] == "toan-trinh" and doc.facets["online"] is True
    own = provider.document_for(catalogue["own"])
    assert own.portal_id == network.ward_a.pk and own.url.startswith("http://a.camau.localhost/thu-tuc/")
    assert [d.id for d in provider.documents(portal=network.ward_a)] == [f"procedure:{catalogue['own'].pk}"]
    assert len(list(provider.documents(portal=network.province))) == 10  # the catalogue without an agency portal
    assert list(provider.documents(portal=network.ward_b)) == []
    assert provider.document_for(catalogue["old"]) is None
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    assert provider.document_for(catalogue["own"]) is None


def test_saved_procedures_reach_the_shared_index(network, django_capture_on_commit_callbacks):
    """Integration with the search app (through its index, not its engine's ranking)."""
    from django.db import transaction

    from search.models import SearchEntry

    from .conftest import make_procedure

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        procedure = make_procedure("1.009999.H12", "Đăng ký thường trú cho người chưa thành niên")
    entry = SearchEntry.objects.get(doc_id=f"procedure:{procedure.pk}")
    assert entry.kind == "procedure" and entry.portal_id == network.province.pk
    assert entry.title == "Đăng ký thường trú cho người chưa thành niên"
    assert entry.url == "http://camau.localhost/thu-tuc/1.009999.H12/"
    assert entry.field == "Hộ tịch"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        procedure.valid_until = procedure.created_at.date().replace(year=2000)
        procedure.valid_from = None
        procedure.save()
    assert not SearchEntry.objects.filter(doc_id=f"procedure:{procedure.pk}").exists()  # expired: removed
