"""python manage.py import_procedures FILE [--dry-run]

Imports administrative procedures from the national database's exports
(CSV, XLSX or JSON, told apart by content). Bad rows are reported with their
line and reason; good rows are imported; a re-import updates by code.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plugins.services.importer import RowError, import_procedures, read_rows


class Command(BaseCommand):
    help = "Import administrative procedures from a CSV, XLSX or JSON export of the national database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV, XLSX or JSON file")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report, but change nothing")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar")

    def handle(self, *args, file, dry_run, no_progress, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"File not found: {file}")
        try:
            rows = list(read_rows(path))
        except (RowError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None

        def progress(items):
            # tqdm draws on the raw stream (Django's wrapper would add a newline per redraw).
            stream = getattr(self.stderr, "_out", self.stderr)
            return tqdm(items, total=len(rows), desc="Procedures", unit="row", disable=no_progress, file=stream)

        report = import_procedures(rows, dry_run=dry_run, progress=progress)
        for line, reason in report.errors:
            self.stdout.write(self.style.ERROR(f"line {line}: {reason}"))
        prefix = "[dry run, nothing saved] " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.created} created, {report.updated} updated, {len(report.errors)} rows with errors."
            )
        )
