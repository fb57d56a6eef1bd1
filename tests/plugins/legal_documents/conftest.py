"""Helpers for the legal documents tests."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from plugins.legal_documents.demo import make_docx, make_pdf
from plugins.legal_documents.services import clean_row, ensure_index_page, upsert_document
from tests.conftest import module_world


def make_odt(text="Nội dung văn bản ODT") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:p>{text}</text:p></office:text></office:body></office:document-content>",
        )
    return buffer.getvalue()


EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
    + b"\x00" * 200
)
DOC_BYTES = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def add_document(portal, files=None, **overrides):
    """Create and publish a document on ``portal`` through the import code path."""
    today = datetime.date.today()
    raw = {
        "number_symbol": "1234/QĐ-UBND",
        "summary": "Ban hành Quy chế làm việc",
        "type": "quyet-dinh",
        "issuer": "ubnd-tinh",
        "field": "to-chuc-bo-may",
        "signer": "Nguyễn Văn A",
        "signer_position": "Chủ tịch",
        "issued_on": (today - datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
    }
    raw.update(overrides)
    contents = dict(files or {})
    if contents:
        raw["files"] = "; ".join(contents)
    by_name = {key.split("|")[0]: value for key, value in contents.items()}
    row = clean_row(raw, portal, read_file=lambda name: by_name[name])
    page, _created = upsert_document(portal, row)
    return page


def _enable_legal_documents(network):
    for portal in (network.province, network.ward_a, network.ward_b):
        if "legal_documents" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "legal_documents"]
            portal.save()
        ensure_index_page(portal)


_ld_world = module_world(_enable_legal_documents)


@pytest.fixture
def ld(_ld_world, network):
    """The shared network with the legal documents plugin on everywhere and an index per
    portal (switched on once per module)."""
    return network


__all__ = ["add_document", "make_docx", "make_pdf", "make_odt", "EXE_BYTES", "DOC_BYTES"]
