"""The public search page (each theme's layout; works without JavaScript)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from search import service
from search.normalize import MAX_QUERY_CHARS
from search.query import FACETS, PAGE_SIZE, SearchQuery


def _page_number(raw: str) -> tuple[int, bool]:
    raw = (raw or "1").strip()
    if raw.isdigit() and 1 <= int(raw) <= 100_000:
        return int(raw), True
    return 1, False


def search_page(request):
    portal = getattr(request, "portal", None) or None
    params = request.GET
    text = params.get("q", "")
    scope = params.get("scope") if params.get("scope") in ("network", "portal") else service.default_scope(portal)
    if portal is None:
        scope = "network"
    sort = params.get("sort") if params.get("sort") in ("relevance", "date") else "relevance"
    page, page_ok = _page_number(params.get("page"))
    filters = service.read_filters(params)
    query = SearchQuery(text=text, scope=service.scope_ids(portal, scope), filters=filters, sort=sort, page=page)
    messages = []
    if not page_ok:
        messages.append(_("The page number was not valid, so the first page is shown."))
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
    state = {"q": parsed.raw if not parsed.empty else text[:MAX_QUERY_CHARS], "scope": scope, "sort": sort, **filters}

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
        "active_filters": [],
        "facet_groups": [],
        "hits": [],
        "pagination": None,
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
        for hit in results.hits:
            portal_obj = outcome.portals.get(hit.portal_id)
            context["hits"].append(
                {
                    "hit": hit,
                    "kind_label": outcome.kind_labels.get(hit.kind, hit.kind),
                    "portal_name": portal_obj.name if portal_obj else "",
                }
            )
        pages = results.pages
        if results.total and page > pages:
            messages.append(_("Page %(page)s is past the last page of results (%(pages)s).") % {"page": page, "pages": pages})
        if results.total and pages > 1:
            window = [n for n in range(max(1, page - 2), min(pages, page + 2) + 1)]
            context["pagination"] = {
                "page": page,
                "pages": pages,
                "previous": link(page=page - 1) if 1 < page <= pages else "",
                "next": link(page=page + 1) if page < pages else "",
                "first": link(page=1),
                "last": link(page=pages),
                "window": [{"number": n, "url": link(page=n), "current": n == page} for n in window],
            }
        context["first_index"] = (page - 1) * PAGE_SIZE + 1
    response = TemplateResponse(request, "search/search_page.html", context)
    return response
