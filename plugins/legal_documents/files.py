"""Attached files: checked by content (not by name) and their text extracted.

Accepted: PDF, DOC (an OLE2 compound file), DOCX (a zip holding
``word/document.xml``) and ODT (a zip whose ``mimetype`` member is
``application/vnd.oasis.opendocument.text``), told apart by :mod:`cms.uploads`,
the one module for file types, which also refuses archive bombs, programs inside
archives and files that hide a program. Size limit:
``settings.LEGAL_DOCUMENTS_MAX_FILE_MB`` (20 MB by default).

Text extraction (for search) is bounded whatever the file: an archive's limits
are checked before anything is decompressed, the XML of a DOCX/ODT is read as a
stream with a byte cap (never a whole tree in memory), the text stops at
``UPLOAD_EXTRACT_MAX_CHARS`` characters and the work at
``UPLOAD_EXTRACT_MAX_SECONDS`` seconds (checked between paragraphs and PDF
pages; pypdf's own per-stream limits bound one page). What is read by then is
kept; a file that yields nothing still attaches.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms import uploads

logger = logging.getLogger(__name__)

FILE_TYPES = {
    "pdf": "PDF",
    "doc": "DOC",
    "docx": "DOCX",
    "odt": "ODT",
}
EXTENSIONS = {"pdf": {"pdf"}, "doc": {"doc"}, "docx": {"docx"}, "odt": {"odt"}}
KIND_OF = {"pdf": "pdf", "ole2": "doc", "docx": "docx", "odt": "odt"}  # cms.uploads kinds -> ours

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def max_file_bytes() -> int:
    return int(getattr(settings, "LEGAL_DOCUMENTS_MAX_FILE_MB", 20)) * 1024 * 1024


def max_chars() -> int:
    return int(getattr(settings, "UPLOAD_EXTRACT_MAX_CHARS", 500_000))


def max_seconds() -> float:
    return float(getattr(settings, "UPLOAD_EXTRACT_MAX_SECONDS", 10))


@dataclass
class CheckedFile:
    kind: str  # pdf, doc, docx, odt
    size: int
    text: str


def _read(fileobj, limit: int) -> bytes:
    """At most ``limit + 1`` bytes (one more tells that the file is too big)."""
    if hasattr(fileobj, "open"):
        with contextlib.suppress(ValueError, OSError):
            fileobj.open("rb")
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(limit + 1)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return data


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are (pdf, doc, docx, odt), or None when not an accepted kind.

    Raises :class:`cms.uploads.UploadRefused` for an archive bomb or an archive
    holding a program.
    """
    kind = uploads.leading_kind(data[: uploads.HEAD_BYTES])
    if kind == "zip":
        kind = uploads.inspect_archive(io.BytesIO(data), compressed_size=len(data))
    return KIND_OF.get(kind)


def describe(data: bytes) -> str:
    return uploads.describe(data)


def _too_big(size, limit):
    return ValidationError(
        _("The file is %(size)s MB; the limit is %(limit)s MB.")
        % {"size": round(size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
    )


def check_file(fileobj, filename: str = "") -> CheckedFile:
    """Validate an uploaded/attached file by content; raise ValidationError."""
    size = getattr(fileobj, "size", None)
    limit = max_file_bytes()
    if size is not None and size > limit:
        raise _too_big(size, limit)
    data = _read(fileobj, limit)
    if len(data) > limit:
        raise _too_big(size or len(data), limit)
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
            _("The file name ends in .%(ext)s but its content is a %(kind)s file.") % {"ext": extension, "kind": FILE_TYPES[kind]}
        )
    if uploads.hidden_program(io.BytesIO(data)):
        raise uploads.UploadRefused(_("This file hides a program inside it; it cannot be uploaded."), code="polyglot")
    return CheckedFile(kind=kind, size=len(data), text=extract_text(data, kind))


def _clean(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v]+", " ", text or "")
    text = re.sub(r"\n\s*\n+", "\n", text)
    return text.strip()[: max_chars()]


class _Budget:
    """Characters and seconds left for one extraction."""

    def __init__(self):
        self.deadline = time.monotonic() + max_seconds()
        self.chars_left = max_chars()
        self.stopped = ""

    def take(self, text: str) -> bool:
        """Count ``text``; False once the budget is spent (the caller stops)."""
        self.chars_left -= len(text)
        if self.chars_left <= 0:
            self.stopped = "chars"
        elif time.monotonic() > self.deadline:
            self.stopped = "seconds"
        return not self.stopped


def _xml_paragraphs(archive: zipfile.ZipFile, name: str, paragraph_tags, text_tag, budget: _Budget) -> list[str]:
    """Paragraph texts of one XML member, parsed as a stream with a byte cap: each
    paragraph is dropped from the tree once read, so memory stays flat."""
    parts: list[str] = []
    cap = uploads.archive_limits().max_uncompressed
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    stack = []
    read = 0
    try:
        with archive.open(name) as member:
            while read < cap:
                chunk = member.read(min(64 * 1024, cap - read))
                if not chunk:
                    break
                if not read and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):
                    return parts  # office XML declares no entities: an expansion trick
                read += len(chunk)
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if event == "start":
                        stack.append(element)
                        continue
                    stack.pop()
                    if element.tag not in paragraph_tags:
                        continue
                    if text_tag is None:
                        text = "".join(element.itertext())
                    else:
                        text = "".join(node.text or "" for node in element.iter(text_tag))
                    parts.append(text)
                    if stack:
                        stack[-1].remove(element)
                    if not budget.take(text):
                        return parts
    except ElementTree.ParseError:  # damaged XML: keep what was read
        logger.info("The XML of %s is damaged; text read so far kept", name)
    return parts


def _pdf_text(data: bytes, budget: _Budget) -> str:
    from pypdf import PdfReader, apply_configuration

    cap = min(75_000_000, uploads.archive_limits().max_uncompressed)
    parts = []
    with apply_configuration(
        maximum_declared_stream_length=cap,
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
    ):
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            if not budget.take(text):
                break
    return "\n".join(parts)


def extract_text(data: bytes, kind: str) -> str:
    """Plain text of a PDF (pypdf), DOCX (word/document.xml) or ODT (content.xml), bounded."""
    budget = _Budget()
    started = time.monotonic()
    text = ""
    try:
        if kind == "pdf":
            text = _pdf_text(data, budget)
        elif kind in ("docx", "odt"):
            with uploads.open_archive(data) as archive:
                uploads.check_archive_limits(archive, compressed_size=len(data))
                if kind == "docx":
                    parts = _xml_paragraphs(archive, "word/document.xml", {f"{WORD_NS}p"}, f"{WORD_NS}t", budget)
                else:
                    parts = _xml_paragraphs(archive, "content.xml", {f"{TEXT_NS}p", f"{TEXT_NS}h"}, None, budget)
            text = "\n".join(parts)
    except ValidationError as error:  # an archive bomb: no text rather than a blow-up
        logger.warning("No text extracted from a %s file: %s", kind, " ".join(error.messages))
    except Exception:  # a damaged file still attaches; it just yields no text
        logger.warning("Could not extract text from a %s file", kind, exc_info=True)
    if budget.stopped:
        logger.info(
            "Text extraction of a %s file stopped (%s budget) after %.1f s", kind, budget.stopped, time.monotonic() - started
        )
    return _clean(text)
