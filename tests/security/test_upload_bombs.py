"""Upload bombs and disguised programs are refused with a message, never a 500,
and text extraction stays bounded in memory and time (cms.uploads,
plugins.legal_documents.files)."""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms import uploads
from plugins.legal_documents.demo import make_docx, make_pdf
from plugins.legal_documents.files import check_file, extract_text
from tests.plugins.legal_documents.conftest import make_odt

MB = 1024 * 1024


# -- building the files ------------------------------------------------------------------


def pe_header(stub=True) -> bytes:
    """A minimal Windows PE header: MZ, e_lfanew at 0x3C pointing at PE\\0\\0."""
    header = bytearray(b"MZ\x90\x00" + b"\x00" * 0x7C)
    struct.pack_into("<I", header, 0x3C, 0x80)
    if stub:
        message = b"This program cannot be run in DOS mode.\r\r\n$"
        header[0x4E : 0x4E + len(message)] = message
    return bytes(header) + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 200


def with_member(base: bytes, name: str, size_mb: int = 0, content: bytes | None = None) -> bytes:
    """``base`` (a zip-based document) plus one member: ``size_mb`` MB of zeros, streamed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        with target.open(name, "w") as member:
            if content is not None:
                member.write(content)
            zeros = b"\x00" * MB
            for _ in range(size_mb):
                member.write(zeros)
    return out.getvalue()


def big_document_xml(base: bytes, paragraphs: int) -> bytes:
    """A docx whose document.xml holds ``paragraphs`` short paragraphs (streamed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "word/document.xml":
                target.writestr(info, data)
                continue
            head = data.split(b"<w:body>")[0] + b"<w:body>"
            with target.open(info.filename, "w") as member:
                member.write(head)
                block = b"<w:p><w:r><w:t>bom</w:t></w:r></w:p>" * 10_000
                for _ in range(paragraphs // 10_000):
                    member.write(block)
                member.write(b"</w:body></w:document>")
    return out.getvalue()


def zip_of(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def make_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Thủ tục", "Số hồ sơ"])
    book.active.append(["Đăng ký khai sinh", 120])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A 1-bit PNG of width x height black pixels: ~100 KB on disk, 900 million pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


# -- the library upload (Wagtail's document add view) -----------------------------------


def upload(client, network, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "collection": network.ward_a.collection.pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def editor(client, network):
    client.force_login(network.editor_a)
    return client


def refused(response) -> str:
    assert response.status_code == 200, response.status_code
    assert not get_document_model().objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("name, base", [("bom.docx", make_docx(["Quyết định"])), ("bom.odt", make_odt())])
def test_zip_bomb_document_refused_by_the_upload_form(editor, network, name, base):
    bomb = with_member(base, "media/zeros.bin", size_mb=150)
    assert len(bomb) < 400 * 1024  # 150 MB of zeros in a few hundred KB
    started = time.monotonic()
    html = refused(upload(editor, network, name, bomb))
    assert time.monotonic() - started < 5
    assert "khi giải nén lên tới 150" in html and "giới hạn là 100" in html


def test_compression_ratio_and_member_count_limits(editor, network, settings):
    bomb = with_member(make_docx(["Quyết định"]), "media/zeros.bin", size_mb=20)  # under 100 MB, 1000x
    assert "nghi là “bom nén”" in refused(upload(editor, network, "ty-le.docx", bomb))
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 50
    many = zip_of({f"tep-{i}.txt": "xin chào" for i in range(60)})
    assert "chứa 60 tệp; giới hạn là 50 tệp" in refused(upload(editor, network, "nhieu-tep.zip", many))


def test_limits_come_from_the_settings(settings):
    settings.UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_MB = 5
    settings.UPLOAD_ARCHIVE_MAX_RATIO = 100_000
    archive = with_member(make_docx(["Quyết định"]), "media/zeros.bin", size_mb=6)
    with pytest.raises(ValidationError) as info:
        uploads.inspect_file(io.BytesIO(archive), "a.docx")
    assert info.value.code == "archive_size"
    settings.UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_MB = 10
    assert uploads.inspect_file(io.BytesIO(archive), "a.docx") == "docx"


def test_zip_bomb_refused_by_the_extractor_quickly_and_without_memory(settings):
    bomb = with_member(make_docx(["Quyết định"]), "word/document.xml.bak", size_mb=150)
    with pytest.raises(ValidationError):
        check_file(ContentFile(bomb, name="bom.docx"), "bom.docx")
    tracemalloc.start()
    started = time.monotonic()
    try:
        text = extract_text(bomb, "docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text == ""
    assert time.monotonic() - started < 1
    assert peak < 5 * MB, peak


def test_extraction_is_capped_in_characters_and_seconds(settings):
    # 2 million paragraphs (~70 MB of XML in ~250 KB): within the size limit once the
    # ratio is relaxed, so only the extraction budget stands between it and the server.
    document = big_document_xml(make_docx(["Quyết định"]), 2_000_000)
    settings.UPLOAD_ARCHIVE_MAX_RATIO = 100_000
    settings.UPLOAD_EXTRACT_MAX_CHARS = 3_000
    tracemalloc.start()
    try:
        text = extract_text(document, "docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 0 < len(text) <= 3_000 and "bom" in text
    assert peak < 10 * MB, peak
    settings.UPLOAD_EXTRACT_MAX_CHARS = 10**9
    settings.UPLOAD_EXTRACT_MAX_SECONDS = 0.5
    started = time.monotonic()
    text = extract_text(document, "docx")
    assert time.monotonic() - started < 3
    assert 0 < len(text) < 2_000_000 * 4  # stopped part way, what was read is kept


def test_pdf_polyglots_refused(editor, network):
    pdf = make_pdf(["Quyet dinh so 1234/QD-UBND"])
    # A program that a PDF reader also opens: starts MZ, %PDF follows.
    assert "chương trình" in refused(upload(editor, network, "qd.pdf", pe_header() + pdf))
    # A PDF carrying a PE program (header, stub and PE signature) inside.
    hidden = pdf.replace(b"%%EOF", b"%" + pe_header() + b"\n%%EOF")
    assert "chương trình ẩn bên trong" in refused(upload(editor, network, "qd.pdf", hidden))
    # The same without the PE signature but with the DOS stub right after an MZ.
    assert "chương trình ẩn" in refused(
        upload(editor, network, "qd.pdf", pdf + b"MZ" + b"\x00" * 60 + b"This program cannot be run in DOS mode.")
    )
    # An ELF header anywhere.
    assert "chương trình ẩn" in refused(upload(editor, network, "qd.pdf", pdf + b"\x7fELF\x02\x01\x01" + b"\x00" * 64))
    with pytest.raises(ValidationError):
        check_file(ContentFile(hidden, name="qd.pdf"), "qd.pdf")


def test_a_document_that_merely_mentions_mz_is_accepted(editor, network):
    pdf = make_pdf(["MZ PE MZ", "Ma quoc gia Mozambique: MZ"]) + b"%MZ\x00\x00PE\x00\x00\x7fELF\x00\x00\x00"
    response = upload(editor, network, "mz.pdf", pdf)
    assert response.status_code == 302, response.content.decode()[-3000:]


@pytest.mark.parametrize(
    "members",
    [
        {"setup.exe": b"anything"},
        {"tai-lieu/chay.bat": b"@echo off"},
        {"script.js": b"WScript.Echo(1)"},
        {"readme.txt": pe_header()},  # a renamed program
        {"lib.txt": b"\x7fELF\x02\x01\x01" + b"\x00" * 60},
        {"inner.zip": zip_of({"virus.dll": b"x"})},  # one archive deeper
    ],
)
def test_zip_holding_programs_refused(editor, network, members):
    html = refused(upload(editor, network, "ho-so.zip", zip_of(members)))
    assert "có chứa chương trình" in html


def test_docx_with_an_embedded_program_refused(editor, network):
    package = with_member(
        make_docx(["Quyết định"]), "word/embeddings/oleObject1.bin", content=b"\xd0\xcf\x11\xe0" + b"\x00" * 600 + pe_header()
    )
    assert "có chứa chương trình" in refused(upload(editor, network, "qd.docx", package))
    with pytest.raises(ValidationError):
        check_file(ContentFile(package, name="qd.docx"), "qd.docx")


def test_archives_nested_too_deep_refused(editor, network):
    nested = zip_of({"a.txt": "xin chào"})
    for level in range(3):
        nested = zip_of({f"level{level}.zip": nested})
    assert "lồng nhau quá nhiều tầng" in refused(upload(editor, network, "long-nhau.zip", nested))


def test_a_docx_that_is_only_a_zip_is_refused(editor, network):
    assert "không phải là tệp .docx" in refused(upload(editor, network, "qd.docx", zip_of({"hello.txt": "x"})))


@pytest.mark.parametrize(
    "name, content",
    [
        ("quyet-dinh.docx", make_docx(["Quyết định", "Điều 1. Ban hành quy chế"])),
        ("bang-ke.xlsx", make_xlsx()),
        ("thong-bao.odt", make_odt("Thông báo lịch tiếp công dân")),
        ("ke-hoach.pdf", make_pdf(["Ke hoach nam 2025"])),
        ("ho-so.zip", zip_of({"don.txt": "Đơn đề nghị", "anh/mat-truoc.jpg": b"\xff\xd8\xff\xe0" + b"\x01" * 500})),
        # Over FILE_UPLOAD_MAX_MEMORY_SIZE: Django hands over a temporary file on disk.
        ("anh-chup.zip", zip_of({"anh/hien-truong.jpg": b"\xff\xd8\xff\xe0" + random.Random(7).randbytes(3 * MB)})),
    ],
)
def test_ordinary_documents_accepted(editor, network, name, content):
    response = upload(editor, network, name, content)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert get_document_model().objects.get().file.name.endswith(name.rsplit(".", 1)[1])


def test_ordinary_documents_still_give_their_text():
    assert (
        "Ban hành quy chế"
        in check_file(ContentFile(make_docx(["Quyết định", "Điều 1. Ban hành quy chế"]), name="a.docx"), "a.docx").text
    )
    assert "Thông báo" in check_file(ContentFile(make_odt("Thông báo"), name="a.odt"), "a.odt").text


# -- images -------------------------------------------------------------------------------


def test_pillow_decompression_bomb_guard_is_on(settings):
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= 200_000_000
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 100_000_000


def test_decompression_bomb_png_refused_with_a_message(editor, network):
    bomb = png_bomb()
    assert len(bomb) < 1 * MB
    started = time.monotonic()
    response = editor.post(
        reverse("wagtailimages:add"),
        {"title": "Bom", "collection": network.ward_a.collection.pk, "file": SimpleUploadedFile("bom.png", bomb, "image/png")},
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "quá nhiều điểm ảnh" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_large_but_allowed_image_still_uploads(editor, network, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000_000
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh",
            "collection": network.ward_a.collection.pk,
            "file": SimpleUploadedFile("anh.png", png_bomb(2000, 1500), "image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
