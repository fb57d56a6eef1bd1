"""Import procedures from the national database's exports (CSV, XLSX, JSON).

Runs on the project's one importer base (:mod:`cms.importing`): each row is
checked and saved on its own, a bad row is reported with its line and the
reason and changes nothing, good rows are imported; a dry run changes nothing.
A procedure is found by its code, so importing the same file again updates and
never duplicates. The admin listing's export (``exports.py``) writes these
columns, so an export can be imported again.

A spreadsheet is a zip archive: before openpyxl opens it, it passes the upload
checks every upload passes (:func:`cms.uploads.inspect_file`: content type,
archive limits ``UPLOAD_ARCHIVE_*``, programs inside), so a zip bomb named
.xlsx is refused with a message and never decompressed.

Columns (Vietnamese headings of the national export, or the English keys):

=========================  ======================  =========================================
heading                    key                     value
=========================  ======================  =========================================
Mã thủ tục                 code                    1.000948.H38 (required)
Tên thủ tục                name                    (required)
Lĩnh vực                   field                   field code or name (must exist)
Cấp thực hiện              tiers                   "Cấp tỉnh; Xã" - level codes or names
Cơ quan thực hiện          agency                  agency name
Cổng của cơ quan           agency_portal           hostname of the agency's portal
Mức độ (trực tuyến)        level                   Toàn trình / Một phần / 1-4 / code; empty = not online
Trình tự thực hiện         steps
Cách thức thực hiện        methods                 "Trực tiếp; Bưu chính; Trực tuyến" (or JSON list of objects)
Thời hạn giải quyết        processing_time         applies to every listed method
Phí, lệ phí                fees                    applies to every listed method
Thành phần hồ sơ           documents               one per line: "Tờ khai (Bản chính: 1, Bản sao: 0)"
Đối tượng thực hiện        applicants
Yêu cầu, điều kiện         requirements
Kết quả thực hiện          result
Căn cứ pháp lý             legal_basis             one document per line
Địa chỉ dịch vụ công       online_url              http(s) only
Ngày hiệu lực              valid_from              dd/mm/yyyy or yyyy-mm-dd
Ngày hết hiệu lực          valid_until
=========================  ======================  =========================================
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.cache import bump
from cms.importing import Importer, ImportReport, RowError, xlsx_table
from sites.models import Portal, PortalLevel

from .models import (
    CATALOGUE_TOPIC,
    Procedure,
    ProcedureField,
    RequiredDocument,
    ServiceLevel,
    SubmissionMethod,
    fold,
    http_url_validator,
)

HEADINGS = {
    "code": ("ma thu tuc", "ma tthc", "ma", "code", "procedure code"),
    "name": ("ten thu tuc", "ten tthc", "ten", "name", "procedure name"),
    "field": ("linh vuc", "field"),
    "tiers": ("cap thuc hien", "tiers", "tier"),
    "agency": ("co quan thuc hien", "agency", "agency name", "agency_name"),
    "agency_portal": ("cong cua co quan", "agency_portal", "agency portal"),
    "level": ("muc do", "muc do truc tuyen", "muc do dvc", "level", "online level"),
    "steps": ("trinh tu thuc hien", "steps"),
    "methods": ("cach thuc thuc hien", "methods"),
    "processing_time": ("thoi han giai quyet", "processing_time", "processing time"),
    "fees": ("phi, le phi", "phi le phi", "le phi", "fees"),
    "documents": ("thanh phan ho so", "documents"),
    "applicants": ("doi tuong thuc hien", "applicants"),
    "requirements": ("yeu cau, dieu kien", "yeu cau dieu kien", "requirements"),
    "result": ("ket qua thuc hien", "result"),
    "legal_basis": ("can cu phap ly", "legal_basis", "legal basis"),
    "online_url": ("dia chi dich vu cong", "online_url", "url", "link"),
    "valid_from": ("ngay hieu luc", "valid_from"),
    "valid_until": ("ngay het hieu luc", "valid_until"),
}
_HEADING_KEYS = {alias: key for key, aliases in HEADINGS.items() for alias in aliases}

METHOD_WORDS = {
    SubmissionMethod.IN_PERSON: ("truc tiep", "in person", "in_person"),
    SubmissionMethod.POST: ("buu chinh", "qua buu chinh", "post", "by post"),
    SubmissionMethod.ONLINE: ("truc tuyen", "online", "qua mang"),
}
LEGACY_LEVEL = re.compile(r"^(?:muc do|level)?\s*([1-4])$")
COPIES = re.compile(r"\(\s*ban chinh\s*:\s*(\d+)\s*[,;]\s*ban sao\s*:\s*(\d+)\s*\)\s*$")


__all__ = ["RowError", "ProcedureImporter", "import_procedures", "read_rows"]


def _key(heading) -> str | None:
    return _HEADING_KEYS.get(fold(str(heading or "")).strip(" :*"))


def _normalise(record: dict) -> dict:
    data = {}
    for heading, value in record.items():
        key = _key(heading)
        if key is not None and key not in data:
            data[key] = value
    return data


def read_rows(path: Path) -> Iterator[tuple[int | str, dict]]:
    """(line number, row) pairs of a CSV, XLSX or JSON file, told apart by content."""
    raw = Path(path).read_bytes()
    if raw[:4] == b"PK\x03\x04":
        yield from _xlsx_rows(raw)
        return
    text = raw.decode("utf-8-sig")
    if text.lstrip()[:1] in ("[", "{"):
        yield from _json_rows(text)
        return
    yield from _csv_rows(text)


def _csv_rows(text):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise RowError(_("The file is empty."))
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        yield start, _normalise(dict(zip(header, values)))


def _xlsx_rows(raw):
    _header, records = xlsx_table(raw)
    for number, record in records:
        yield number, _normalise(record)


def _json_rows(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RowError(
            _("The JSON file cannot be read (line %(line)s): %(error)s") % {"line": error.lineno, "error": error.msg}
        ) from None
    if isinstance(data, dict):
        data = data.get("results") or data.get("data") or data.get("procedures") or []
    if not isinstance(data, list):
        raise RowError(_("The JSON file must hold a list of procedures."))
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            yield f"#{number}", {"__error__": _("This record is not an object.")}
            continue
        yield f"#{number}", _normalise(record)


class Catalogue:
    """Lookups of fields, levels, tiers and portals, loaded once per import."""

    def __init__(self):
        self.fields = {}
        for item in ProcedureField.objects.all():
            for name in (item.code, item.name_vi, item.name_en):
                if name:
                    self.fields[fold(name)] = item
        self.levels = {}
        for item in ServiceLevel.objects.all():
            for name in (item.code, item.name_vi, item.name_en):
                if name:
                    self.levels[fold(name)] = item
        self.tiers = {}
        for item in PortalLevel.objects.all():
            for name in (item.code, item.name_vi, item.name_en, getattr(item, "name", "")):
                if name:
                    self.tiers[fold(name)] = item
                    self.tiers[fold(name).removeprefix("cap ")] = item
        self.portals = {p.site.hostname: p for p in Portal.objects.select_related("site")}

    def field(self, value):
        text = _text(value)
        if not text:
            raise RowError(_("The field is missing."))
        found = self.fields.get(fold(text))
        if found is None:
            raise RowError(_("Unknown field: %(value)s.") % {"value": text})
        return found

    def level(self, value):
        text = fold(_text(value))
        if not text:
            return None
        found = self.levels.get(text)
        if found is None:
            legacy = LEGACY_LEVEL.match(text)
            if legacy:
                found = self.levels.get(f"muc-do-{legacy.group(1)}")
        if found is None:
            raise RowError(_("Unknown level: %(value)s.") % {"value": _text(value)})
        return found

    def tier_list(self, value):
        items = value if isinstance(value, list) else re.split(r"[;,\n]", _text(value))
        tiers = []
        for item in items:
            text = fold(_text(item))
            if not text:
                continue
            found = self.tiers.get(text) or self.tiers.get(text.removeprefix("cap "))
            if found is None:
                raise RowError(_("Unknown tier: %(value)s.") % {"value": _text(item)})
            tiers.append(found)
        return tiers

    def portal(self, value):
        text = _text(value).lower()
        if not text:
            return None
        text = re.sub(r"^https?://", "", text).split("/")[0].split(":")[0]
        found = self.portals.get(text)
        if found is None:
            raise RowError(_("No portal has the hostname %(value)s.") % {"value": text})
        return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, label):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(_("%(label)s is not a date (dd/mm/yyyy): %(value)s.") % {"label": label, "value": text})


def _url(value, label):
    text = _text(value)
    if not text:
        return ""
    try:
        http_url_validator(text)
    except ValidationError:
        raise RowError(
            _("%(label)s must be an http or https address: %(value)s.") % {"label": label, "value": text[:200]}
        ) from None
    return text


def _methods(data):
    raw = data.get("methods")
    if isinstance(raw, list):
        methods = []
        for item in raw:
            if isinstance(item, dict):
                method = _method_code(item.get("method") or item.get("name"))
                methods.append(
                    (
                        method,
                        _text(item.get("processing_time") or item.get("time")),
                        _text(item.get("fees")),
                        _text(item.get("description")),
                    )
                )
            else:
                methods.append((_method_code(item), _text(data.get("processing_time")), _text(data.get("fees")), ""))
        return methods
    words = [w for w in re.split(r"[;,\n]", _text(raw)) if w.strip()]
    return [(_method_code(w), _text(data.get("processing_time")), _text(data.get("fees")), "") for w in words]


def _method_code(value):
    text = fold(_text(value))
    for code, words in METHOD_WORDS.items():
        if text in words or any(text.startswith(w) for w in words):
            return code
    raise RowError(_("Unknown submission method: %(value)s.") % {"value": _text(value)})


def _documents(value):
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict):
                name = _text(item.get("name"))
                if not name:
                    raise RowError(_("A required document has no name."))
                items.append(
                    (
                        name[:500],
                        _count(item.get("originals", 1)),
                        _count(item.get("copies", 0)),
                        _url(item.get("form_url"), _("The form address")),
                    )
                )
            else:
                items.append(_document_line(_text(item)))
        return items
    return [_document_line(line) for line in _text(value).splitlines() if line.strip()]


def _document_line(line):
    line = line.strip().lstrip("-•+ ").strip()
    match = COPIES.search(fold(line))
    if match:
        # The folded text has the same length as the original only for simple
        # text, so cut the original at the last "(".
        name = line[: line.rfind("(")].strip()
        return (name[:500], int(match.group(1)), int(match.group(2)), "")
    return (line[:500], 1, 0, "")


def _count(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RowError(_("The number of copies must be a whole number: %(value)s.") % {"value": value}) from None
    if not 0 <= number <= 100:
        raise RowError(_("The number of copies must be between 0 and 100: %(value)s.") % {"value": value})
    return number


def import_row(data: dict, catalogue: Catalogue) -> bool:
    """Create or update one procedure from a normalised row. True when created."""
    if "__error__" in data:
        raise RowError(data["__error__"])
    code = _text(data.get("code"))
    name = _text(data.get("name"))
    if not code:
        raise RowError(_("The procedure code is missing."))
    if len(code) > 60 or not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]*", code):
        raise RowError(_("The procedure code is not valid: %(value)s.") % {"value": code[:80]})
    if not name:
        raise RowError(_("The procedure name is missing."))
    values = {
        "name_vi": name[:500],
        "field": catalogue.field(data.get("field")),
        "level": catalogue.level(data.get("level")),
        "agency_name": _text(data.get("agency"))[:255],
        "agency_portal": catalogue.portal(data.get("agency_portal")),
        "steps": _text(data.get("steps")),
        "applicants": _text(data.get("applicants")),
        "requirements": _text(data.get("requirements")),
        "result": _text(data.get("result")),
        "legal_basis": "\n".join(data["legal_basis"])
        if isinstance(data.get("legal_basis"), list)
        else _text(data.get("legal_basis")),
        "online_url": _url(data.get("online_url"), _("The online service address")),
        "valid_from": _date(data.get("valid_from"), _("The start of validity")),
        "valid_until": _date(data.get("valid_until"), _("The end of validity")),
    }
    if values["valid_from"] and values["valid_until"] and values["valid_until"] < values["valid_from"]:
        raise RowError(_("The end of validity cannot be before its start."))
    tiers = catalogue.tier_list(data.get("tiers"))
    methods = _methods(data)
    documents = _documents(data.get("documents"))

    procedure = Procedure.objects.filter(code=code).first()
    created = procedure is None
    if created:
        procedure = Procedure(code=code)
    for key, value in values.items():
        setattr(procedure, key, value)
    procedure.name = name[:500]
    procedure.save()
    procedure.tiers.set(tiers)
    SubmissionMethod.objects.filter(procedure=procedure).delete()
    SubmissionMethod.objects.bulk_create(
        SubmissionMethod(procedure=procedure, method=m, processing_time=t[:255], fees=f[:500], description=d, sort_order=i)
        for i, (m, t, f, d) in enumerate(methods)
    )
    RequiredDocument.objects.filter(procedure=procedure).delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(procedure=procedure, name=n, originals=o, copies=c, form_url=u, sort_order=i)
        for i, (n, o, c, u) in enumerate(documents)
    )
    return created


class ProcedureImporter(Importer):
    language = "vi"  # imported names are Vietnamese: written to the Vietnamese fields

    def prepare(self):
        self.catalogue = Catalogue()

    def import_row(self, row, data):
        return "created" if import_row(data, self.catalogue) else "updated"

    def finish(self):
        if self.report["created"] or self.report["updated"]:
            bump(CATALOGUE_TOPIC)


def import_procedures(rows: Iterable[tuple[int | str, dict]], dry_run=False, progress=None) -> ImportReport:
    """Import ``rows`` ((line, row) pairs); with ``dry_run`` nothing is kept."""
    return ProcedureImporter(dry_run=dry_run, progress=progress).run(rows)
