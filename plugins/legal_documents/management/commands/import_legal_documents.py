"""python manage.py import_legal_documents FILE --portal HOST [--dry-run]

CSV (UTF-8, header row) or JSON (a list of objects) with the columns:
number_symbol, summary, type, issuer, field, signer, signer_position, issued_on,
effective_from, expires_on, validity, full_text, files, relations.

* dates: dd/mm/yyyy (or yyyy-mm-dd);
* type / issuer / field: slug, name, or abbreviation / code;
* files: "path[|label]; ..." relative to the import file (PDF, DOC, DOCX, ODT, checked by content);
* relations: "replaces:12/2020/QĐ-UBND; guides:42/2022/NĐ-CP".

Every row is checked first; bad rows are reported with their line and reason and
skipped, good rows are imported (each one whole or not at all). Re-importing
updates the document with the same number/symbol and year instead of adding one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from sites.models import Portal

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


class Command(BaseCommand):
    help = "Import legal documents of one portal from a CSV or JSON file (re-import updates)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--portal", required=True, help="Hostname of the portal, e.g. camau.gov.vn")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only; write nothing.")

    def handle(self, *args, file, portal, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        target = Portal.objects.select_related("site").filter(site__hostname=portal.strip().lower()).first()
        if target is None:
            raise CommandError(_("No portal has the hostname %(host)s.") % {"host": portal})
        if not target.has_plugin(PLUGIN_NAME):
            raise CommandError(_("The legal documents plugin is off on %(host)s.") % {"host": portal})
        rows = read_rows(path)
        base = path.resolve().parent

        def read_file(name):
            candidate = (base / name).resolve()
            if base not in candidate.parents and candidate != base:
                raise OSError("outside the import folder")
            return candidate.read_bytes()

        created = updated = 0
        problems = []
        pending = set()  # dry run: symbols of good rows, so later rows may relate to them
        with transaction.atomic():
            index = None if dry_run else ensure_index_page(target)
            for line, raw in tqdm(rows, desc="Importing", unit="row", disable=options.get("verbosity", 1) < 1):
                if not isinstance(raw, dict):
                    problems.append((line, [_("not an object")]))
                    continue
                try:
                    row = clean_row(raw, target, read_file=read_file, pending=pending)
                except RowError as error:
                    problems.append((line, error.reasons))
                    continue
                existed = find_document(target, row.values["number_symbol"], row.values["issued_on"].year)
                try:
                    if not dry_run:  # a dry run stores no file either
                        with transaction.atomic():
                            upsert_document(target, row, index=index)
                except Exception as error:  # a row that fails to write is rolled back on its own
                    problems.append((line, [str(error)]))
                    continue
                if dry_run:
                    pending.add(symbols.fold(row.values["number_symbol"]))
                if existed:
                    updated += 1
                else:
                    created += 1
                if not row.parsed:
                    self.stdout.write(
                        self.style.WARNING(
                            _("line %(line)s: the number and symbol “%(symbol)s” does not follow the usual form; kept as typed")
                            % {"line": line, "symbol": row.values["number_symbol"]}
                        )
                    )
            if dry_run:
                transaction.set_rollback(True)
        for line, reasons in problems:
            self.stdout.write(self.style.ERROR(_("line %(line)s: %(reasons)s") % {"line": line, "reasons": "; ".join(reasons)}))
        counts = {"created": created, "updated": updated, "refused": len(problems)}
        if dry_run:
            summary = _(
                "Dry run, nothing written: %(created)s documents would be created, %(updated)s updated, %(refused)s rows refused."
            )
        else:
            summary = _("%(created)s documents created, %(updated)s updated, %(refused)s rows refused.")
        self.stdout.write(self.style.SUCCESS(summary % counts))
