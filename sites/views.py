"""Admin views of the network: the network report (freshness of every portal)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from registry.plugins import registry
from sites.models import Portal
from sites.permissions import is_network_admin

STALE_AFTER_DAYS = 30


class NetworkReportView(ReportView):
    """Every portal with level, parent, hostname, plugins and last published change."""

    page_title = _("Portal network")
    header_icon = "site"
    template_name = "sites/network_report.html"
    results_template_name = "sites/network_report_results.html"
    index_url_name = "sites_network_report"
    index_results_url_name = "sites_network_report_results"
    paginate_by = 100
    list_export = ["name", "level.name", "parent_name", "hostname", "plugin_labels", "last_published_at"]
    export_headings = {
        "name": _("portal name"),
        "level.name": _("level"),
        "parent_name": _("parent portal"),
        "hostname": _("hostname"),
        "plugin_labels": _("enabled plugins"),
        "last_published_at": _("last published change"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_network_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = Portal.objects.select_related("site", "level", "parent").order_by("level__rank", "name")
        query = (self.request.GET.get("q") or "").strip()
        if query:
            qs = qs.filter(name__icontains=query[:100])
        return qs

    def decorate_paginated_queryset(self, object_list):
        stale_before = timezone.now() - datetime.timedelta(days=STALE_AFTER_DAYS)
        labels = {p.name: str(p.label) for p in registry.all()}
        for portal in object_list:
            portal.parent_name = portal.parent.name if portal.parent else ""
            portal.plugin_labels = ", ".join(labels.get(n, n) for n in portal.enabled_plugins or [])
            portal.is_stale = portal.last_published_at is None or portal.last_published_at < stale_before
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stale_after_days"] = STALE_AFTER_DAYS
        return context

    def to_row_dict(self, item):
        if not hasattr(item, "plugin_labels"):
            self.decorate_paginated_queryset([item])
        return super().to_row_dict(item)
