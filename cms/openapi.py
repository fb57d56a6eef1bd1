"""The open-data API described: OpenAPI 3 at /api/schema/, Swagger UI at /api/docs/.

drf-spectacular reads every Django REST framework view under /api/ (the core's
portals and search, each plugin's ``api_urls``); this module holds what the views
share in their description: the ``portal`` filter, the error bodies (400 names the
wrong parameter, 404 and 503 carry ``detail``) and the tags (one per plugin, described
by the plugin registry). cms/urls.py mounts the schema and the documentation page
(Swagger UI from the sidecar's files on this server, no CDN; its start-up script from
?script, so the page needs no inline script under the Content-Security-Policy).
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

API_PREFIX = "/api/"
DOCS_PATHS = ("/api/schema/", "/api/docs/")


class ParameterErrorSerializer(serializers.Serializer):
    """400: a message per wrong parameter (``{"year": "..."}``), or ``{"detail": "..."}``."""


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the reader's language."))


class ParameterErrorExtension(OpenApiSerializerExtension):
    target_class = "cms.openapi.ParameterErrorSerializer"

    def map_serializer(self, auto_schema, direction):
        text = {"type": "string"}
        return {
            "type": "object",
            "description": str(
                _(
                    "The parameters that were refused, each with a message (a text or a list of texts); "
                    '"detail" when the address itself was refused (control characters, bytes that are not UTF-8).'
                )
            ),
            "additionalProperties": {"oneOf": [text, {"type": "array", "items": text}]},
            "example": {"year": "Năm phải là số có bốn chữ số."},
        }


BAD_REQUEST = OpenApiResponse(ParameterErrorSerializer, description=_("A parameter is wrong; nothing was changed."))
NOT_FOUND = OpenApiResponse(DetailSerializer, description=_("Nothing has this id or code, or the page does not exist."))
UNAVAILABLE = OpenApiResponse(DetailSerializer, description=_("The search engine cannot answer right now; try again later."))

PORTAL = OpenApiParameter(
    "portal",
    OpenApiTypes.STR,
    description=_("Only this portal: its hostname (for example camau.gov.vn). An unknown hostname is refused (400)."),
)


class OpenDataSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus what every open-data route shares: no
    sign-in, and the error answers: 400 (a wrong parameter, or an address cms.hostile
    refused) always, 404 on a paginated list (past the last page) and on a route with
    path parameters."""

    def get_auth(self):
        return []  # open data: no sign-in, whatever authentication DRF has configured

    def get_description(self):
        return ""  # the views' docstrings are for developers of this code; extend_schema(description=) is for readers

    def _get_response_bodies(self, direction="response"):
        # Here rather than in get_response_serializers: extend_schema(responses=...) replaces that one.
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            added = {"400": BAD_REQUEST}
            if "{" in self.path or self._is_list_view() and self._get_paginator():
                added["404"] = NOT_FOUND
            for code, response in added.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses


def lazy_format(message, **values):
    """``message % values``, translated when the schema is rendered (its ?lang= or the request's language)."""
    return lazy(lambda: str(message) % values, str)()


def integer(name, description, minimum=None, maximum=None, **kwargs):
    """A whole-number query parameter with its bounds (the views answer 400 outside them)."""
    schema = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return OpenApiParameter(name, schema, description=description, **kwargs)


def text(name, description, **kwargs):
    return OpenApiParameter(name, OpenApiTypes.STR, description=description, **kwargs)


def choice(name, values, description, **kwargs):
    return OpenApiParameter(name, OpenApiTypes.STR, enum=list(values), description=description, **kwargs)


def only_open_data_routes(endpoints, **kwargs):
    """Preprocessing hook: the open-data API only (not the admin's own API, not the docs)."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(API_PREFIX) and path not in DOCS_PATHS
    ]


CORE_TAGS = {
    "portals": _("The portals of the network: level, parent, address, contacts, enabled plugins."),
    "search": _("One search over the whole network: news, legal documents, procedures, pages."),
}


def describe_tags(result, generator, request, public):
    """Postprocessing hook: a tag per route family, described by its plugin (the registry)."""
    from registry.plugins import registry

    descriptions = {name: str(text) for name, text in CORE_TAGS.items()}
    for plugin in registry.all():
        if plugin.api_urls:
            tag = plugin.api_prefix or plugin.name.replace("_", "-")
            descriptions[tag] = str(plugin.description or plugin.label)
    used = {tag for operations in result.get("paths", {}).values() for op in operations.values() for tag in op.get("tags", [])}
    result["tags"] = [{"name": tag, "description": descriptions.get(tag, "")} for tag in sorted(used)]
    return result
