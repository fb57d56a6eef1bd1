from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin

from .models import LinkGroup


class LinkGroupViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = LinkGroup
    icon = "link"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "display", "portal"]
    search_fields = ["title"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False


register_snippet(LinkGroupViewSet)
