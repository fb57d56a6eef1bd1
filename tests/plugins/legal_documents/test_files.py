import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from plugins.legal_documents.files import check_file

from .conftest import DOC_BYTES, EXE_BYTES, make_docx, make_odt, make_pdf


def _check(data, name):
    return check_file(ContentFile(data, name=name), name)


def test_pdf_is_accepted_and_its_text_extracted():
    checked = _check(make_pdf(["Quyet dinh so 1234/QD-UBND", "Dieu 1. Ban hanh quy che"]), "qd.pdf")
    assert checked.kind == "pdf"
    assert "1234/QD-UBND" in checked.text and "Ban hanh quy che" in checked.text
    assert checked.size > 0


def test_docx_text_keeps_vietnamese():
    checked = _check(make_docx(["Quyết định", "Điều 1. Ban hành Quy chế làm việc"]), "qd.docx")
    assert checked.kind == "docx"
    assert "Điều 1. Ban hành Quy chế làm việc" in checked.text


def test_odt_text_is_extracted():
    checked = _check(make_odt("Thông báo lịch tiếp công dân"), "tb.odt")
    assert checked.kind == "odt"
    assert "Thông báo lịch tiếp công dân" in checked.text


def test_doc_is_recognised_by_its_ole2_signature():
    assert _check(DOC_BYTES, "cu.doc").kind == "doc"


@pytest.mark.parametrize("name", ["virus.pdf", "virus.docx", "virus"])
def test_renamed_executable_is_refused(name):
    with pytest.raises(ValidationError) as info:
        _check(EXE_BYTES, name)
    assert "PDF, DOC, DOCX" in " ".join(info.value.messages)


def test_a_zip_that_is_not_a_word_document_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ValidationError):
        _check(buffer.getvalue(), "van-ban.docx")


def test_content_and_name_must_agree():
    with pytest.raises(ValidationError) as info:
        _check(make_pdf(["x"]), "qd.docx")
    assert ".docx" in " ".join(info.value.messages)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        _check(b"", "a.pdf")


def test_size_limit_comes_from_the_setting(settings):
    settings.LEGAL_DOCUMENTS_MAX_FILE_MB = 1
    big = make_pdf(["x"]) + b"0" * (1024 * 1024 + 10)
    with pytest.raises(ValidationError) as info:
        _check(big, "big.pdf")
    assert "1 MB" in " ".join(info.value.messages)
    settings.LEGAL_DOCUMENTS_MAX_FILE_MB = 2
    assert _check(big, "big.pdf").kind == "pdf"
