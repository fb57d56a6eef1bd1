from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin

from .models import Spokesperson


class SpokespersonViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = Spokesperson
    icon = "user"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "position", "portal", "term_start", "term_end"]
    search_fields = ["name", "position", "decision_number"]
    search_backend_name = None  # plain database filter: no search index to keep per portal
    inspect_view_enabled = True
    copy_view_enabled = False


register_snippet(SpokespersonViewSet)
