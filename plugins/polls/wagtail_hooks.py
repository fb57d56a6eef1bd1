from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin

from .models import Poll


class PollViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["question", "portal", "opens_at", "closes_at", Column("vote_total", label=_("Votes"), sort_key="vote_total")]
    search_fields = ["question"]
    inspect_view_enabled = True
    inspect_view_fields = ["portal", "question", "description", "opens_at", "closes_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("portal").annotate(vote_total=Count("votes"))


register_snippet(PollViewSet)
