"""Page routing in two queries: Wagtail's ``serve`` with the route found by path.

Wagtail walks the tree one level at a time (a query for each child, another for
its specific page). Here the pages along the requested path are read in one query
by their ``url_path``, and only the deepest one is made specific; the result is
handed to Wagtail's own ``serve`` (which reads ``request._wagtail_route_for_request``),
so its hooks, view restrictions and page ``serve`` methods run as always.

A page type that routes below itself (``RoutablePageMixin``, or any own ``route``)
is asked as Wagtail would ask it: the walk stops at the first such page and hands
it the rest of the path.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page

from cms.middleware import current_portal
from themes.templatetags.portal_tags import home_for_language


def _routes_itself(content_type_id) -> bool:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is None or getattr(model, "route", Page.route) is not Page.route


def route(request, path):
    """Wagtail's route result for ``path`` on the request's portal (Http404 when none)."""
    home = home_for_language(current_portal(request))
    if home is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    chain = [home]
    if components:
        prefixes = [home.url_path + "/".join(components[: n + 1]) + "/" for n in range(len(components))]
        found = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes, path__startswith=home.path)}
        for prefix in prefixes:
            page = found.get(prefix)
            if page is None or page.depth != chain[-1].depth + 1 or _routes_itself(chain[-1].content_type_id):
                break
            chain.append(page)
    request._route_chain = chain
    last = chain[-1]
    specific = last if last is home else last.specific  # one query: the deepest page's own table
    return specific.route(request, components[len(chain) - 1 :])


def serve(request, path):
    """Wagtail's ``serve`` on the route found by :func:`route`."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)
