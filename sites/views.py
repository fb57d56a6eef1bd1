"""Admin views of the network: the network report (freshness of every portal) and the
translation report (what waits for an English version)."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from registry.plugins import registry
from sites.models import Portal, StarterPage
from sites.permissions import is_network_admin, portals_for_user

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
        translation = Page.objects.filter(translation_key=OuterRef("translation_key"), locale=target)
        under = Q()
        for path in self.portal_by_path:
            under |= Q(path__startswith=path, depth__gt=len(path) // Page.steplen)
        qs = (
            Page.objects.filter(under, locale=source, live=True)
            .annotate(
                required=Exists(StarterPage.objects.filter(page_id=OuterRef("pk"))),
                translation_id=Subquery(translation.values("pk")[:1]),
                translation_live=Subquery(translation.values("live")[:1]),
                translation_published_at=Subquery(translation.values("last_published_at")[:1]),
            )
            .annotate(
                status=Case(
                    When(translation_id__isnull=True, then=Value("missing")),
                    When(translation_live=False, then=Value("draft")),
                    When(translation_published_at__lt=F("last_published_at"), then=Value("outdated")),
                    default=Value("current"),
                )
            )
        )
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
