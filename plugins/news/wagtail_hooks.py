"""Admin: province moderators decide which offered articles the province shows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin
from cms.permissions import PortalPermissionPolicy
from plugins.news.models import SyndicationOffer
from sites.permissions import is_network_admin, remembered


def moderated_portal_ids(user):
    """Portals with member portals whose moderators group ``user`` belongs to."""
    from sites.models import Portal

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    # Only portals with member portals receive offers (the province).
    return remembered(
        user,
        "news.moderated_portal_ids",
        lambda: list(
            Portal.objects.filter(moderators_group__in=user.groups.all(), children__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        ),
    )


def offers_for(user, queryset=None):
    queryset = queryset if queryset is not None else SyndicationOffer.objects.all()
    if is_network_admin(user):
        return queryset
    return queryset.filter(portal_id__in=moderated_portal_ids(user))


class OfferPermissionPolicy(PortalPermissionPolicy):
    """Only moderators of the receiving province (and network admins) decide; nobody adds by hand.

    It replaces the core's default portal policy for this model, so every
    admin route that asks Wagtail's policy sees the offers of the provinces the
    user moderates only.
    """

    def scope(self, queryset, user):
        return offers_for(user, queryset)

    def user_can_see(self, user, instance):
        return instance is not None and instance.pk is not None and offers_for(user).filter(pk=instance.pk).exists()

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        if not super().user_has_permission(user, action):
            return False
        return is_network_admin(user) or bool(moderated_portal_ids(user))


register_permission_policy(SyndicationOffer, OfferPermissionPolicy(SyndicationOffer), exact_class=True)


class SyndicationOfferViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    model = SyndicationOffer
    icon = "globe"
    menu_label = _("News offered to the province")
    add_to_admin_menu = True
    menu_order = 250
    list_display = [
        Column("article", label=_("article"), accessor="article"),
        Column("source_portal", label=_("offered by"), accessor="source_portal"),
        Column("created_at", label=_("offered at"), accessor="created_at"),
        Column("status", label=_("decision"), accessor="get_status_display"),
        Column("decided_by", label=_("decided by"), accessor="decided_by"),
    ]
    list_filter = ["status"]
    inspect_view_enabled = True
    panels = ["status"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "source_portal", "decided_by")


register_snippet(SyndicationOfferViewSet)
