"""sitemap.xml of a portal: the live, public pages of its trees in every language.

Wagtail's own sitemap lists the site's root page and what is under it, which is the
Vietnamese tree only (the English home is a sibling of the Vietnamese one, linked by
translation). This one lists both trees, and gives each page that has a version in the
other language its ``<xhtml:link rel="alternate" hreflang>`` links. Pages of a plugin
switched off on the portal stay out (cms.plugin_pages.PluginPageMixin), as do private and
unpublished pages (``live().public()``).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Locale, Page

from cms.middleware import current_portal


class PortalSitemap(Sitemap):
    def _home_paths(self) -> list[str]:
        portal = current_portal(self.request)
        homes = getattr(portal, "homes", None) if portal is not None else None
        if homes:  # the hostname map holds them (no query)
            return sorted({home.path for home in homes.values()} | {portal.site.root_page.path})
        root = self.get_wagtail_site().root_page
        return list(Page.objects.filter(translation_key=root.translation_key, depth=root.depth).values_list("path", flat=True))

    def items(self):
        trees = Q()
        for path in self._home_paths():
            trees |= Q(path__startswith=path)
        return Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        urls, group_of, groups = [], [], {}
        last_mods = set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(url_info)
                group_of.append(item.translation_key)
                last_mods.add(url_info.get("lastmod"))
                code = languages.get(item.locale_id)
                if code and item.translation_key:
                    groups.setdefault(item.translation_key, {}).setdefault(code, url_info["location"])
        for url_info, key in zip(urls, group_of, strict=True):
            versions = groups.get(key) or {}
            if len(versions) > 1:
                url_info["alternates"] = [
                    {"lang_code": code, "location": location} for code, location in sorted(versions.items())
                ]
                if settings.LANGUAGE_CODE in versions:
                    url_info["alternates"].append({"lang_code": "x-default", "location": versions[settings.LANGUAGE_CODE]})
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request, **kwargs):
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    return wagtail_sitemap(request, sitemaps={"pages": PortalSitemap}, **kwargs)
