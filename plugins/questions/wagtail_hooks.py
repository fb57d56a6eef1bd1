from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin

from .models import Question


class QuestionViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    """A portal's editors and moderators see its questions; moderators publish answers."""

    model = Question
    icon = "help"
    menu_label = _("Questions and feedback")
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["subject", "name", "portal", "status", "created_at", "due_on", "published_at"]
    list_filter = ["status"]
    search_fields = ["subject", "content", "name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "portal",
        "name",
        "email",
        "phone",
        "subject",
        "content",
        "status",
        "tracking_code",
        "due_on",
        "forwarded_to_unit",
        "forwarded_at",
        "answer",
        "answered_by",
        "answered_at",
        "published_at",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("portal")


register_snippet(QuestionViewSet)
