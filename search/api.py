"""GET /api/search/?q=&portal=&kind=&page= (JSON, read-only)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import portal_from_param
from cms.cache import SEARCH_TOPIC, depends_on
from cms.openapi import (
    BAD_REQUEST,
    PORTAL,
    UNAVAILABLE,
    choice,
    integer,
    lazy_format,
    text,
)
from search import service
from search.query import FACETS, SORTS, SearchQuery

MAX_PAGE_SIZE = 50


class CopySerializer(serializers.Serializer):
    portal = serializers.CharField(help_text=gettext_lazy("Hostname of the portal that published the copy."))
    url = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=gettext_lazy("Stable id of the document in the index."))
    kind = serializers.CharField(help_text=gettext_lazy("What it is: news, legal_document, procedure, page ..."))
    portal = serializers.CharField(allow_null=True, help_text=gettext_lazy("Hostname of the portal that published it."))
    title = serializers.CharField()
    url = serializers.CharField()
    date = serializers.CharField(allow_null=True, help_text=gettext_lazy("ISO 8601 date or date and time."))
    highlight = serializers.CharField(help_text=gettext_lazy("Escaped text with <mark> around the matched words."))
    also_on = CopySerializer(
        many=True, help_text=gettext_lazy("The same text published by other portals (shown once, as this result).")
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=gettext_lazy("The value to filter by (a hostname for portal)."))
    label = serializers.CharField()
    count = serializers.IntegerField()


class SearchFacetsSerializer(serializers.Serializer):
    portal = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    category = FacetValueSerializer(many=True)
    document_type = FacetValueSerializer(many=True)
    issuer = FacetValueSerializer(many=True)
    field = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    total_is_lower_bound = serializers.BooleanField(help_text=gettext_lazy("True when counting stopped (more than total)."))
    took_ms = serializers.FloatField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
    facets = SearchFacetsSerializer(help_text=gettext_lazy("Counts per value of each facet, biggest first."))
    message = serializers.CharField(required=False, help_text=gettext_lazy("A note on the query or the page, when there is one."))
    suggestion = serializers.CharField(
        required=False, help_text=gettext_lazy("Nothing found: a query of the index's own words that finds something.")
    )


FACET_PARAMETERS = [
    text("kind", gettext_lazy("Only this kind of content (news, legal_document, procedure, page); several separated by commas.")),
    text("category", gettext_lazy("Facet filter: category.")),
    text("document_type", gettext_lazy("Facet filter: legal document type.")),
    text("issuer", gettext_lazy("Facet filter: issuing body.")),
    text("field", gettext_lazy("Facet filter: field.")),
    text("year", gettext_lazy("Facet filter: year; several separated by commas.")),
]


# Content languages a search may be limited to, or all of them.
LANGUAGE_CHOICES = (*(code for code, _name in settings.LANGUAGES), "all")


def _positive(request, name, default, maximum):
    raw = (request.query_params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ValidationError({name: _("Must be a whole number from 1 to %(max)s.") % {"max": maximum}})
    return int(raw)


class SearchAPIView(APIView):
    @extend_schema(
        summary=gettext_lazy("Search the whole network"),
        parameters=[
            text(
                "q",
                gettext_lazy("The words to look for (with or without Vietnamese marks), or a document number such as 17/NQ-CP."),
                required=True,
            ),
            PORTAL,
            integer("page", gettext_lazy("Page number, from 1."), minimum=1, maximum=100_000),
            integer(
                "page_size",
                lazy_format(gettext_lazy("Results per page, from 1 to %(max)s."), max=MAX_PAGE_SIZE),
                minimum=1,
                maximum=MAX_PAGE_SIZE,
            ),
            choice("sort", SORTS, gettext_lazy("relevance (default) or date (newest first).")),
            choice(
                "language",
                LANGUAGE_CHOICES,
                gettext_lazy(
                    "Content in this language only (vi: the Vietnamese site, en: the English site); all (default): every language."
                ),
            ),
            *FACET_PARAMETERS,
        ],
        responses={200: SearchResponseSerializer, 400: BAD_REQUEST, 503: UNAVAILABLE},
    )
    def get(self, request):
        depends_on(request, SEARCH_TOPIC)
        text = request.query_params.get("q", "")
        portal = portal_from_param(request)
        page = _positive(request, "page", 1, 100_000)
        page_size = _positive(request, "page_size", 10, MAX_PAGE_SIZE)
        sort = request.query_params.get("sort") or "relevance"
        if sort not in ("relevance", "date"):
            raise ValidationError({"sort": _("Sort by relevance or date.")})
        language = request.query_params.get("language") or "all"
        if language not in LANGUAGE_CHOICES:
            raise ValidationError({"language": _("Choose one of: %(choices)s.") % {"choices": ", ".join(LANGUAGE_CHOICES)}})
        query = SearchQuery(
            text=text,
            **service.scope_arguments(portal),
            filters=service.read_filters(request.query_params, exclude=("portal",)),
            sort=sort,
            page=page,
            page_size=page_size,
            language=None if language == "all" else language,
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
                    {
                        "value": str(self._facet_value(outcome, name, value)),
                        "label": str(service.value_label(outcome, name, value)),
                        "count": count,
                    }
                    for value, count in results.facets.get(name, [])
                ]
                for name in FACETS
            },
        }
        if query.parsed.truncated:
            body["message"] = _("The query was shortened to its first 200 characters and 12 words.")
        if not results.hits and results.total:
            body["message"] = _("This page is past the last page of results.")
        if results.suggestion:
            body["suggestion"] = results.suggestion
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
            "also_on": [
                {"portal": outcome.portals[pk].site.hostname, "url": url} for pk, url in hit.also_on if pk in outcome.portals
            ],
        }
