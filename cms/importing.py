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

from collections import Counter
from collections.abc import Callable, Iterable
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


class ImportCommand(BaseCommand):
    """A management command running an :class:`Importer` (see the module)."""

    progress_label = "Rows"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

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
