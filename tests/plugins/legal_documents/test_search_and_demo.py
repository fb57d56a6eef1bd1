import io

from plugins.legal_documents.models import LegalDocumentPage
from plugins.legal_documents.search import LegalDocumentSearchProvider
from registry.plugins import registry
from sites.models import BlockPlacement

from .conftest import add_document, make_docx


def test_plugin_registers_its_provider_and_block():
    plugin = registry.get("legal_documents")
    assert plugin is not None and plugin.default_levels is None
    assert any(isinstance(p, LegalDocumentSearchProvider) for p in plugin.search_providers)
    assert [b.name for b in plugin.blocks] == ["legal_documents.newest"]


def test_search_document_carries_symbol_facets_and_file_text(ld):
    page = add_document(
        ld.ward_a,
        number_symbol="1234/QĐ-UBND",
        summary="Ban hành Quy chế tiếp công dân",
        field="cai-cach-hanh-chinh",
        issued_on="10/03/2024",
        files={"qd.docx": make_docx(["Điều 1. Quy chế tiếp công dân tại trụ sở"])},
    )
    document = LegalDocumentSearchProvider().document_for(page)
    assert document.id == f"legal_document:{page.pk}"
    assert document.kind == "legal_document" and document.portal_id == ld.ward_a.pk
    assert document.title == "1234/QĐ-UBND Ban hành Quy chế tiếp công dân"
    assert document.url == "http://a.camau.localhost/van-ban/1234-qd-ubnd-2024/"
    assert str(document.date) == "2024-03-10" and document.language == "vi"
    assert document.keywords == ["1234/QĐ-UBND", "1234/QD-UBND"]
    assert "tiếp công dân tại trụ sở" in document.body
    assert document.facets == {
        "document_type": "Quyết định",
        "issuer": "Ủy ban nhân dân tỉnh",
        "field": "Cải cách hành chính",
        "year": 2024,
        "validity": "in_force",
    }


def test_no_document_for_drafts_or_when_the_plugin_is_off(ld):
    provider = LegalDocumentSearchProvider()
    page = add_document(ld.ward_a)
    other = add_document(ld.ward_b, number_symbol="9/TB-UBND", type="thong-bao")
    assert {d.id for d in provider.documents()} == {f"legal_document:{page.pk}", f"legal_document:{other.pk}"}
    assert [d.id for d in provider.documents(portal=ld.ward_b)] == [f"legal_document:{other.pk}"]
    page.unpublish()
    assert provider.document_for(LegalDocumentPage.objects.get(pk=page.pk)) is None
    ld.ward_b.enabled_plugins = []
    ld.ward_b.save()
    assert provider.document_for(other) is None
    assert list(provider.documents()) == []


def test_demo_is_realistic_and_idempotent(ld):
    plugin = registry.get("legal_documents")
    out = io.StringIO()
    for _round in range(2):
        for portal in (ld.province, ld.ward_a):
            plugin.load_demo(portal, out)
    province_docs = LegalDocumentPage.objects.filter(portal=ld.province)
    ward_docs = LegalDocumentPage.objects.filter(portal=ld.ward_a)
    assert province_docs.count() == 8 and ward_docs.count() == 5
    assert province_docs.filter(number_symbol="42/2022/NĐ-CP", live=True).exists()
    assert {d.validity for d in province_docs} >= {"in_force", "expired", "not_yet"}
    replacing = province_docs.get(number_symbol__endswith="/QĐ-UBND", relations__kind="replaces")
    assert replacing.files.get().file_kind == "docx"
    assert ward_docs.filter(files__file_kind="pdf").exists()
    assert ward_docs.get(number_symbol="112/KH-UBND").relations.get().target.portal == ld.province
    for home in ld.ward_a.root_pages():
        assert BlockPlacement.objects.filter(page=home, block="legal_documents.newest").count() == 1
    assert "legal_documents:" in out.getvalue()


def test_demo_for_a_department_uses_its_own_symbols(ld):
    from tests.conftest import make_portal

    department = make_portal(
        "Sở Nội vụ tỉnh Cà Mau", "sonoivu.camau.localhost", level="department", parent=ld.province, codename="so-noi-vu"
    )
    if "legal_documents" not in department.enabled_plugins:
        department.enabled_plugins = [*department.enabled_plugins, "legal_documents"]
        department.save()
    registry.get("legal_documents").load_demo(department, io.StringIO())
    docs = LegalDocumentPage.objects.filter(portal=department)
    assert docs.count() == 5
    doc = docs.get(number_symbol="45/QĐ-SNV")
    assert (doc.issuer.name_vi, doc.signer_position) == ("Sở Nội vụ", "Giám đốc Sở")  # the seeded issuer of that slug
