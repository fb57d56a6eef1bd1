"""Attached files: checked by content (not by name) and their text extracted.

Accepted: PDF (``%PDF-``), DOC (OLE2 compound file ``D0 CF 11 E0``), DOCX (a
zip holding ``word/document.xml``) and ODT (a zip whose ``mimetype`` member is
``application/vnd.oasis.opendocument.text``). Size limit:
``settings.LEGAL_DOCUMENTS_MAX_FILE_MB`` (20 MB by default).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FILE_TYPES = {
    "pdf": "PDF",
    "doc": "DOC",
    "docx": "DOCX",
    "odt": "ODT",
}
EXTENSIONS = {"pdf": {"pdf"}, "doc": {"doc"}, "docx": {"docx"}, "odt": {"odt"}}
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_EXTRACTED_CHARS = 500_000


def max_file_bytes() -> int:
    return int(getattr(settings, "LEGAL_DOCUMENTS_MAX_FILE_MB", 20)) * 1024 * 1024


@dataclass
class CheckedFile:
    kind: str  # pdf, doc, docx, odt
    size: int
    text: str


def _read(fileobj) -> bytes:
    if hasattr(fileobj, "open"):
        try:
            fileobj.open("rb")
        except (ValueError, FileNotFoundError, OSError):
            pass
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read()
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return data


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are, or None when not an accepted kind."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE2):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return "docx"
        except (zipfile.BadZipFile, KeyError, OSError, EOFError):
            return None
        return None
    # Cross-check with puremagic for anything else, so a clear name is given.
    return None


def describe(data: bytes) -> str:
    try:
        found = puremagic.magic_string(data[:4096])
    except (puremagic.PureError, ValueError):
        return ""
    return found[0].name if found else ""


def check_file(fileobj, filename: str = "") -> CheckedFile:
    """Validate an uploaded/attached file by content; raise ValidationError."""
    size = getattr(fileobj, "size", None)
    limit = max_file_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    data = _read(fileobj)
    if len(data) > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    kind = sniff(data)
    if kind is None:
        found = describe(data)
        message = _("Only PDF, DOC, DOCX and ODT files are accepted: the content of this file is not one of them.")
        if found:
            message += " " + _("(It looks like: %(kind)s.)") % {"kind": found}
        raise ValidationError(message)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension and extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file name ends in .%(ext)s but its content is a %(kind)s file.")
            % {"ext": extension, "kind": FILE_TYPES[kind]}
        )
    return CheckedFile(kind=kind, size=len(data), text=extract_text(data, kind))


def _clean(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v]+", " ", text or "")
    text = re.sub(r"\n\s*\n+", "\n", text)
    return text.strip()[:MAX_EXTRACTED_CHARS]


def extract_text(data: bytes, kind: str) -> str:
    """Plain text of a PDF (pypdf), DOCX (python-docx) or ODT (content.xml)."""
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return _clean("\n".join((page.extract_text() or "") for page in reader.pages))
        if kind == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append(" | ".join(cell.text for cell in row.cells))
            return _clean("\n".join(parts))
        if kind == "odt":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                root = ElementTree.fromstring(archive.read("content.xml"))
            text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
            paragraphs = [
                "".join(element.itertext()) for element in root.iter() if element.tag in (f"{text_ns}p", f"{text_ns}h")
            ]
            return _clean("\n".join(paragraphs))
    except Exception:  # a damaged file still attaches; it just yields no text
        logger.warning("Could not extract text from a %s file", kind, exc_info=True)
    return ""
