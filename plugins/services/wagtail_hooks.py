"""Admin: the procedure catalogue and its lists (fields, service levels).

* Procedures: network admins edit all; a portal's editors and moderators see
  and edit only the procedures whose implementing agency is their portal
  (declared in plugin.py: ``editor_models={"services.Procedure": "agency_portal"}``).
* Fields and service levels: network-wide lists, network admins only.

The procedure listing downloads as CSV or XLSX through Wagtail's own export
(``list_export``; see ``exports.py``), scoped like the listing.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_scoping import PortalScopedViewSetMixin

from .exports import PROCEDURE_EXPORT, ProcedureIndexView
from .models import Procedure, ProcedureField, ServiceLevel


class ProcedureViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = Procedure
    icon = "list-ul"
    menu_label = pgettext_lazy("administrative procedures", "Procedures")  # bare "Procedures" is a count column
    list_display = ["code", "name", "field", "level", "agency_portal"]
    list_filter = ["field", "level", "tiers"]
    search_fields = ["code", "name", "agency_name"]
    inspect_view_enabled = True
    list_per_page = 50
    ordering = ["code"]
    index_view_class = ProcedureIndexView
    list_export = list(PROCEDURE_EXPORT)
    export_headings = PROCEDURE_EXPORT
    export_filename = "thu-tuc-hanh-chinh"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # scoped to the user's portals
        return queryset.select_related("field", "level", "agency_portal__site").prefetch_related("tiers")


class ProcedureFieldViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = ProcedureField
    icon = "tag"
    menu_label = _("Procedure fields")
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]


class ServiceLevelViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = ServiceLevel
    icon = "tasks"
    menu_label = _("Service levels")
    list_display = ["name", "code", "is_online", "is_legacy", "sort_order"]


class ServicesViewSetGroup(SnippetViewSetGroup):
    items = (ProcedureViewSet, ProcedureFieldViewSet, ServiceLevelViewSet)
    menu_icon = "list-ul"
    menu_label = _("Public services")
    menu_name = "public-services"


register_snippet(ServicesViewSetGroup)
