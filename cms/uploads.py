"""Uploads are checked by content, not by name: the one module for file types.

Every document uploaded to the Wagtail library goes through
:class:`SafeDocumentForm` (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) and every file
attached to a legal document through ``plugins.legal_documents.files``; both ask
:func:`inspect_file`. It refuses:

* **programs**, whatever their name: what puremagic identifies as an executable
  (Windows PE, ELF, Mach-O, Java classes ...) plus shell scripts (``#!``);
* **mismatches**: the content must be what the extension claims (a ``.docx``
  must be a zip holding ``word/document.xml``, an ``.odt`` a zip whose
  ``mimetype`` says so ...);
* **polyglots**: a file that is also a program somewhere inside. The rule is
  structural, so a document that merely mentions "MZ" is not refused: a DOS
  header ``MZ`` whose ``e_lfanew`` field points at a ``PE\\0\\0`` signature, a
  DOS stub ("This program cannot be run in DOS mode") right after an ``MZ``, or
  an ELF header (magic plus valid class, byte order and version), anywhere in
  the file or in any member of an archive;
* **archive bombs** (docx, xlsx, pptx, odt, ods, zip, and archives inside them):
  the central directory is read first, and an archive that would expand beyond
  ``UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_MB``, more than ``UPLOAD_ARCHIVE_MAX_RATIO``
  times its compressed size, or holds more than ``UPLOAD_ARCHIVE_MAX_MEMBERS``
  files is refused before anything is decompressed. ``zipfile`` never yields
  more than a member's declared size, so these limits also bound what reading
  the members (for the scan above, or for text extraction) can cost;
* **programs in archives**: members named ``.exe``, ``.dll``, ``.bat``, ``.js``
  ... or whose content is a program.

Images are decoded by Wagtail (Willow/Pillow), which refuses an image with more
than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels from its header, before decoding;
Pillow's own decompression-bomb guard (``Image.MAX_IMAGE_PIXELS``) stays on.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

MB = 1024 * 1024
HEAD_BYTES = 64 * 1024
CHUNK = 1024 * 1024
RATIO_APPLIES_ABOVE = 1 * MB  # a tiny archive compressing well harms nobody
MAX_NESTING = 2  # an archive in an archive in the upload, no deeper

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"

# Zip-based documents: how their members tell them apart.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
ARCHIVE_KINDS = {"zip", *OOXML_MAIN_PART, *ODF_MIMETYPES.values()}

# What each accepted extension's content must be.
EXPECTED = {
    "pdf": {"pdf"},
    "doc": {"ole2"},
    "xls": {"ole2"},
    "ppt": {"ole2"},
    "rtf": {"rtf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
    "zip": ARCHIVE_KINDS,
}
TEXT_EXTENSIONS = {"txt", "csv"}
KIND_LABELS = {"ole2": "DOC/XLS", "zip": "ZIP"}

EXECUTABLE_EXTENSIONS = {
    "exe", "dll", "bat", "cmd", "com", "cpl", "msi", "msp", "scr", "pif", "js", "jse", "vbs", "vbe", "wsf",
    "wsh", "hta", "ps1", "psm1", "jar", "sh", "lnk", "reg", "apk", "elf", "so", "dylib",
}  # fmt: skip
# Program formats at offset 0 that puremagic does not name as such.
EXTRA_EXECUTABLE_HEADS = (b"#!", b"MZ", b"\x7fELF")
DOS_STUBS = (b"This program cannot be run in DOS mode", b"This program must be run under Win32")
PE_WINDOW = 64 * 1024  # how far from its MZ a PE header may sit (e_lfanew)
SCAN_WORK_LIMIT = 200_000  # candidate headers checked per upload before giving up


@dataclass(frozen=True)
class ArchiveLimits:
    max_uncompressed: int
    max_ratio: float
    max_members: int


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(
        max_uncompressed=int(float(getattr(settings, "UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_MB", 100)) * MB),
        max_ratio=float(getattr(settings, "UPLOAD_ARCHIVE_MAX_RATIO", 100)),
        max_members=int(getattr(settings, "UPLOAD_ARCHIVE_MAX_MEMBERS", 2000)),
    )


class UploadRefused(ValidationError):
    """A ValidationError whose message the editor sees (Vietnamese, gettext)."""


# -- identifying the leading type -------------------------------------------------


def _magic(head: bytes):
    try:
        return puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return []


def describe(data: bytes) -> str:
    """A human name for what the bytes are (puremagic), or ""."""
    found = _magic(data[:HEAD_BYTES])
    return found[0].name if found else ""


def executable_name(head: bytes) -> str | None:
    """What kind of program ``head`` starts, or None when it starts no program."""
    for match in _magic(head):
        name = match.name or ""
        if (
            match.mime_type in ("application/vnd.microsoft.portable-executable", "application/x-msdownload", "application/java")
            or "executable" in name.lower()
            or "Mach-O" in name
            or match.extension.lower() in (".exe", ".dll", ".class", ".dex", ".elf")
        ):
            return name or match.extension
    if head.startswith(EXTRA_EXECUTABLE_HEADS):
        return {b"#!": "script", b"MZ": "Windows Executable", b"\x7fE": "ELF executable"}[head[:2]]
    return None


def leading_kind(head: bytes) -> str | None:
    """pdf, ole2, rtf, zip or None, from the first bytes (puremagic, at offset 0)."""
    extensions = {match.extension.lower() for match in _magic(head)}
    if ".pdf" in extensions and head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(OLE2):
        return "ole2"
    if ".rtf" in extensions and head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((ZIP, EMPTY_ZIP)):
        return "zip"
    return None


# -- programs hidden inside ---------------------------------------------------------


class _Scanner:
    """Finds a program header anywhere in a stream fed in chunks (see the module's rule).

    Chunks overlap by PE_WINDOW so a header split between two chunks is seen
    whole. Candidates are the rare signatures (``PE\\0\\0``, the DOS stub text,
    ``\\x7fELF``), each checked against its surroundings; a file built to have
    hundreds of thousands of them is not checked further but refused.
    """

    def __init__(self, budget: list[int]):
        self.tail = b""
        self.budget = budget  # shared by every stream of one upload

    def _spend(self):
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise UploadRefused(
                gettext("This file is built in a way that cannot be checked; it cannot be uploaded."), code="unscannable"
            )

    def _pe_at(self, buffer: bytes, pe: int) -> bool:
        low = max(0, pe - PE_WINDOW)
        mz = buffer.rfind(b"MZ", low, pe)
        checked = 0
        while mz != -1 and checked < 64:
            self._spend()
            checked += 1
            if int.from_bytes(buffer[mz + 60 : mz + 64], "little") == pe - mz:
                return True
            mz = buffer.rfind(b"MZ", low, mz)
        return False

    def feed(self, chunk: bytes) -> str | None:
        buffer = self.tail + chunk
        self.tail = buffer[-PE_WINDOW:]
        position = buffer.find(b"PE\x00\x00")
        while position != -1:
            self._spend()
            if position >= 64 and self._pe_at(buffer, position):
                return "Windows PE"
            position = buffer.find(b"PE\x00\x00", position + 1)
        for stub in DOS_STUBS:
            position = buffer.find(stub)
            while position != -1:
                self._spend()
                if buffer.rfind(b"MZ", max(0, position - 512), position) != -1:
                    return "Windows PE"
                position = buffer.find(stub, position + 1)
        position = buffer.find(b"\x7fELF")
        while position != -1:
            self._spend()
            header = buffer[position + 4 : position + 7]
            if len(header) == 3 and header[0] in (1, 2) and header[1] in (1, 2) and header[2] == 1:
                return "ELF"
            position = buffer.find(b"\x7fELF", position + 1)
        return None


def _chunks(stream, limit=None):
    read = 0
    while limit is None or read < limit:
        chunk = stream.read(CHUNK if limit is None else min(CHUNK, limit - read))
        if not chunk:
            return
        read += len(chunk)
        yield chunk


def hidden_program(stream, budget=None) -> str | None:
    """The kind of program embedded anywhere in ``stream`` (read to its end), or None."""
    scanner = _Scanner(budget if budget is not None else [SCAN_WORK_LIMIT])
    for chunk in _chunks(stream):
        found = scanner.feed(chunk)
        if found:
            return found
    return None


# -- archives -------------------------------------------------------------------------


def _refuse_program(name):
    return UploadRefused(
        gettext("This archive contains a program (%(name)s); programs cannot be uploaded.") % {"name": name[:120]},
        code="executable",
    )


def open_archive(source) -> zipfile.ZipFile:
    """A ZipFile over bytes or a seekable file; a damaged or encrypted archive is refused."""
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    try:
        stream.seek(0)
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise UploadRefused(gettext("This archive is damaged and cannot be checked."), code="damaged") from error
    return archive


def check_archive_limits(archive: zipfile.ZipFile, limits: ArchiveLimits | None = None, compressed_size: int | None = None):
    """Refuse an archive bomb from its central directory alone (nothing is decompressed)."""
    limits = limits or archive_limits()
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise UploadRefused(
            gettext("This archive holds %(count)s files; the limit is %(limit)s.")
            % {"count": len(members), "limit": limits.max_members},
            code="archive_members",
        )
    total = sum(max(info.file_size, 0) for info in members)
    if total > limits.max_uncompressed:
        raise UploadRefused(
            gettext("This archive expands to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(total / MB, 1), "limit": round(limits.max_uncompressed / MB, 1)},
            code="archive_size",
        )
    packed = compressed_size if compressed_size else sum(info.compress_size for info in members)
    ratio = total / max(packed, 1)
    if total > RATIO_APPLIES_ABOVE and ratio > limits.max_ratio:
        raise UploadRefused(
            gettext(
                "This archive expands %(ratio)s times its size (the limit is %(limit)s times): it looks like a compression bomb."
            )
            % {"ratio": int(ratio), "limit": int(limits.max_ratio)},
            code="archive_ratio",
        )
    for info in members:
        if info.flag_bits & 0x1:
            raise UploadRefused(gettext("This archive is encrypted and cannot be checked."), code="encrypted")
    return total


def archive_kind(archive: zipfile.ZipFile) -> str:
    """docx, xlsx, pptx, odt, ods, odp or zip, from the members (assumes the limits were checked)."""
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            kind = ODF_MIMETYPES.get(member.read(200).strip())
        if kind:
            return kind
    if "[Content_Types].xml" in names:
        for kind, part in OOXML_MAIN_PART.items():
            if part in names:
                return kind
    return "zip"


@dataclass
class _Budget:
    bytes_left: int
    scan: list[int] = field(default_factory=lambda: [SCAN_WORK_LIMIT])


def _check_members(archive: zipfile.ZipFile, budget: _Budget, depth: int):
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension in EXECUTABLE_EXTENSIONS:
            raise _refuse_program(info.filename)
        try:
            with archive.open(info) as member:
                head = member.read(HEAD_BYTES)
                if executable_name(head):
                    raise _refuse_program(info.filename)
                if head.startswith(ZIP):
                    # An archive inside: checked as a whole, within the same budget.
                    if depth >= MAX_NESTING:
                        raise UploadRefused(gettext("This archive holds archives nested too deeply to check."), code="nesting")
                    inner = head + member.read()  # no more than its declared size, counted above
                    _inspect_archive(io.BytesIO(inner), budget, depth + 1, compressed_size=len(inner))
                    continue
                scanner = _Scanner(budget.scan)
                found = scanner.feed(head)
                for chunk in _chunks(member):
                    found = found or scanner.feed(chunk)
                    if found:
                        break
                if found:
                    raise _refuse_program(info.filename)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as error:
            # Bad CRC, a member bigger than declared, an unsupported method, a password.
            raise UploadRefused(gettext("This archive is damaged and cannot be checked."), code="damaged") from error


def _inspect_archive(stream, budget: _Budget, depth: int, compressed_size=None) -> str:
    limits = archive_limits()
    with open_archive(stream) as archive:
        # Every level of nesting draws on one budget of decompressed bytes.
        budget.bytes_left -= check_archive_limits(
            archive, ArchiveLimits(budget.bytes_left, limits.max_ratio, limits.max_members), compressed_size=compressed_size
        )
        kind = archive_kind(archive)
        _check_members(archive, budget, depth)
    return kind


def inspect_archive(stream, compressed_size=None) -> str:
    """Check a zip-based upload (limits first, then every member); return its kind."""
    return _inspect_archive(stream, _Budget(archive_limits().max_uncompressed), 0, compressed_size=compressed_size)


# -- the one entry point ------------------------------------------------------------


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def inspect_file(stream, filename: str = "", expected: set[str] | None = None) -> str:
    """Check an upload by content; return its kind (pdf, ole2, rtf, docx ... zip, text or "").

    ``stream`` is a seekable binary file (left at offset 0). ``expected`` is
    the set of kinds the extension allows (default: EXPECTED for the name's
    extension). Raises :class:`UploadRefused` with a message for the editor.
    """
    extension = _extension(filename)
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    if isinstance(head, str):
        head = head.encode()
    program = executable_name(head)
    if program:
        raise UploadRefused(gettext("This file is a program, not a document; it cannot be uploaded."), code="executable")
    kind = leading_kind(head)
    if expected is None:
        expected = EXPECTED.get(extension)
    if kind == "zip" and (expected is None or expected & ARCHIVE_KINDS):
        stream.seek(0, io.SEEK_END)
        kind = inspect_archive(stream, compressed_size=stream.tell())
    if expected is not None and kind not in expected:
        raise UploadRefused(
            gettext("The content of this file is not a .%(ext)s file. Upload the real document.") % {"ext": extension},
            code="mismatch",
        )
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head:
            raise UploadRefused(gettext("This is not a text file."), code="mismatch")
        kind = kind or "text"
    stream.seek(0)
    if hidden_program(stream):
        raise UploadRefused(gettext("This file hides a program inside it; it cannot be uploaded."), code="polyglot")
    stream.seek(0)
    return kind or ""


def check_upload(uploaded) -> str:
    """Raise ValidationError unless the uploaded file is what its name says and harmless."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        return inspect_file(uploaded, uploaded.name or "")
    finally:
        uploaded.seek(position)


def _safe_document_form():
    from wagtail.documents.forms import BaseDocumentForm

    class SafeDocumentForm(BaseDocumentForm):
        def clean_file(self):
            uploaded = self.cleaned_data.get("file")
            if uploaded is not None and hasattr(uploaded, "content_type"):  # a new upload, not the stored file
                check_upload(uploaded)
            return uploaded

    SafeDocumentForm.__module__ = __name__
    return SafeDocumentForm


def __getattr__(name):
    # WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.SafeDocumentForm". The form is
    # built on first use because Wagtail's admin forms need the app registry, while
    # the checks above are imported by models (plugins.legal_documents) while it loads.
    if name == "SafeDocumentForm":
        form = globals()["SafeDocumentForm"] = _safe_document_form()
        return form
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
