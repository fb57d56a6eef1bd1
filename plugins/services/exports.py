"""Spreadsheet downloads (CSV and XLSX), all on Wagtail's own export.

Wagtail's ``SpreadsheetExportMixin`` (the admin listings' "Download CSV/XLSX")
writes both formats; :class:`ExportMixin` adds what a Vietnamese spreadsheet
user needs on top of it:

* the CSV starts with a byte order mark, so spreadsheet programs read UTF-8;
* a CSV text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
  ``@`` ...) is kept as text with a leading apostrophe (Wagtail already does
  this for XLSX cells).

Two downloads use it:

* the admin procedure listing (``ProcedureViewSet``: ``list_export``), scoped
  like the listing itself to the procedures the user may see; its Vietnamese
  headings are the importer's, so an export can be imported again;
* the public statistics (``/thu-tuc/thong-ke.csv``, ``.xlsx``):
  :class:`StatisticsExportView`.
"""

from __future__ import annotations

from typing import NamedTuple

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.coreutils import multigetattr
from wagtail.snippets.views.snippets import IndexView

from cms.cache import depends_on
from cms.middleware import portal_or_404

from .models import CATALOGUE_TOPIC
from .stats import compute, table_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """A text a spreadsheet would run as a formula is kept as text."""
    value = force_str(value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


class ExportMixin(SpreadsheetExportMixin):
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        str: {SpreadsheetExportMixin.FORMAT_CSV: csv_text},
    }

    def stream_csv(self, queryset):
        yield "\ufeff".encode()  # so spreadsheet programs read UTF-8
        yield from super().stream_csv(queryset)


# -- the admin procedure listing ---------------------------------------------------

# Column -> heading. The Vietnamese headings are the importer's (plugins.services.importer).
PROCEDURE_EXPORT = {
    "code": _("Procedure code"),
    "name": _("Procedure name"),
    "field": pgettext_lazy("subject field", "Field"),
    "level": _("Online level"),
    "tiers": _("Carried out at"),
    "agency_name": _("Implementing agency"),
    "agency_portal": _("Agency portal"),
    "legal_basis": _("Legal basis"),
    "online_url": _("Online service address"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
}


# Columns whose value is not the attribute itself: names the importer reads back.
PROCEDURE_VALUES = {
    "field": lambda procedure: procedure.field.name if procedure.field_id else "",
    "level": lambda procedure: procedure.level.name if procedure.level_id else "",
    "tiers": lambda procedure: "; ".join(tier.name for tier in procedure.tiers.all()),
    "agency_portal": lambda procedure: procedure.agency_portal.site.hostname if procedure.agency_portal_id else "",
}


class ProcedureIndexView(ExportMixin, IndexView):
    """The procedure listing; its export has the importer's columns."""

    def to_row_dict(self, item):
        return {
            column: PROCEDURE_VALUES[column](item) if column in PROCEDURE_VALUES else multigetattr(item, column)
            for column in self.list_export
        }


# -- the public statistics ------------------------------------------------------------


class StatisticsRow(NamedTuple):
    group: str
    name: str
    count: int
    percent: float
    online: int
    online_percent: float


class StatisticsExportView(ExportMixin, View):
    """The statistics table of the portal (``/thu-tuc/thong-ke.<csv|xlsx>``)."""

    list_export = list(StatisticsRow._fields)
    export_headings = {
        "group": _("Group"),
        "name": _("Name"),
        "count": _("Procedures"),
        "percent": _("Share of all procedures (%)"),
        "online": _("Online"),
        "online_percent": _("Online share (%)"),
    }
    export_format = None  # set by the URL: csv or xlsx

    def get(self, request, *args, **kwargs):
        self.portal = portal_or_404(request)
        depends_on(request, CATALOGUE_TOPIC)
        rows = [StatisticsRow(force_str(row[0]), force_str(row[1]), *row[2:]) for row in table_rows(compute(portal=self.portal))]
        return self.as_spreadsheet(rows, self.export_format)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # A small table: answered whole (not streamed), so the page cache can keep it.
        streamed = super().as_spreadsheet(queryset, spreadsheet_format)
        content_type = streamed["Content-Type"]
        if spreadsheet_format == self.FORMAT_CSV:
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(b"".join(streamed.streaming_content), content_type=content_type)
        response["Content-Disposition"] = streamed["Content-Disposition"]
        return response

    def get_filename(self):
        return f"thong-ke-dich-vu-cong-{self.portal.codename}-{timezone.localdate():%Y%m%d}"
