"""One style for every open-data API under /api/<plugin>/.

JSON only, read-only, paginated ({"count", "page", "pages", "next",
"previous", "results"}) and filtered by ``portal`` = a portal's hostname.
Plugins build their list endpoints on :class:`PortalListAPIView`.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as FormValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from cms.openapi import PORTAL
from cms.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PAGE_PARAM, page_number
from sites.models import Portal


class PortalPagination(PageNumberPagination):
    """cms.pagination's page numbers and sizes, with an API's answers: a page number that
    is not a positive whole number is a wrong parameter (400), a page past the end 404."""

    page_size = DEFAULT_PAGE_SIZE
    page_query_param = PAGE_PARAM
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "Trang không tồn tại."

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw != "last" and page_number(raw) is None:
            raise ValidationError({"page": _("The page number must be a positive whole number.")})
        size = request.query_params.get(self.page_size_query_param, "")
        if size and not 1 <= (page_number(size) or 0) <= self.max_page_size:
            raise ValidationError(
                {"page_size": _("The page size must be a whole number from 1 to %(max)s.") % {"max": self.max_page_size}}
            )
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(_("Page %(page)s does not exist.") % {"page": raw}) from None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": str(_('Page number, from 1 ("last": the last page). Past the last page: 404.')),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": str(
                    _("Results per page, from 1 to %(max)s (default %(default)s).")
                    % {"max": self.max_page_size, "default": self.page_size}
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "page", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0, "example": 123},
                "page": {"type": "integer", "minimum": 1, "example": 2},
                "pages": {"type": "integer", "minimum": 1, "example": 7},
                "next": {**link, "example": "https://camau.gov.vn/api/news/?page=3"},
                "previous": {**link, "example": "https://camau.gov.vn/api/news/?page=1"},
                "results": schema,
            },
        }

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


class IdChoiceField(forms.ModelChoiceField):
    """A row chosen by its id. Text that is no id (letters, a number past 64 bits, which
    SQLite cannot even compare) is refused before the database is asked."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise FormValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:100]})
        return super().to_python(text)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter over :class:`IdChoiceField`."""

    field_class = IdChoiceField


YES = ("true", "1", "yes")
NO = ("false", "0", "no")


class YesNoField(forms.ChoiceField):
    """true/false (or 1/0, yes/no, any letter case) as True/False; anything else refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(value, value) for value in (*YES, *NO)])
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().lower()

    def clean(self, value):
        text = super().clean(value)
        return None if text == "" else text in YES


class YesNoFilter(django_filters.Filter):
    """A yes/no parameter; the FilterSet's ``method`` gets True or False."""

    field_class = YesNoField


def portal_from_param(request, required=False):
    """The portal named by ``?portal=<hostname>``; None when absent."""
    hostname = (request.query_params.get("portal") or "").strip().lower()
    if any(ord(ch) < 32 for ch in hostname) or len(hostname) > 255:
        raise ValidationError(
            {"portal": _("No portal has the hostname %(host)s.") % {"host": hostname[:100].encode("unicode_escape").decode()}}
        )
    if not hostname:
        if required:
            raise ValidationError({"portal": _("Choose a portal (the portal parameter is a hostname).")})
        return None
    portal = Portal.objects.select_related("site").filter(site__hostname=hostname).first()
    if portal is None:
        raise ValidationError({"portal": _("No portal has the hostname %(host)s.") % {"host": hostname[:100]}})
    return portal


@extend_schema(parameters=[PORTAL])
class PortalListAPIView(generics.ListAPIView):
    """A read-only list filtered by ``?portal=hostname``.

    ``portal_lookup`` is the ORM path from the listed model to its Portal.
    ``plugin_name``, when set, keeps only portals that have the plugin on.
    ``filterset_class``: the list's own filters, a django-filter FilterSet (a value it
    refuses answers 400 with the message under the parameter's name; drf-spectacular
    describes its parameters).
    """

    pagination_class = PortalPagination
    filter_backends = (DjangoFilterBackend,)
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


def api_not_found(request, *args, **kwargs):
    """/api/... that matches no route (an id that is not a number, a retired route):
    the JSON 404 every API answer uses, not the portal's HTML page."""
    return JsonResponse({"detail": _("No open-data API route has this address.")}, status=404)
