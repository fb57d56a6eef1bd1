"""python manage.py import_organisation FILE --portal HOST [--dry-run] [--no-progress]

Imports a portal's units, leaders and contact officials from one CSV or XLSX table
with a ``kind`` column (unit / leader / contact); the columns are described in
:mod:`plugins.organisation.importer`. Bad rows are reported with their line and
reason; good rows are imported; a re-import updates units by name and people by full
name. Runs on the importer base (cms.importing): exit status 1 when any row was refused.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.importing import ImportCommand, RowError
from plugins.organisation.importer import OrganisationImporter, read_rows
from plugins.organisation.models import PLUGIN_NAME


class Command(ImportCommand):
    help = "Import a portal's units, leaders and contact officials from a CSV or XLSX file (re-import updates)."
    progress_label = "Rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--portal", required=True, help="Hostname of the portal, e.g. phuongtanthanh.camau.gov.vn")
        super().add_arguments(parser)

    def handle(self, *args, file, portal, dry_run=False, no_progress=False, **options):
        path = self.input_file(file)
        target = self.target_portal(portal, PLUGIN_NAME, _("The organisation plugin is off on %(host)s."))
        try:
            rows = read_rows(path)
        except RowError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}) from None
        importer = OrganisationImporter(target, dry_run=dry_run)
        self.run_importer(importer, rows, no_progress=no_progress or options.get("verbosity", 1) < 1)
