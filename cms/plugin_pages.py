"""Per-portal plugin enablement, enforced on Wagtail's own mechanisms (framework layer).

* page types: :class:`PluginPageMixin` narrows ``Page.can_create_at`` (the page
  type rule the admin uses), answers 404 when a page is served on a portal
  that has its plugin switched off, and leaves such pages out of sitemap.xml;
* routes: :class:`PluginGateMiddleware` answers 404 for a plugin's URL
  namespace on a portal that has it switched off.
"""

from __future__ import annotations

from django.http import Http404

from cms.middleware import current_portal
from registry.plugins import registry
from sites.models import Portal


class PluginPageMixin:
    """Mix into a plugin's page model; set ``plugin_name``.

    The page type can be created only under a portal that has the plugin on,
    and it answers 404 on a portal that has switched the plugin off.
    """

    plugin_name: str = ""

    @classmethod
    def can_create_at(cls, parent):
        if not super().can_create_at(parent):
            return False
        portal = Portal.for_page(parent)
        return bool(portal) and portal.has_plugin(cls.plugin_name)

    def serve(self, request, *args, **kwargs):
        portal = current_portal(request)
        if portal is None or not portal.has_plugin(self.plugin_name):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        """Nothing for sitemap.xml where the plugin is off: the page answers 404 there.

        (Private and unpublished pages never reach this: Wagtail's sitemap lists
        ``live().public()`` pages only.)
        """
        portal = self._sitemap_portal(request)
        if not portal or not portal.has_plugin(self.plugin_name):
            return []
        return super().get_sitemap_urls(request)

    def _sitemap_portal(self, request):
        # The sitemap lists the request's own tree: its portal, without a query per page.
        portal = getattr(request, "portal", None) if request is not None else None
        if portal:
            homes = [portal.site.root_page, *(getattr(portal, "homes", None) or {}).values()]  # both languages' trees
            if any(self.path.startswith(home.path) for home in homes):
                return portal
        return Portal.for_page(self)


class PluginGateMiddleware:
    """404 for a plugin's routes on a portal that has the plugin off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or not match.namespaces:
            return None
        plugin_name = match.namespaces[0].removeprefix("api-")
        if plugin_name in registry:
            portal = current_portal(request)
            if portal is None or not portal.has_plugin(plugin_name):
                raise Http404
        return None
