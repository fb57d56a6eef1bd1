"""Admin views of the network: the network report (freshness of every portal) and the
translation report (what waits for an English version)."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from registry.plugins import registry
from sites import oversight
from sites.models import OversightSnapshot, Portal, PortalLevel, StarterPage
from sites.permissions import is_network_admin, portals_for_user, remembered

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


STATUS_LABELS = {
    "missing": _("missing"),
    "draft": _("draft, not published"),
    "outdated": _("older than the Vietnamese page"),
    "current": _("up to date"),
}


class TranslationReportFilterSet(django_filters.FilterSet):
    """The translation report's filters: one of the user's portals, a status."""

    portal = django_filters.ModelChoiceFilter(label=_("Portal"), queryset=Portal.objects.none(), method="in_portal")
    status = django_filters.ChoiceFilter(
        label=_("English version"), choices=[(k, v) for k, v in STATUS_LABELS.items() if k != "current"], method="with_status"
    )

    class Meta:
        model = Page
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["portal"].queryset = portals_for_user(request.user).order_by("level__rank", "name")

    def in_portal(self, queryset, name, portal):
        home = portal.site.root_page
        return queryset.filter(path__startswith=home.path, depth__gt=home.depth)

    def with_status(self, queryset, name, status):
        return queryset.filter(status=status)


class TranslationReportView(ReportView):
    """Untranslated content (issue #14): per portal, the required pages (the starter
    kit's sections: introduction, organisation, leaders, contact, news …) with no live
    version in the other language, and every page whose translation is a draft or older
    than its Vietnamese source. Staff see their own portals; network admins every
    portal, with a portal filter."""

    page_title = _("Translation status")
    header_icon = "globe"
    template_name = "sites/translation_report.html"
    results_template_name = "sites/translation_report_results.html"
    index_url_name = "sites_translation_report"
    index_results_url_name = "sites_translation_report_results"
    filterset_class = TranslationReportFilterSet
    paginate_by = 100
    list_export = [
        "portal_name",
        "title",
        "url_path",
        "required",
        "status_label",
        "last_published_at",
        "translation_published_at",
    ]
    export_headings = {
        "portal_name": _("portal name"),
        "title": _("page"),
        "url_path": _("address"),
        "required": _("required"),
        "status_label": _("English version"),
        "last_published_at": _("Vietnamese published"),
        "translation_published_at": _("English published"),
    }

    def get_queryset(self):
        portals = portals_for_user(self.request.user, Portal.objects.select_related("site__root_page"))
        self.portal_by_path = {p.site.root_page.path: p for p in portals}
        source = Locale.get_default()
        target = Locale.objects.exclude(pk=source.pk).first()
        if target is None or not self.portal_by_path:
            return Page.objects.none()
        under = Q()
        for path in self.portal_by_path:
            under |= Q(path__startswith=path, depth__gt=len(path) // Page.steplen)
        pages = Page.objects.filter(under, locale=source, live=True).annotate(
            required=Exists(StarterPage.objects.filter(page_id=OuterRef("pk")))
        )
        qs = oversight.annotate_translation_status(pages, target)
        # Left out: what is up to date, and pages nobody has to translate that have no translation.
        return qs.exclude(status="current").exclude(required=False, status="missing").order_by("path")

    def decorate_paginated_queryset(self, object_list):
        homes = sorted(self.portal_by_path, key=len, reverse=True)
        for page in object_list:
            portal = next((self.portal_by_path[h] for h in homes if page.path.startswith(h)), None)
            page.portal_name = portal.name if portal else ""
            page.status_label = STATUS_LABELS[page.status]
        return object_list

    def to_row_dict(self, item):
        if not hasattr(item, "status_label"):
            self.decorate_paginated_queryset([item])
        return super().to_row_dict(item)


def oversight_portals(user):
    """Portals whose oversight ``user`` sees: every one for network admins; for a portal's
    moderators and administrators, their own (editors write, they do not oversee)."""
    return portals_for_user(user, Portal.objects.select_related("level", "parent", "site"), roles=("moderators", "admins"))


def oversees(user) -> bool:
    """Whether ``user`` oversees some portal (the menu item and the dashboard panel ask on every page)."""
    return remembered(user, "oversees", lambda: oversight_portals(user).exists())


class OversightFilterSet(django_filters.FilterSet):
    level = django_filters.ModelChoiceFilter(label=_("Level"), queryset=PortalLevel.objects.order_by("rank"))
    parent = django_filters.ModelChoiceFilter(label=_("Parent portal"), queryset=Portal.objects.none())

    class Meta:
        model = Portal
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        parents = Portal.objects.filter(pk__in=oversight_portals(request.user).exclude(parent=None).values("parent_id"))
        self.filters["parent"].queryset = parents.order_by("level__rank", "name")


class OversightView(ReportView):
    """``/admin/oversight/``: every portal's freshness by content kind, duties checklist,
    overdue work, visits and score, lowest score first (``sites.oversight``); a chart of
    the network's freshness over time; CSV and XLSX export, one row per portal."""

    page_title = _("Network oversight")
    header_icon = "pick"
    template_name = "sites/oversight.html"
    results_template_name = "sites/oversight_results.html"
    index_url_name = "sites_oversight"
    index_results_url_name = "sites_oversight_results"
    filterset_class = OversightFilterSet
    paginate_by = 50
    export_filename = "oversight"

    def dispatch(self, request, *args, **kwargs):
        if not oversees(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.activities = oversight.all_activities()
        self.duties = oversight.all_duties()
        self.export_headings = {
            "name": _("portal name"),
            "level": _("level"),
            "parent": _("parent portal"),
            "last_update": _("last update"),
            "overdue": _("overdue items"),
            "visits": _("visits in the last 30 days"),
            "score": _("score"),
        }
        kinds = []
        for activity in self.activities:
            for suffix, heading in (
                ("last", _("%(kind)s: last update")),
                ("30", _("%(kind)s: last 30 days")),
                ("90", _("%(kind)s: last 90 days")),
            ):
                kinds.append(f"{activity.key}:{suffix}")
                self.export_headings[f"{activity.key}:{suffix}"] = heading % {"kind": activity.label}
        for duty in self.duties:
            self.export_headings[duty.key] = duty.label
        self.list_export = [
            "name",
            "level",
            "parent",
            "last_update",
            *kinds,
            *[d.key for d in self.duties],
            "overdue",
            "visits",
            "score",
        ]

    def get_queryset(self):
        return oversight_portals(self.request.user).order_by("level__rank", "name")

    def get_filtered_queryset(self):
        rows = oversight.oversee(self.filter_queryset(self.get_queryset()))
        return sorted(rows, key=lambda row: (row.score, row.portal.level.rank if row.portal.level else 0, row.portal.name))

    def to_row_dict(self, row):
        values = {
            "name": row.portal.name,
            "level": row.portal.level.name if row.portal.level else "",
            "parent": row.portal.parent.name if row.portal.parent else "",
            "last_update": row.last_update,
            "overdue": row.overdue_count,
            "visits": "" if row.visits is None else row.visits,
            "score": row.score,
        }
        for activity in self.activities:
            kind = row.kind(activity.key)
            values[f"{activity.key}:last"] = kind.last if kind else ""
            values[f"{activity.key}:30"] = kind.counts[0] if kind else ""
            values[f"{activity.key}:90"] = kind.counts[1] if kind else ""
        for duty in self.duties:
            met = row.duty_met(duty.key)
            values[duty.key] = "" if met is None else (_("yes") if met else _("no"))
        return {field: values[field] for field in self.list_export}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activities"] = self.activities
        context["duties"] = self.duties
        portal_ids = None if is_network_admin(self.request.user) else list(self.get_queryset().values_list("pk", flat=True))
        context["chart"] = freshness_chart(oversight.freshness_series(portal_ids))
        return context


def freshness_chart(series, width=640, height=160):
    """Points of the chart (an inline SVG in the template): the mean score and the share of
    fresh portals per recorded day, both 0-100."""
    if not series:
        return None
    step = width / max(1, len(series) - 1)

    def points(key):
        return " ".join(f"{round(i * step, 1)},{round(height - item[key] * height / 100, 1)}" for i, item in enumerate(series))

    return {
        "width": width,
        "height": height,
        "mean": points("mean"),
        "fresh": points("fresh_share"),
        "first": series[0],
        "last": series[-1],
        "days": len(series),
    }


class OversightPanel(Component):
    """The admin home's panel: what of the user's own portals is stale, unmet or overdue.
    Network admins get the network's count from the latest daily snapshot (no gathering
    on every home page view) and a link to the dashboard."""

    name = "oversight"
    template_name = "sites/oversight_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = {"dashboard_url": None, "rows": [], "network": None}
        if oversees(self.user):
            context["dashboard_url"] = reverse("sites_oversight")
        if is_network_admin(self.user):
            latest = OversightSnapshot.objects.order_by("-day").values_list("day", flat=True).first()
            if latest:
                snapshots = OversightSnapshot.objects.filter(day=latest)
                context["network"] = {
                    "day": latest,
                    "stale": snapshots.filter(stale_kinds__gt=0).count(),
                    "total": snapshots.count(),
                }
            return context
        portals = portals_for_user(self.user, Portal.objects.select_related("level"))
        context["rows"] = [row for row in oversight.oversee(portals) if row.needs_attention]
        return context
