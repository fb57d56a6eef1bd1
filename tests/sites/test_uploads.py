"""Documents uploaded to any portal's library are checked by content, not by name."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model


def upload(client, network, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "collection": network.ward_a.collection.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_renamed_program_refused_real_pdf_accepted(client, network):
    client.force_login(network.editor_a)
    response = upload(client, network, "quyet-dinh.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert response.status_code == 200
    assert "chương trình" in response.content.decode()
    response = upload(client, network, "bao-cao.docx", b"%PDF-1.7 not a docx")
    assert "không phải là tệp .docx" in response.content.decode()
    assert not get_document_model().objects.exists()
    response = upload(client, network, "ke-hoach.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF")
    assert response.status_code == 302
    assert get_document_model().objects.get().collection == network.ward_a.collection
