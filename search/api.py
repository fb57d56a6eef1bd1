"""GET /api/search/?q=&portal=&kind=&page= (JSON, read-only)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import portal_from_param
from search import service
from search.query import FACETS, SearchQuery

MAX_PAGE_SIZE = 50


def _positive(request, name, default, maximum):
    raw = (request.query_params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ValidationError({name: _("Must be a whole number from 1 to %(max)s.") % {"max": maximum}})
    return int(raw)


class SearchAPIView(APIView):
    def get(self, request):
        text = request.query_params.get("q", "")
        portal = portal_from_param(request)
        page = _positive(request, "page", 1, 100_000)
        page_size = _positive(request, "page_size", 10, MAX_PAGE_SIZE)
        sort = request.query_params.get("sort") or "relevance"
        if sort not in ("relevance", "date"):
            raise ValidationError({"sort": _("Sort by relevance or date.")})
        query = SearchQuery(
            text=text,
            scope=(portal.pk,) if portal else (),
            filters=service.read_filters(request.query_params, exclude=("portal",)),
            sort=sort,
            page=page,
            page_size=page_size,
        )
        if query.parsed.empty:
            raise ValidationError({"q": _("Type a word to search for (letters or digits).")})
        outcome = service.run(query)
        if outcome.error:
            return Response({"detail": outcome.error}, status=503)
        results = outcome.results
        body = {
            "total": results.total,
            "total_is_lower_bound": results.total_is_lower_bound,
            "took_ms": round(results.took_ms, 1),
            "page": results.page,
            "pages": results.pages,
            "results": [self._hit(outcome, hit) for hit in results.hits],
            "facets": {
                name: [
                    {"value": self._facet_value(outcome, name, value), "label": service.value_label(outcome, name, value), "count": count}
                    for value, count in results.facets.get(name, [])
                ]
                for name in FACETS
            },
        }
        if query.parsed.truncated:
            body["message"] = _("The query was shortened to its first 200 characters and 12 words.")
        if not results.hits and results.total:
            body["message"] = _("This page is past the last page of results.")
        return Response(body)

    @staticmethod
    def _facet_value(outcome, name, value):
        if name == "portal" and str(value).isdigit():
            portal = outcome.portals.get(int(value))
            return portal.site.hostname if portal else value
        return value

    @staticmethod
    def _hit(outcome, hit):
        portal = outcome.portals.get(hit.portal_id)
        date = hit.date
        if date is not None and hasattr(date, "hour"):
            date = timezone.localtime(date) if timezone.is_aware(date) else date
        return {
            "id": hit.id,
            "kind": hit.kind,
            "portal": portal.site.hostname if portal else None,
            "title": hit.title,
            "url": hit.url,
            "date": date.isoformat() if date else None,
            "highlight": hit.highlight,
        }
