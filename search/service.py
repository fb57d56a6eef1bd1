"""What the search page and the JSON API share: reading the request, running
the query on the engine, naming facet values."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from wagtail.coreutils import get_content_languages

from search.engines import EngineUnavailable, get_engine
from search.query import DOCUMENT_FACETS, FACETS, PAGE_SIZE, SearchQuery, SearchResults

MAX_FILTER_VALUES = 10


def facet_labels():
    return {
        "portal": _("Portal"),
        "kind": _("Content type"),
        "category": _("Category"),
        "document_type": _("Document type"),
        "issuer": _("Issuer"),
        "field": pgettext("subject field", "Field"),
        "year": _("Year"),
    }


def read_filters(params, exclude=()) -> dict[str, list[str]]:
    filters = {}
    for name in FACETS:
        if name in exclude:
            continue
        values = []
        for raw in params.getlist(name)[:MAX_FILTER_VALUES]:
            for value in str(raw).split(",") if name in ("kind", "year") else [raw]:
                value = value.strip()[:200]
                if name == "portal" and value and not (value.isdigit() and int(value) < 2**63):
                    value = "0"  # a portal is named by its database id; no portal has this one: matches nothing
                if value and value not in values:
                    values.append(value)
        if values:
            filters[name] = values
    return filters


def default_scope(portal) -> str:
    if portal is None or portal.is_network_root or portal.level.code == "province":
        return "network"
    return "portal"


def scope_ids(portal, scope: str) -> tuple[int, ...]:
    if scope == "network" or portal is None:
        return ()
    return (portal.pk,)


def scope_arguments(portal, scope: str = "portal") -> dict:
    """The SearchQuery arguments of a search of ``portal`` (``scope`` "portal") or of the
    whole network: the portal and its members, and the documents its ancestors share
    with its level (SearchDocument.shared_levels) but of kinds whose plugin it has off."""
    ids = scope_ids(portal, scope)
    if not ids or portal.is_network_root:
        return {"scope": ids}
    from search.providers import all_providers

    level = portal.level.code
    return {
        "scope": ids,
        "shared": tuple((ancestor.pk, level) for ancestor in portal.ancestors),
        "shared_except_kinds": tuple(p.kind for p in all_providers() if p.plugin_name and not portal.has_plugin(p.plugin_name)),
    }


@dataclass
class Outcome:
    query: SearchQuery
    results: SearchResults
    error: str = ""
    portals: dict = field(default_factory=dict)  # id -> Portal
    kind_labels: dict = field(default_factory=dict)


def run(query: SearchQuery) -> Outcome:
    from search.providers import kind_labels
    from sites.models import Portal

    error = ""
    try:
        engine = get_engine()
        results = engine.search(query)
        if not results.total and query.page == 1:
            results.suggestion = engine.suggest(query)
    except EngineUnavailable:
        results = SearchResults(page=query.page, page_size=query.page_size)
        error = _("Search is temporarily unavailable. Please try again in a few minutes.")
    wanted = {hit.portal_id for hit in results.hits}
    wanted |= {pk for hit in results.hits for pk, _url in hit.also_on}
    wanted |= {int(value) for value, _count in results.facets.get("portal", []) if str(value).isdigit()}
    wanted |= {int(v) for v in query.filters.get("portal", []) if str(v).isdigit()}
    portals = {p.pk: p for p in Portal.objects.select_related("site").filter(pk__in=wanted)} if wanted else {}
    return Outcome(query=query, results=results, error=error, portals=portals, kind_labels=kind_labels())


def value_label(outcome: Outcome, facet: str, value: str) -> str:
    if facet == "portal":
        portal = outcome.portals.get(int(value)) if str(value).isdigit() else None
        return portal.name if portal else str(value)
    if facet == "kind":
        return outcome.kind_labels.get(value, value)
    return value


__all__ = ["DOCUMENT_FACETS", "PAGE_SIZE", "Outcome", "default_scope", "read_filters", "run", "scope_arguments", "scope_ids"]


def content_language(code: str | None = None) -> str:
    """The content language a search filters by: ``code`` (the request's language when
    not given) as one of the site's content languages (``vi``, ``en``), else the default."""
    languages = get_content_languages()
    code = (code or get_language() or settings.LANGUAGE_CODE).lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE
