"""Import a portal's organisation from one CSV or XLSX table (``import_organisation``).

Runs on the project's one importer base (:mod:`cms.importing`): every row is checked
and saved on its own, a bad row is reported with its line and a Vietnamese reason and
changes nothing, good rows are imported; a dry run changes nothing. Importing the
same file again updates: a unit is found by its name, a person by full name, within
the portal (names compared without diacritics or case).

One table, one row per unit or person, the ``kind`` column saying which. CSV is UTF-8
(``,`` ``;`` or tab separated); a spreadsheet's first sheet is read, after the checks
every upload passes (:func:`cms.uploads.inspect_file`). Headings are the English keys
below or their Vietnamese names (with or without diacritics):

==================  =====================  ===========================================
key                 Vietnamese heading     used by
==================  =====================  ===========================================
kind                Loại                   every row: unit / leader / contact
                                           (đơn vị / lãnh đạo / đầu mối)
name                Tên                    unit name, or the person's full name (required)
name_en             Tên tiếng Anh          unit
parent              Đơn vị cấp trên        unit: name of the parent unit
unit                Đơn vị                 leader, contact: name of their unit
position            Chức vụ                leader, contact (required)
position_en         Chức vụ tiếng Anh      leader, contact
functions           Chức năng nhiệm vụ     unit (plain text, one paragraph a line)
functions_en        ...                    unit
responsibility      Nội dung liên hệ       contact: what to contact them about
responsibility_en   ...                    contact
term                Nhiệm kỳ               leader: "2021–2026"
biography           Tiểu sử                leader (plain text, one paragraph a line)
biography_en        ...                    leader
address             Địa chỉ                unit
phone               Điện thoại             every row
email               Email                  every row
website             Website                unit: http(s) address
sort_order          Thứ tự                 every row: a whole number (empty: kept, 0 for new)
==================  =====================  ===========================================

Units are imported before people, and a parent before its sub-units, whatever the
order of the rows, so a person's ``unit`` or a unit's ``parent`` may name a unit of
the same file (or one the portal already has).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

from cms.importing import Importer, RowError, xlsx_table
from registry.text import fold_words

from .models import ContactOfficial, Leader, Unit

HEADINGS = {
    "kind": ("kind", "loai", "loai dong", "type"),
    "name": ("name", "ten", "ho va ten", "ho ten", "ten don vi", "full name", "full_name"),
    "name_en": ("name_en", "ten tieng anh", "name (en)"),
    "parent": ("parent", "don vi cap tren", "truc thuoc"),
    "unit": ("unit", "don vi", "phong ban"),
    "position": ("position", "chuc vu", "position_vi"),
    "position_en": ("position_en", "chuc vu tieng anh"),
    "functions": ("functions", "chuc nang nhiem vu", "chuc nang, nhiem vu", "functions_vi"),
    "functions_en": ("functions_en", "chuc nang nhiem vu tieng anh"),
    "responsibility": ("responsibility", "noi dung lien he", "phu trach", "responsibility_vi"),
    "responsibility_en": ("responsibility_en", "noi dung lien he tieng anh"),
    "term": ("term", "nhiem ky"),
    "biography": ("biography", "tieu su", "biography_vi"),
    "biography_en": ("biography_en", "tieu su tieng anh"),
    "address": ("address", "dia chi"),
    "phone": ("phone", "dien thoai", "so dien thoai"),
    "email": ("email", "e-mail", "thu dien tu"),
    "website": ("website", "trang web", "dia chi website"),
    "sort_order": ("sort_order", "thu tu", "stt"),
}
_HEADING_KEYS = {alias: key for key, aliases in HEADINGS.items() for alias in aliases}

KINDS = {
    "unit": ("unit", "don vi", "phong ban", "phong"),
    "leader": ("leader", "lanh dao"),
    "contact": ("contact", "dau moi", "can bo dau moi", "lien he", "contact official"),
}
_KIND_KEYS = {alias: key for key, aliases in KINDS.items() for alias in aliases}
KIND_ORDER = {"unit": 0, "leader": 1, "contact": 2}

MAX_ROWS = 5000


def _key(heading) -> str | None:
    return _HEADING_KEYS.get(fold_words(str(heading or "")).strip(" :*"))


def _normalise(record: dict) -> dict:
    data = {}
    for heading, value in record.items():
        key = _key(heading)
        if key is not None and key not in data:
            data[key] = "" if value is None else str(value).strip()
    return data


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line number, row) pairs of a CSV or XLSX file, told apart by content."""
    raw = Path(path).read_bytes()
    rows = _xlsx_rows(raw) if raw[:4] == b"PK\x03\x04" else _csv_rows(raw)
    if len(rows) > MAX_ROWS:
        raise RowError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    return rows


def _check_header(header) -> None:
    keys = {_key(heading) for heading in header}
    if "kind" not in keys or "name" not in keys:
        raise RowError(_("The first row must name the columns, at least kind (Loại) and name (Tên)."))


def _csv_rows(raw: bytes) -> list[tuple[int, dict]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RowError(_("The file is neither UTF-8 text nor an XLSX spreadsheet.")) from None
    if "\x00" in text:
        raise RowError(_("The file is neither UTF-8 text nor an XLSX spreadsheet."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise RowError(_("The file is empty."))
    _check_header(header)
    rows, line = [], reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if any(value.strip() for value in values):
            rows.append((start, _normalise(dict(zip(header, values)))))
    return rows


def _xlsx_rows(raw: bytes) -> list[tuple[int, dict]]:
    header, records = xlsx_table(raw)
    _check_header(header)
    return [(number, _normalise(record)) for number, record in records]


def _kind(data) -> str | None:
    return _KIND_KEYS.get(fold_words(data.get("kind", "")))


def ordered(rows: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Units first, each parent named in the file before its sub-units; then leaders, contacts."""
    units = [(number, data) for number, data in rows if _kind(data) == "unit"]
    others = sorted(
        ((number, data) for number, data in rows if _kind(data) != "unit"),
        key=lambda item: KIND_ORDER.get(_kind(item[1]), 3),
    )
    names_in_file = {fold_words(data.get("name", "")) for _number, data in units}
    placed: set[str] = set()
    result, pending = [], units
    while pending:
        left = []
        for number, data in pending:
            parent = fold_words(data.get("parent", ""))
            if not parent or parent not in names_in_file or parent in placed:
                result.append((number, data))
                placed.add(fold_words(data.get("name", "")))
            else:
                left.append((number, data))
        if len(left) == len(pending):  # a loop of parents: leave them in file order, reported row by row
            result.extend(left)
            break
        pending = left
    return result + others


def _paragraphs(text: str) -> str:
    """Plain text as rich text: one paragraph per non-empty line."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in (text or "").splitlines() if line.strip())


class OrganisationImporter(Importer):
    """Rows of one portal's organisation (see the module)."""

    language = "vi"

    def __init__(self, portal, **kwargs):
        super().__init__(**kwargs)
        self.portal = portal

    def run(self, rows):
        return super().run(ordered(list(rows)))

    def prepare(self):
        self.units = {}
        for unit in Unit.objects.filter(portal=self.portal).order_by("pk"):
            self.units.setdefault(fold_words(unit.name_vi or unit.name or ""), unit)
        self.people = {}
        for model in (Leader, ContactOfficial):
            self.people[model] = {}
            for person in model.objects.filter(portal=self.portal).order_by("pk"):
                self.people[model].setdefault(fold_words(person.full_name), person)

    # -- one row ------------------------------------------------------------------

    def import_row(self, row, data):
        kind = _kind(data)
        if kind is None:
            raise RowError(
                _("the kind “%(kind)s” is unknown: write unit, leader or contact (đơn vị, lãnh đạo, đầu mối)")
                % {"kind": data.get("kind", "")[:50]}
            )
        name = " ".join(data.get("name", "").split())
        if not name:
            raise RowError(_("the name is missing"))
        sort_order = self._sort_order(data)
        if kind == "unit":
            return self._unit(data, name, sort_order)
        return self._person(Leader if kind == "leader" else ContactOfficial, data, name, sort_order)

    def _sort_order(self, data):
        raw = data.get("sort_order", "")
        if raw in ("", None):
            return None
        text = str(raw).strip()
        if text.endswith(".0"):  # a spreadsheet's number
            text = text[:-2]
        if not text.isdigit() or int(text) > 32767:
            raise RowError(_("the order “%(value)s” is not a whole number from 0 to 32767") % {"value": text[:20]})
        return int(text)

    def _find_unit(self, name, column_label):
        if not name:
            return None
        unit = self.units.get(fold_words(name))
        if unit is None:
            raise RowError(
                _("%(column)s: the portal has no unit named “%(name)s” (add a unit row for it)")
                % {"column": column_label, "name": name[:100]}
            )
        return unit

    def _unit(self, data, name, sort_order):
        key = fold_words(name)
        unit = self.units.get(key)
        outcome = "updated" if unit is not None else "created"
        if unit is None:
            unit = Unit(portal=self.portal)
        parent = self._find_unit(data.get("parent", ""), _("parent unit"))
        if parent is not None and unit.pk is not None and parent.pk == unit.pk:
            raise RowError(_("a unit cannot be its own parent"))
        values = {
            "name": name,
            "name_vi": name,
            "parent": parent,
            "address": data.get("address", ""),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "website": data.get("website", ""),
            "functions_vi": _paragraphs(data.get("functions", "")),
        }
        for optional in ("name_en", "functions_en"):
            if data.get(optional):
                values[optional] = _paragraphs(data[optional]) if optional == "functions_en" else data[optional]
        self._save(unit, values, sort_order)
        self.units[key] = unit
        return outcome

    def _person(self, model, data, name, sort_order):
        key = fold_words(name)
        person = self.people[model].get(key)
        outcome = "updated" if person is not None else "created"
        if person is None:
            person = model(portal=self.portal)
        position = " ".join(data.get("position", "").split())
        if not position:
            raise RowError(_("the position is missing"))
        values = {
            "full_name": name,
            "position": position,
            "position_vi": position,
            "unit": self._find_unit(data.get("unit", ""), _("unit")),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
        }
        if data.get("position_en"):
            values["position_en"] = data["position_en"]
        if model is Leader:
            values["term"] = data.get("term", "")
            values["biography_vi"] = _paragraphs(data.get("biography", ""))
            if data.get("biography_en"):
                values["biography_en"] = _paragraphs(data["biography_en"])
        else:
            values["responsibility_vi"] = data.get("responsibility", "")
            if data.get("responsibility_en"):
                values["responsibility_en"] = data["responsibility_en"]
        self._save(person, values, sort_order)
        self.people[model][key] = person
        return outcome

    def _save(self, obj, values, sort_order):
        for field, value in values.items():
            setattr(obj, field, value)
        if sort_order is not None:
            obj.sort_order = sort_order
        try:
            obj.full_clean()
        except ValidationError as error:
            if obj.pk is not None:
                obj.refresh_from_db()  # later rows see the row as it is stored, not this refused version
            raise RowError(*self._messages(type(obj), error)) from None
        obj.save()

    @staticmethod
    def _messages(model, error: ValidationError) -> list[str]:
        messages = []
        for field, field_messages in error.message_dict.items():
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:
                label = ""
            for message in field_messages:
                messages.append(f"{label}: {message}" if label and field != "__all__" else message)
        return messages
