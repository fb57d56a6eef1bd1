"""Admin: province moderators decide which offered articles the province shows."""

from __future__ import annotations

import functools

from django.http import Http404
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.admin_scoping import PortalScopedViewSetMixin
from plugins.news.models import SyndicationOffer
from sites.permissions import is_network_admin


def moderated_portal_ids(user):
    """Portals with member portals whose moderators group ``user`` belongs to."""
    from sites.models import Portal

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    # Only portals with member portals receive offers (the province).
    return list(
        Portal.objects.filter(moderators_group__in=user.groups.all(), children__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )


def offers_for(user, queryset=None):
    queryset = queryset if queryset is not None else SyndicationOffer.objects.all()
    if is_network_admin(user):
        return queryset
    return queryset.filter(portal_id__in=moderated_portal_ids(user))


class OfferPermissionPolicy(ModelPermissionPolicy):
    """Only moderators of the receiving province (and network admins) decide; nobody adds by hand."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        if not super().user_has_permission(user, action):
            return False
        return is_network_admin(user) or bool(moderated_portal_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and offers_for(user).filter(pk=instance.pk).exists()

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return SyndicationOffer.objects.none()
        return offers_for(user)


register_permission_policy(SyndicationOffer, OfferPermissionPolicy(SyndicationOffer))


def _moderator_guard(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        raw = kwargs.get("pk") or (args[0] if args else None)
        if raw is not None:
            try:
                allowed = offers_for(request.user).filter(pk=int(str(raw))).exists()
            except (TypeError, ValueError, OverflowError):
                allowed = False
            if not allowed:
                raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _guard_all(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _guard_all(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _moderator_guard(pattern.callback)
    return patterns


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
        return offers_for(request.user, super().get_queryset(request)).select_related(
            "article", "source_portal", "decided_by"
        )

    def get_urlpatterns(self):
        return _guard_all(super().get_urlpatterns())


register_snippet(SyndicationOfferViewSet)
