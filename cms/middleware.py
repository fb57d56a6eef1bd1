"""Attach the requested portal to each request."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from sites.models import Portal


def portal_for_request(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return Portal.objects.select_related("site", "level", "parent__site").filter(site_id=site.pk).first()


class PortalMiddleware:
    """``request.portal``: the portal of the hostname, or the network's default
    portal for an unknown hostname (Wagtail's default site); None when neither
    exists, which the page views turn into a plain 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.portal = SimpleLazyObject(lambda: portal_for_request(request))
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """400 for a NUL byte in the query string or a form field.

    No text a person types contains one, and PostgreSQL refuses it in text
    columns (a 500 in any view that filters on it), so it is refused once here
    for every route of the core and of every plugin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return self._refuse()
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                fields = request.POST
            except Exception:  # malformed bodies are Django's to refuse later
                fields = {}
            if any("\x00" in key or any("\x00" in v for v in fields.getlist(key)) for key in fields):
                return self._refuse()
        return self.get_response(request)

    @staticmethod
    def _refuse():
        from django.http import HttpResponseBadRequest
        from django.utils.translation import gettext

        return HttpResponseBadRequest(
            gettext("The request contains a character that is not allowed."), content_type="text/plain; charset=utf-8"
        )
