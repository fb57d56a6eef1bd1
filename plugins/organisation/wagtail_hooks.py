"""Admin: Tổ chức bộ máy (units, leaders, contact officials), each scoped to the user's
portals by the core (declared in plugin.py's ``editor_models``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_scoping import PortalScopedViewSetMixin

from .models import ContactOfficial, Leader, Unit


class UnitViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    list_display = ["name", "parent", "phone", "portal", "sort_order"]
    search_fields = ["name", "address", "phone", "email"]
    search_backend_name = None  # plain database filter: no search index to keep per portal
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["portal", "sort_order", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent", "portal")


class LeaderViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = Leader
    icon = "user"
    menu_label = _("Leaders")
    list_display = ["full_name", "position", "unit", "term", "portal", "sort_order"]
    search_fields = ["full_name", "position", "phone", "email"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["portal", "sort_order", "full_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "portal")


class ContactOfficialViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = ContactOfficial
    icon = "mail"
    menu_label = _("Contact officials")
    list_display = ["full_name", "position", "unit", "phone", "email", "portal"]
    search_fields = ["full_name", "position", "responsibility", "phone", "email"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["portal", "sort_order", "full_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "portal")


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (UnitViewSet, LeaderViewSet, ContactOfficialViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"
    menu_order = 310


register_snippet(OrganisationViewSetGroup)
