"""python manage.py import_procedures FILE [--dry-run] [--no-progress]

Imports administrative procedures from the national database's exports
(CSV, XLSX or JSON, told apart by content). Bad rows are reported with their
line and reason; good rows are imported; a re-import updates by code. Runs on
the importer base (cms.importing): exit status 1 when any row was refused.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.importing import ImportCommand
from plugins.services.importer import ProcedureImporter, RowError, read_rows


class Command(ImportCommand):
    help = "Import administrative procedures from a CSV, XLSX or JSON export of the national database."
    progress_label = "Procedures"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV, XLSX or JSON file")
        super().add_arguments(parser)

    def handle(self, *args, file, dry_run, no_progress, **options):
        path = self.input_file(file)
        try:
            rows = list(read_rows(path))
        except RowError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(file)s is not a UTF-8 text file.") % {"file": file}) from None
        self.run_importer(ProcedureImporter(dry_run=dry_run), rows, no_progress=no_progress)
