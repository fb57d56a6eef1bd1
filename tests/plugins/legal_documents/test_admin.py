"""The admin: validation messages, file checks, warnings, and isolation between portals."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from plugins.legal_documents.models import DocumentType, Issuer, LegalDocumentIndexPage, LegalDocumentPage

from .conftest import EXE_BYTES, add_document, make_pdf


def upload(portal, name, content):
    Document = get_document_model()
    document = Document(title=name, collection=portal.collection)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def form(files=(), relations=(), **overrides):
    data = {
        "title": "Ban hành Quy chế làm việc của Ủy ban nhân dân phường",
        "slug": "quy-che-lam-viec",
        "number_symbol": "45/QĐ-UBND",
        "document_type": DocumentType.objects.get(slug="quyet-dinh").pk,
        "issuer": Issuer.objects.get(slug="ubnd-tinh").pk,
        "legal_field": "",
        "signer": "Trần Thanh Hùng",
        "signer_position": "Chủ tịch",
        "issued_on": "2025-04-15",
        "effective_from": "2025-04-15",
        "expires_on": "",
        "validity_override": "",
        "full_text": rich_text(""),
        "files": inline_formset([{"document": d.pk, "label": ""} for d in files]),
        "relations": inline_formset([{"kind": k, "target": t.pk} for k, t in relations]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(portal):
    index = LegalDocumentIndexPage.objects.get(portal=portal, locale__language_code="vi")
    return reverse("wagtailadmin_pages:add", args=("legal_documents", "legaldocumentpage", index.pk))


def post_as(client, user, portal, data):
    client.force_login(user)
    return client.post(add_url(portal), data, HTTP_HOST=portal.site.hostname, follow=True)


def test_editor_creates_a_document_with_a_checked_file(ld, client):
    pdf = upload(ld.ward_a, "qd-45.pdf", make_pdf(["Quyet dinh 45 kien toan ban chi dao"]))
    response = post_as(client, ld.editor_a, ld.ward_a, form(files=[pdf]))
    assert response.status_code == 200
    page = LegalDocumentPage.objects.get(number_symbol="45/QĐ-UBND")
    assert page.portal == ld.ward_a and not page.live
    item = page.files.get()
    assert item.file_kind == "pdf" and item.file_size > 0 and "kien toan ban chi dao" in item.text


def test_effective_date_before_issue_date_is_refused_with_a_message(ld, client):
    response = post_as(client, ld.editor_a, ld.ward_a, form(issued_on="2025-04-15", effective_from="2025-04-01"))
    assert "Ngày có hiệu lực không được trước ngày ban hành." in response.content.decode()
    assert not LegalDocumentPage.objects.exists()


def test_renamed_executable_is_refused(ld, client):
    fake = upload(ld.ward_a, "bao-cao.pdf", EXE_BYTES)
    response = post_as(client, ld.editor_a, ld.ward_a, form(files=[fake]))
    assert "Chỉ chấp nhận tệp PDF, DOC, DOCX và ODT" in response.content.decode()
    assert not LegalDocumentPage.objects.exists()


def test_unparseable_symbol_is_kept_with_a_warning(ld, client):
    response = post_as(client, ld.editor_a, ld.ward_a, form(number_symbol="Số 45 năm nay"))
    assert "không theo dạng thông thường" in response.content.decode()
    assert LegalDocumentPage.objects.get().number_symbol == "Số 45 năm nay"


def test_symbol_that_disagrees_with_the_type_gets_a_warning(ld, client):
    response = post_as(client, ld.editor_a, ld.ward_a, form(number_symbol="45/KH-UBND"))
    assert "Ký hiệu ghi KH nhưng loại văn bản là Quyết định" in response.content.decode()


def test_relation_to_itself_is_refused(ld, client):
    page = add_document(ld.ward_a, number_symbol="45/QĐ-UBND")
    client.force_login(ld.moderator_a)
    data = form(relations=[("amends", page)], slug=page.slug)
    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, HTTP_HOST="a.camau.localhost")
    assert "Văn bản không thể liên quan với chính nó." in response.content.decode()


# -- isolation ------------------------------------------------------------------


@pytest.fixture
def secret(ld):
    page = add_document(ld.ward_a, number_symbol="777/QĐ-UBND", summary="Bí mật của phường An Xuyên")
    draft = add_document(ld.ward_a, number_symbol="778/QĐ-UBND", summary="Bản nháp riêng của An Xuyên")
    draft.unpublish()
    return page, draft


def test_editor_b_cannot_reach_ward_a_documents_through_admin_routes(ld, client, secret):
    page, draft = secret
    client.force_login(ld.editor_b)
    index = LegalDocumentIndexPage.objects.get(portal=ld.ward_a, locale__language_code="vi")
    urls = [
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        reverse("wagtailadmin_pages:delete", args=(page.pk,)),
        reverse("wagtailadmin_pages:unpublish", args=(page.pk,)),
        reverse("wagtailadmin_pages:history", args=(page.pk,)),
        reverse("wagtailadmin_pages:revisions_index", args=(page.pk,)),
        reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,)),
        reverse("wagtailadmin_pages:add", args=("legal_documents", "legaldocumentpage", index.pk)),
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        reverse("wagtailadmin_pages:move", args=(page.pk,)),
    ]
    for url in urls:
        response = client.get(url, HTTP_HOST="b.camau.localhost")
        assert response.status_code in (302, 403, 404), url
        body = response.content.decode()
        assert "Bí mật" not in body and "Bản nháp riêng" not in body, url
    # Posting changes does nothing either.
    client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)), {}, HTTP_HOST="b.camau.localhost")
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)), {}, HTTP_HOST="b.camau.localhost")
    assert LegalDocumentPage.objects.get(pk=page.pk).live


def test_listings_and_choosers_show_only_the_users_portals(ld, client, secret):
    add_document(ld.ward_b, number_symbol="5/TB-UBND", summary="Thông báo của Tân Thành")
    client.force_login(ld.editor_b)
    host = {"HTTP_HOST": "b.camau.localhost"}
    listing = client.get(reverse("legal_documents:index"), **host)
    assert listing.status_code == 200
    assert "Thông báo của Tân Thành" in listing.content.decode()
    assert "Bí mật" not in listing.content.decode()
    for url, params in (
        (reverse("wagtailadmin_pages:search"), {"q": "Bí mật"}),
        (reverse("legal_documents:index"), {"q": "777"}),
        (reverse("wagtailadmin_choose_page"), {"page_type": "legal_documents.legaldocumentpage"}),
        (reverse("wagtailadmin_choose_page_search"), {"page_type": "legal_documents.legaldocumentpage", "q": "riêng"}),
        (
            reverse("wagtailadmin_choose_page_child", args=(secret[0].get_parent().pk,)),
            {"page_type": "legal_documents.legaldocumentpage"},
        ),
    ):
        body = client.get(url, params, **host).content.decode()
        assert "Bản nháp riêng" not in body, url
    body = client.get(reverse("wagtailadmin_pages:search"), {"q": "phường"}, **host).content.decode()
    assert "Bí mật của phường An Xuyên" not in body


def test_page_type_rules(ld):
    home = Page.objects.get(pk=ld.ward_a.site.root_page_id)
    assert LegalDocumentIndexPage.can_create_at(home) is False  # one list per portal, already there
    index = LegalDocumentIndexPage.objects.get(portal=ld.ward_a, locale__language_code="vi")
    assert LegalDocumentPage.can_create_at(index)
    assert not LegalDocumentPage.can_create_at(home)
    ld.ward_a.enabled_plugins = []
    ld.ward_a.save()
    assert not LegalDocumentPage.can_create_at(index)


def test_catalogues_are_for_network_admins_only(ld, client):
    for model in ("documenttype", "issuer", "legalfield"):
        index = reverse(f"wagtailsnippets_legal_documents_{model}:list")
        add = reverse(f"wagtailsnippets_legal_documents_{model}:add")
        client.force_login(ld.editor_a)
        for url in (index, add):
            response = client.get(url, HTTP_HOST="a.camau.localhost")
            assert response.status_code in (302, 403, 404), url
        client.force_login(ld.network_admin)
        assert client.get(index, HTTP_HOST="camau.localhost").status_code == 200
        assert client.get(add, HTTP_HOST="camau.localhost").status_code == 200


def test_network_admin_adds_a_translated_type(ld, client):
    client.force_login(ld.network_admin)
    response = client.post(
        reverse("wagtailsnippets_legal_documents_documenttype:add"),
        {"name_vi": "Sắc lệnh", "name_en": "Edict", "abbreviation": "SL", "slug": "sac-lenh", "sort_order": 50},
        HTTP_HOST="camau.localhost",
    )
    assert response.status_code == 302
    created = DocumentType.objects.get(slug="sac-lenh")
    assert created.name_vi == "Sắc lệnh" and created.name_en == "Edict"
    from django.utils import translation

    with translation.override("en"):
        assert DocumentType.objects.get(slug="sac-lenh").name == "Edict"


def test_editor_sees_the_add_form_and_the_flat_listing(ld, client):
    add_document(ld.ward_a, number_symbol="9/TB-UBND", type="thong-bao", summary="Thông báo lịch tiếp dân")
    client.force_login(ld.editor_a)
    response = client.get(add_url(ld.ward_a), HTTP_HOST="a.camau.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Trích yếu",
        "Số, ký hiệu",
        "Loại văn bản",
        "Cơ quan ban hành",
        "Ngày ban hành",
        "Tệp đính kèm (PDF, DOC, DOCX, ODT)",
    ):
        assert label in html, label
    listing = client.get(reverse("legal_documents:index"), HTTP_HOST="a.camau.localhost")
    assert listing.status_code == 200 and "Thông báo lịch tiếp dân" in listing.content.decode()
