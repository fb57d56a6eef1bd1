"""Item 4 of agency isolation: a form accepts only references its portal may make.

Ward A's editor posts forms with ward B's ids typed in by hand (what a chooser
would never offer): the form is shown again with a Vietnamese error and nothing
is saved. Other portals' live public pages stay linkable; network catalogues
stay usable by everyone.
"""

from django.urls import reverse
from wagtail.models import CollectionViewRestriction

from plugins.legal_documents.models import LegalDocumentPage
from tests.plugins.legal_documents.conftest import make_pdf
from tests.plugins.legal_documents.test_admin import form, post_as, upload
from tests.testplugin.models import Gadget

REFUSED = "Mục này thuộc cổng thông tin khác, không thể dùng ở đây."


def test_a_document_of_another_portals_private_collection_is_refused(ld, client):
    private = ld.ward_b.collection.add_child(name="Hồ sơ mật phường B")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="password", password="matkhau")
    secret = upload(ld.ward_b, "mat.pdf", make_pdf(["Noi dung mat cua phuong B"]))
    secret.collection = private
    secret.save()

    response = post_as(client, ld.editor_a, ld.ward_a, form(files=[secret]))

    assert REFUSED in response.content.decode()
    assert not LegalDocumentPage.objects.exists()
    own = upload(ld.ward_a, "qd.pdf", make_pdf(["Quyet dinh cua phuong A"]))
    post_as(client, ld.editor_a, ld.ward_a, form(files=[own]))
    assert LegalDocumentPage.objects.get().files.get().document == own


def test_a_related_document_may_be_another_portals_live_page_but_not_its_draft(ld, client):
    own = upload(ld.ward_a, "qd.pdf", make_pdf(["Quyet dinh cua phuong A"]))
    post_as(client, ld.editor_b, ld.ward_b, form(files=[upload(ld.ward_b, "b.pdf", make_pdf(["Van ban B"]))], slug="van-ban-b"))
    draft_b = LegalDocumentPage.objects.get(portal=ld.ward_b)
    assert not draft_b.live

    response = post_as(client, ld.editor_a, ld.ward_a, form(files=[own], relations=[("amends", draft_b)]))
    assert REFUSED in response.content.decode()
    assert not LegalDocumentPage.objects.filter(portal=ld.ward_a).exists()

    draft_b.save_revision().publish()
    post_as(client, ld.editor_a, ld.ward_a, form(files=[own], relations=[("amends", draft_b)]))
    assert LegalDocumentPage.objects.get(portal=ld.ward_a).relations.get().target_id == draft_b.pk


def test_a_snippet_cannot_be_given_to_another_portal(ld, client):
    client.force_login(ld.editor_a)
    response = client.post(reverse("wagtailsnippets_testplugin_gadget:add"), {"name": "Cài cắm", "portal": ld.ward_b.pk})
    assert response.status_code == 200
    assert not Gadget.objects.filter(name="Cài cắm").exists()
