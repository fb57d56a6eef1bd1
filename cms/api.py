"""One style for every open-data API under /api/<plugin>/.

JSON only, read-only, paginated ({"count", "page", "pages", "next",
"previous", "results"}) and filtered by ``portal`` = a portal's hostname.
Plugins build their list endpoints on :class:`PortalListAPIView`.
"""

from django.utils.translation import gettext as _
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from sites.models import Portal


class PortalPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Trang không tồn tại."

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw != "last" and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({"page": _("The page number must be a positive whole number.")})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(_("Page %(page)s does not exist.") % {"page": raw}) from None

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


def portal_from_param(request, required=False):
    """The portal named by ``?portal=<hostname>``; None when absent."""
    hostname = (request.query_params.get("portal") or "").strip().lower()
    if any(ord(ch) < 32 for ch in hostname) or len(hostname) > 255:
        raise ValidationError({"portal": _("No portal has the hostname %(host)s.") % {"host": hostname[:100].encode("unicode_escape").decode()}})
    if not hostname:
        if required:
            raise ValidationError({"portal": _("Choose a portal (the portal parameter is a hostname).")})
        return None
    portal = Portal.objects.select_related("site").filter(site__hostname=hostname).first()
    if portal is None:
        raise ValidationError({"portal": _("No portal has the hostname %(host)s.") % {"host": hostname[:100]}})
    return portal


class PortalListAPIView(generics.ListAPIView):
    """A read-only list filtered by ``?portal=hostname``.

    ``portal_lookup`` is the ORM path from the listed model to its Portal.
    ``plugin_name``, when set, keeps only portals that have the plugin on.
    """

    pagination_class = PortalPagination
    portal_lookup = "portal"
    plugin_name = None

    def filter_by_portal(self, queryset):
        portal = portal_from_param(self.request)
        if portal is not None:
            queryset = queryset.filter(**{self.portal_lookup: portal})
        if self.plugin_name:
            enabled = [p.pk for p in Portal.objects.only("pk", "enabled_plugins") if p.has_plugin(self.plugin_name)]
            queryset = queryset.filter(**{f"{self.portal_lookup}__in": enabled})
        return queryset

    def get_queryset(self):
        return self.filter_by_portal(super().get_queryset())
