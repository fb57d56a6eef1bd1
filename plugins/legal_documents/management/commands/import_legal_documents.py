"""python manage.py import_legal_documents FILE --portal HOST [--dry-run]

CSV (UTF-8, header row) or JSON (a list of objects) with the columns:
number_symbol, summary, type, issuer, field, signer, signer_position, issued_on,
effective_from, expires_on, validity, full_text, files, relations.

* dates: dd/mm/yyyy (or yyyy-mm-dd);
* type / issuer / field: slug, name, or abbreviation / code;
* files: "path[|label]; ..." relative to the import file (PDF, DOC, DOCX, ODT, checked by content);
* relations: "replaces:12/2020/QĐ-UBND; guides:42/2022/NĐ-CP".

Runs on the importer base (cms.importing): every row is checked first; bad rows
are reported with their line and reason and skipped, good rows are imported
(each one whole or not at all); --dry-run checks and writes nothing (no file
either); exit status 1 when any row was refused. Re-importing updates the
document with the same number/symbol and year instead of adding one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.importing import ImportCommand, Importer

from ... import symbols
from ...models import PLUGIN_NAME
from ...services import RowError, clean_row, ensure_index_page, find_document, upsert_document


def read_rows(path: Path):
    """[(line, dict)] from a CSV or JSON file."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(_("%(path)s: not UTF-8 text.") % {"path": path}) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s: invalid JSON at line %(line)s: %(error)s.")
                % {"path": path, "line": error.lineno, "error": error.msg}
            ) from None
        if isinstance(data, dict):
            data = data.get("documents") or data.get("results") or []
        if not isinstance(data, list):
            raise CommandError(_("%(path)s: expected a list of documents.") % {"path": path})
        # The line of each object: where its opening brace starts.
        lines, search_from = [], 0
        for _item in data:
            position = text.find("{", search_from)
            line = text.count("\n", 0, position) + 1 if position >= 0 else 0
            search_from = position + 1 if position >= 0 else search_from
            lines.append(line)
            # Skip nested braces of this object.
            depth = 0
            for index in range(position, len(text)):
                if text[index] == "{":
                    depth += 1
                elif text[index] == "}":
                    depth -= 1
                    if depth == 0:
                        search_from = index + 1
                        break
        return [(line, item) for line, item in zip(lines, data)]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "number_symbol" not in [f.strip() for f in reader.fieldnames]:
        raise CommandError(
            _("%(path)s: the header row must name the columns (number_symbol, summary, type, ...).") % {"path": path}
        )
    rows = []
    for row in reader:
        rows.append((reader.line_num, {(k or "").strip(): v for k, v in row.items() if k}))
    return rows


class LegalDocumentImporter(Importer):
    """One row: a document of ``portal``, checked completely, then written in one transaction."""

    def __init__(self, portal, read_file, **kwargs):
        super().__init__(**kwargs)
        self.portal, self.read_file = portal, read_file

    def prepare(self):
        self.pending = set()  # dry run: symbols of good rows, so later rows may relate to them
        self.index = None if self.dry_run else ensure_index_page(self.portal)

    def import_row(self, row, data):
        if not isinstance(data, dict):
            raise RowError(_("not an object"))
        cleaned = clean_row(data, self.portal, read_file=self.read_file, pending=self.pending)
        existed = find_document(self.portal, cleaned.values["number_symbol"], cleaned.values["issued_on"].year)
        if self.dry_run:  # checked only: a dry run stores no file either
            self.pending.add(symbols.fold(cleaned.values["number_symbol"]))
        else:
            try:
                upsert_document(self.portal, cleaned, index=self.index)
            except (RowError, ValidationError):
                raise
            except Exception as error:  # a row that fails to write is rolled back on its own
                raise RowError(str(error)) from error
        if not cleaned.parsed:
            self.report.warn(
                row,
                _("the number and symbol “%(symbol)s” does not follow the usual form; kept as typed")
                % {"symbol": cleaned.values["number_symbol"]},
            )
        return "updated" if existed else "created"

    def summary(self):
        return _("%(created)s documents created, %(updated)s updated, %(refused)s rows refused.") % {
            "created": self.report["created"],
            "updated": self.report["updated"],
            "refused": self.report.error_rows,
        }


class Command(ImportCommand):
    help = "Import legal documents of one portal from a CSV or JSON file (re-import updates)."
    progress_label = "Documents"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--portal", required=True, help="Hostname of the portal, e.g. camau.gov.vn")
        super().add_arguments(parser)

    def handle(self, *args, file, portal, dry_run=False, no_progress=False, **options):
        path = self.input_file(file)
        target = self.target_portal(portal, PLUGIN_NAME, _("The legal documents plugin is off on %(host)s."))
        rows = read_rows(path)
        base = path.resolve().parent

        def read_file(name):
            candidate = (base / name).resolve()
            if base not in candidate.parents and candidate != base:
                raise OSError("outside the import folder")
            return candidate.read_bytes()

        importer = LegalDocumentImporter(target, read_file, dry_run=dry_run)
        self.run_importer(importer, rows, no_progress=no_progress or options.get("verbosity", 1) < 1)
