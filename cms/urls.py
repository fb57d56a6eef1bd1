from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import routing, views
from cms.api import api_not_found
from cms.portals_api import PortalListView
from cms.privacy import atomic_admin_privacy_urls
from cms.sitemap import sitemap
from registry.plugins import registry


def plugin_api_patterns():
    return [
        path(f"api/{plugin.api_prefix or plugin.name.replace('_', '-')}/", include((plugin.api_urls, f"api-{plugin.name}")))
        for plugin in registry.all()
        if plugin.api_urls
    ]


def plugin_public_patterns():
    return [
        path(f"{plugin.url_prefix or plugin.name.replace('_', '-')}/", include((plugin.urls, plugin.name)))
        for plugin in registry.all()
        if plugin.urls
    ]


urlpatterns = [
    *atomic_admin_privacy_urls(),  # before admin/: the same paths, each in one transaction
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The open-data API described (cms.openapi): OpenAPI 3, and Swagger UI whose start-up
    # script is served by the same URL (?script), so the page holds no inline script.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # data: for the few icons Swagger UI's stylesheet holds inline
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="cms/api_docs.html")
        ),
        name="api-docs",
    ),
    path("api/portals/", PortalListView.as_view(), name="api-portals"),
    path("api/search/", include("search.api_urls")),
    *plugin_api_patterns(),
    # Any other /api/.../ (a malformed id, a retired route): JSON 404, like every API answer.
    # Only paths ending in "/", so that APPEND_SLASH still redirects /api/news to /api/news/.
    re_path(r"^api/(?:.*/)?$", api_not_found),
]

if settings.DEBUG or not settings.STORAGES["default"]["BACKEND"].startswith("storages."):
    # Local media (the demo and single-server installs); object storage serves itself.
    # Never the documents folder: documents go through /documents/<id>/<name>, which checks privacy.
    urlpatterns += [path("media/<path:path>", views.serve_media, name="media")]

urlpatterns += i18n_patterns(
    *plugin_public_patterns(),
    path("search/", include("search.urls")),
    # Wagtail's URLs, with its page serving routed in two queries (cms/routing.py).
    *[pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
