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
