"""The one importer base of the project (framework layer): every bulk import runs on it.

An importer reads rows (``(row number, raw row)`` pairs) and saves each one with
:meth:`Importer.import_row`. The base gives all of them the same behaviour:

* **per-row errors**: a row that cannot be imported raises :class:`RowError`
  (or a ``ValidationError``) with a Vietnamese message; it is reported with its
  row number and changes nothing, because each row runs in its own transaction
  (savepoint); the other rows go on. Rows are not all-or-nothing on purpose:
  a national export of thousands of procedures should not be refused for one
  bad line, and every importer updates what it finds again, so running the
  corrected file a second time completes the job;
* **dry run**: the same code runs for every row, inside one transaction that
  is rolled back at the end, so the report (what would be created, updated,
  refused) is exactly that of the real run and nothing changes. Work a
  rollback cannot undo (writing files, sending e-mail) is skipped by the
  importer when ``self.dry_run`` is set;
* **a report**: counts by outcome ("created", "updated" ...), the errors and
  warnings by row, and a one-line summary;
* for management commands, :class:`ImportCommand`: ``--dry-run``,
  ``--no-progress``, a tqdm progress bar on the terminal, the errors on stderr,
  the summary on stdout, and exit status 1 when any row was refused.

The importers: ``plugins.services.importer`` (procedures, ``import_procedures``),
``plugins.legal_documents`` (``import_legal_documents``) and the portal staff
(``import_staff``, :mod:`cms.management.commands.import_staff`).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class RowError(Exception):
    """A row that cannot be imported; ``reasons`` are messages for the person importing."""

    def __init__(self, *reasons):
        self.reasons = [str(reason) for reason in reasons if reason] or [_("this row cannot be imported")]
        super().__init__("; ".join(self.reasons))


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    errors: list[tuple[Any, str]] = field(default_factory=list)
    warnings: list[tuple[Any, str]] = field(default_factory=list)

    def count(self, outcome: str, n: int = 1) -> None:
        self.counts[outcome] += n

    def fail(self, row, message) -> None:
        self.errors.append((row, str(message)))

    def warn(self, row, message) -> None:
        self.warnings.append((row, str(message)))

    @property
    def error_rows(self) -> int:
        return len({row for row, _message in self.errors})

    def __getitem__(self, outcome: str) -> int:
        return self.counts[outcome]


class Importer:
    """Subclass and implement :meth:`import_row`; call :meth:`run` with the rows."""

    # Activated while importing (e.g. "vi": imported names are written to the Vietnamese fields).
    language: str | None = None

    def __init__(self, *, dry_run: bool = False, progress: Callable[[list], Iterable] | None = None):
        self.dry_run = dry_run
        self.progress = progress
        self.report = ImportReport(dry_run=dry_run)

    # -- to implement ---------------------------------------------------------------

    def import_row(self, row, data) -> str | None:
        """Save one row; return its outcome ("created", "updated" ...) or None.

        Raise :class:`RowError` with every reason found when the row is bad.
        Runs inside the row's own transaction.
        """
        raise NotImplementedError

    def prepare(self) -> None:
        """Before the first row (load lookups once)."""

    def finish(self) -> None:
        """After a real run (not a dry run), outside any transaction: purge caches ..."""

    def summary(self) -> str:
        report = self.report
        return _("%(created)d created, %(updated)d updated, %(errors)d rows with errors.") % {
            "created": report["created"],
            "updated": report["updated"],
            "errors": report.error_rows,
        }

    # -- the run ----------------------------------------------------------------------

    def run(self, rows: Iterable) -> ImportReport:
        rows = list(rows)
        with translation.override(self.language) if self.language else nullcontext():
            if self.dry_run:
                with transaction.atomic():
                    self._rows(rows)
                    transaction.set_rollback(True)
            else:
                self._rows(rows)
                self.finish()
        return self.report

    def _rows(self, rows):
        self.prepare()
        for number, data in self.progress(rows) if self.progress else rows:
            try:
                with transaction.atomic():
                    outcome = self.import_row(number, data)
            except RowError as error:
                for reason in error.reasons:
                    self.report.fail(number, reason)
                continue
            except ValidationError as error:
                self.report.fail(number, "; ".join(error.messages))
                continue
            if outcome:
                self.report.count(outcome)


def xlsx_table(raw: bytes) -> tuple[tuple, Iterator[tuple[int, dict]]]:
    """The first sheet of an XLSX file: its header row, and (row number, {heading: value})
    for each row that holds a value (empty cells as ""). The file is checked like every
    upload (:func:`cms.uploads.inspect_file`, archive limits first) before anything is
    decompressed; a refused, unreadable or empty file is a :class:`RowError`."""
    from openpyxl import load_workbook

    from cms.uploads import inspect_file

    try:
        inspect_file(io.BytesIO(raw), "import.xlsx")
    except ValidationError as error:
        raise RowError(_("The spreadsheet was refused: %(reason)s") % {"reason": " ".join(error.messages)}) from None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # a broken or foreign zip file
        raise RowError(_("The spreadsheet cannot be read: %(error)s") % {"error": error}) from None
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        workbook.close()
        raise RowError(_("The file is empty."))

    def records():
        try:
            for number, values in enumerate(rows, start=2):
                if any(value not in (None, "") for value in values):
                    yield number, {h: ("" if v is None else v) for h, v in zip(header, values)}
        finally:
            workbook.close()

    return header, records()


class ImportCommand(BaseCommand):
    """A management command running an :class:`Importer` (see the module)."""

    progress_label = "Rows"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def input_file(self, file):
        """The file named on the command line, or a CommandError that says it is missing."""
        from pathlib import Path

        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        return path

    def target_portal(self, hostname: str, plugin_name: str, plugin_off_message: str):
        """The portal the rows go to (``--portal HOST``), which must have ``plugin_name`` on;
        ``plugin_off_message`` (with ``%(host)s``) says otherwise."""
        from sites.models import Portal

        portal = Portal.objects.select_related("site").filter(site__hostname=hostname.strip().lower()).first()
        if portal is None:
            raise CommandError(_("No portal has the hostname %(host)s.") % {"host": hostname})
        if not portal.has_plugin(plugin_name):
            raise CommandError(plugin_off_message % {"host": hostname})
        return portal

    def progress_bar(self, no_progress: bool):
        from tqdm import tqdm

        def progress(rows):
            # tqdm draws on the raw stream (Django's wrapper would add a newline per redraw).
            stream = getattr(self.stderr, "_out", self.stderr)
            return tqdm(rows, total=len(rows), desc=self.progress_label, unit="row", disable=no_progress, file=stream)

        return progress

    def run_importer(self, importer: Importer, rows, no_progress: bool = False) -> ImportReport:
        importer.progress = self.progress_bar(no_progress)
        report = importer.run(rows)
        self.write_report(importer)
        return report

    def write_report(self, importer: Importer) -> None:
        report = importer.report
        for row, message in report.warnings:
            self.stdout.write(self.style.WARNING(_("Row %(row)s: %(message)s") % {"row": row, "message": message}))
        for row, message in report.errors:
            self.stderr.write(_("Row %(row)s: %(message)s") % {"row": row, "message": message})
        summary = importer.summary()
        if report.dry_run:
            summary = _("Dry run, nothing was changed: %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary) if not report.errors else summary)
        if report.errors:
            count = report.error_rows
            if report.dry_run:
                message = ngettext(
                    "%(count)d row has errors (listed above).", "%(count)d rows have errors (listed above).", count
                )
            else:
                message = ngettext(
                    "%(count)d row had errors (listed above); the other rows were imported.",
                    "%(count)d rows had errors (listed above); the other rows were imported.",
                    count,
                )
            raise CommandError(message % {"count": count})
