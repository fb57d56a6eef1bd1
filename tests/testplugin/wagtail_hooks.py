from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin

from .models import Gadget


class GadgetViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = Gadget
    icon = "cog"
    list_display = ["name", "portal"]
    inspect_view_enabled = True
    panels = ["portal", "name"]


register_snippet(GadgetViewSet)
