"""Hostile input is refused in one place: :class:`HostileInputMiddleware`.

A NUL byte that reaches PostgreSQL makes it raise ("A string literal cannot
contain NUL"), so a single ``?year=%00`` used to answer 500 wherever a view
forgot to strip it. Rather than cleaning every parameter in every view, the
request is refused with 400 before any view, any cache and any query runs when

* the path or the query string holds a C0 control character or DEL, as a raw
  byte or percent-encoded (``%00``, ``%1F``, ``%7F`` ...);
* the path or the query string is not valid UTF-8 once percent-decoded
  (``%C3%28``, ``%FF``);
* a field of a urlencoded or multipart form (its name, its value, an uploaded
  file's name; never a file's contents) holds a C0 control character other than
  tab, carriage return and line feed.

Browsers never send such bytes from a page of ours: they come from fuzzers,
scanners and broken clients, who get a short page in Vietnamese (English under
/en/) or, under /api/, the JSON ``{"detail": "..."}`` every API error uses.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Paths and query strings: every C0 control character and DEL.
URL_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
# Form fields: C0 except tab, line feed and carriage return (a textarea sends those).
FORM_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What django.core.handlers.wsgi left of bytes that are not UTF-8 (repercent_broken_unicode).
REPERCENTED = re.compile(r"(?:%[89A-F][0-9A-F])+")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _wsgi_bytes(value: str) -> bytes:
    """A WSGI environ string holds the raw bytes decoded as ISO-8859-1; an ASGI one is text."""
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _bad_url_part(raw: bytes) -> bool:
    """Control characters (raw or percent-encoded) or invalid UTF-8 once decoded."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if URL_CONTROL.search(raw) or URL_CONTROL.search(decoded):
        return True
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def path_problem(request) -> str | None:
    # The server percent-decoded the path already (a "%2500" is the text "%00", not a
    # NUL); Django then percent-encodes again the bytes that are not UTF-8, in upper
    # case. Such a run that still does not decode is a broken path; a double-encoded
    # but valid one ("%C3%A0" typed as text) is left to the views (a 404).
    path = request.path_info or ""
    if URL_CONTROL.search(path.encode("utf-8", "surrogatepass")):
        return "path"
    for run in REPERCENTED.findall(path):
        try:
            unquote_to_bytes(run).decode("utf-8")
        except UnicodeDecodeError:
            return "path"
    return None


def query_problem(request) -> str | None:
    raw = _wsgi_bytes(request.META.get("QUERY_STRING", "") or "")
    return "query" if raw and _bad_url_part(raw) else None


def form_problem(request) -> str | None:
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return None
    # Reading the form here is what CsrfViewMiddleware does too; Django keeps the
    # parsed fields for the view (and Django REST framework reuses them).
    for name, values in request.POST.lists():
        if FORM_CONTROL.search(name) or any(FORM_CONTROL.search(value) for value in values):
            return "form"
    for name, files in request.FILES.lists():
        if FORM_CONTROL.search(name) or any(FORM_CONTROL.search(f.name or "") for f in files):
            return "form"
    return None


def refusal(request, where: str):
    path = request.path_info or "/"
    language = "en" if path.startswith("/en/") else settings.LANGUAGE_CODE
    with translation.override(language):
        message = _(
            "The address or the form holds characters that are not allowed "
            "(control characters or bytes that are not UTF-8). Check it and try again."
        )
        if path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=400)
        else:
            title = _("Bad request")
            home = _("Back to the home page")
            response = HttpResponse(
                f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title></head>'
                f'<body><main><h1>{escape(title)}</h1><p>{escape(message)}</p><p><a href="/">{escape(home)}</a></p></main></body></html>\n',
                status=400,
                content_type="text/html; charset=utf-8",
            )
    response["Cache-Control"] = "no-store"
    logger.info("Refused hostile input in %s: %s %r", where, request.method, path[:200])
    return response


class HostileInputMiddleware:
    """Answers 400 to control characters and invalid UTF-8 (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = path_problem(request) or query_problem(request) or form_problem(request)
        if where:
            return refusal(request, where)
        return self.get_response(request)
