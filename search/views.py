"""The public search page (each theme's layout; works without JavaScript)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.cache import SEARCH_TOPIC, depends_on
from cms.middleware import current_portal
from cms.pagination import page_number, paginate
from search import service
from search.normalize import MAX_QUERY_CHARS
from search.query import FACETS, PAGE_SIZE, TOTAL_CAP, SearchQuery


def search_page(request):
    portal = current_portal(request)
    depends_on(request, SEARCH_TOPIC)
    params = request.GET
    text = params.get("q", "")
    scope = params.get("scope") if params.get("scope") in ("network", "portal") else service.default_scope(portal)
    if portal is None:
        scope = "network"
    sort = params.get("sort") if params.get("sort") in ("relevance", "date") else "relevance"
    # A ?page= that names no page: the first page is searched (to count the pages for the
    # message) and the answer is cms.pagination's 404, without hits.
    page = min(page_number(params.get("page")) or 1, 100_000)
    filters = service.read_filters(params)
    # Content in the site's language (the English site searches English), or every
    # language with ?languages=all.
    all_languages = params.get("languages") == "all"
    language = service.content_language()
    query = SearchQuery(
        text=text,
        **service.scope_arguments(portal, scope),
        filters=filters,
        sort=sort,
        page=page,
        language=None if all_languages else language,
    )
    messages = []
    outcome = None
    parsed = query.parsed
    if text.strip() and parsed.empty:
        messages.append(_("Your search has no letters or digits to look for. Please type a word."))
    if parsed.truncated:
        messages.append(
            _("Your search was very long: only the first %(chars)s characters and %(words)s words were used.")
            % {"chars": MAX_QUERY_CHARS, "words": 12}
        )
    if not parsed.empty:
        outcome = service.run(query)
    state = {
        "q": parsed.raw if not parsed.empty else text[:MAX_QUERY_CHARS],
        "scope": scope,
        "sort": sort,
        "languages": "all" if all_languages else None,
        **filters,
    }

    def link(**changes):
        values = {**state, **changes}
        pairs = []
        for key, value in values.items():
            if value in (None, "", []):
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, item))
        return "?" + urlencode(pairs)

    context = {
        "query_text": state["q"],
        "scope": scope,
        "sort": sort,
        "messages_list": messages,
        "outcome": outcome,
        "member_portal": portal is not None and service.default_scope(portal) == "portal",
        "network_link": link(scope="network", page=None),
        "portal_link": link(scope="portal", page=None),
        "sort_links": {"relevance": link(sort="relevance", page=None), "date": link(sort="date", page=None)},
        "all_languages": all_languages,
        "languages_link": link(languages=None if all_languages else "all", page=None),
        "suggestion_link": link(q=outcome.results.suggestion, page=None) if outcome and outcome.results.suggestion else "",
        "active_filters": [],
        "facet_groups": [],
        "hits": [],
        "pagination": None,
        "status": 200,
        "search_ran": outcome is not None,
    }
    labels = service.facet_labels()
    for name, values in filters.items():
        for value in values:
            remaining = [v for v in values if v != value]
            label = service.value_label(outcome, name, value) if outcome else value
            context["active_filters"].append(
                {"facet": labels[name], "label": label, "remove": link(**{name: remaining}, page=None)}
            )
    if outcome is not None:
        results = outcome.results
        pagination = paginate(request, range(min(results.total, TOTAL_CAP)), query.page_size)
        context["pagination"], context["status"] = pagination, pagination.status
        for name in FACETS:
            if name == "portal" and scope == "portal" and not filters.get("portal"):
                continue
            items = []
            for value, count in results.facets.get(name, [])[:15]:
                selected = value in filters.get(name, [])
                new = [v for v in filters.get(name, []) if v != value] if selected else [*filters.get(name, []), value]
                items.append(
                    {
                        "label": service.value_label(outcome, name, value),
                        "count": count,
                        "selected": selected,
                        "url": link(**{name: new}, page=None),
                    }
                )
            if items:
                context["facet_groups"].append({"name": name, "label": labels[name], "items": items})
        for hit in results.hits if pagination.page is not None else ():
            portal_obj = outcome.portals.get(hit.portal_id)
            context["hits"].append(
                {
                    "hit": hit,
                    "kind_label": outcome.kind_labels.get(hit.kind, hit.kind),
                    "portal_name": portal_obj.name if portal_obj else "",
                    "also_on": [
                        {"name": outcome.portals[pk].name, "url": url} for pk, url in hit.also_on if pk in outcome.portals
                    ],
                }
            )
        context["first_index"] = (page - 1) * PAGE_SIZE + 1
    return TemplateResponse(request, "search/search_page.html", context, status=context["status"])
