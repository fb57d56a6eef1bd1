"""Attach the requested portal to each request; only portal hostnames serve public pages.

A hostname that is no portal's (``anything.camau.gov.vn`` pointed here by a wildcard
DNS record, a stale alias) answers 404 on every public route: it is never served
another portal's content, so nothing it sees can carry its name, and nothing is
stored in the page cache for it. The admin and the files it shows keep working on
any hostname in ALLOWED_HOSTS (staff reach the admin on the provincial hostname; the
tests on ``testserver``).

Absolute URLs are built by :func:`absolute_url` from the portal's configured Site
(scheme, hostname, port), never from the request's Host header.
"""

import logging
import uuid
from urllib.parse import urljoin

from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject, empty
from wagtail.images import get_image_model
from wagtail.models import Site

from sites.models import HomePage, Portal, PortalIdentity, PortalNavigation

# Bumped (a new random token) whenever a portal, a site or a portal's home page
# changes; every process reloads its hostname map when the token it holds differs.
PORTAL_MAP_VERSION_KEY = "portals:version"

# Routes served on any allowed hostname, portal or not: the admin, and the files
# it shows (static files, image renditions, documents; the document view checks
# the collection's privacy itself).
HOST_INDEPENDENT_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")

logger = logging.getLogger(__name__)


def request_hostname(request) -> str:
    """The request's hostname, checked against ALLOWED_HOSTS (DisallowedHost, a 400,
    otherwise): lower case, without port or trailing dot."""
    return split_domain_port(request.get_host())[0]


class PortalMap:
    """Hostname -> portal, held in each process and reloaded when the version moves.

    The request path reads one cache key (the version), never the database, unless
    portals or sites changed since the map was loaded (:func:`bump_portal_map`).
    The portals it holds (with their site, level, parent and home page) are shared
    by the requests of the process: treat them as read-only.

    Only a Site with this very hostname counts: Wagtail's own lookup would fall back
    to the default site for an unknown hostname, which is refused here.
    """

    def __init__(self):
        self.version = None
        self.by_hostname: dict[str, Portal] = {}
        # Wagtail's fallback for a hostname without a Site: the admin and the files it
        # shows are served on any allowed hostname (``testserver``, an IP address).
        self.default_site: Site | None = None

    def load(self):
        portals = Portal.objects.select_related("site__root_page", "level", "parent__site")
        by_hostname = {}
        for portal in portals:
            by_hostname.setdefault(portal.site.hostname.lower().rstrip("."), portal)
        by_pk = {portal.pk: portal for portal in by_hostname.values()}
        homes = {}
        for home in HomePage.objects.filter(depth=2).select_related("locale"):
            homes.setdefault(home.translation_key, {})[home.locale.language_code] = home
        # Each portal's identity (header and footer of every page) with the renditions the
        # themes show, and its navigation: read-only like the rest.
        identities = {identity.site_id: identity for identity in PortalIdentity.base_queryset()}
        self._attach_renditions(identities.values())
        navigations = {navigation.site_id: navigation for navigation in PortalNavigation.objects.all()}
        for portal in by_hostname.values():
            if portal.parent_id in by_pk:  # parents from the map itself: ancestors cost nothing
                portal.parent = by_pk[portal.parent_id]
            # The portal's home page in each language (routing, menus, language links).
            portal.homes = homes.get(portal.site.root_page.translation_key, {})
            portal.identity = identities.get(portal.site_id)
            portal.navigation = navigations.get(portal.site_id)
        self.default_site = (
            next((portal.site for portal in by_hostname.values() if portal.site.is_default_site), None)
            or Site.objects.filter(is_default_site=True).select_related("root_page").first()
        )
        return by_hostname

    @staticmethod
    def _attach_renditions(identities):
        """Give each identity's images (logo, emblem ...; selected with the identity) the
        renditions the themes show (``PortalIdentity.renditions``), read in one query for
        every portal and made here when missing: ``{% image %}`` then finds them on the
        image, so a page reads no rendition."""
        fields = PortalIdentity.renditions
        images = {}
        for identity in identities:
            for name in fields:
                image = getattr(identity, name)
                if image is not None:
                    images.setdefault(image.pk, []).append((name, image))
        if not images:
            return
        specs = {spec for specs in fields.values() for spec in specs}
        found = {}
        for rendition in get_image_model().get_rendition_model().objects.filter(image_id__in=images, filter_spec__in=specs):
            found.setdefault(rendition.image_id, []).append(rendition)
        for pk, uses in images.items():
            for name, image in uses:
                image.prefetched_renditions = list(found.get(pk, []))
                for rendition in image.prefetched_renditions:
                    rendition.image = image  # its <img> reads the image (alt text): no query
                for spec in fields[name]:
                    try:
                        image.get_rendition(spec)  # found on the image, or made now and kept there
                    except Exception:  # a missing or broken file: the theme's tag answers for it
                        logger.warning("No %s rendition of image %s (%s)", spec, pk, name, exc_info=True)

    def lookup(self, request, version=None):
        """The portal of ``request``'s hostname, or None. ``version``: the current
        version when the caller has just read it (the page cache does)."""
        if version is None:
            version = cache.get(PORTAL_MAP_VERSION_KEY)
        if version is None or version != self.version:
            if version is None:  # never set, or the cache was emptied
                version = uuid.uuid4().hex
                if not cache.add(PORTAL_MAP_VERSION_KEY, version, timeout=None):
                    version = cache.get(PORTAL_MAP_VERSION_KEY) or version
            self.by_hostname = self.load()
            self.version = version
        return self.by_hostname.get(request_hostname(request))


portal_map = PortalMap()


def bump_portal_map():
    """Portals, sites or home pages changed: every process reloads its map (now and at commit)."""

    def renew():
        cache.set(PORTAL_MAP_VERSION_KEY, uuid.uuid4().hex, timeout=None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def portal_for_request(request):
    """The portal whose Site has the request's hostname, or None (:class:`PortalMap`)."""
    return portal_map.lookup(request)


def current_portal(request) -> Portal | None:
    """The portal of ``request``'s hostname, or None: the one way to read it.

    ``request.portal`` is a Portal on public routes and a Portal or None on the
    host-independent ones (admin, files). A lazy wrapper (SimpleLazyObject, as code
    outside the middleware may set) is neither ``None`` nor false-looking to an
    identity test: this resolves it and applies one emptiness rule: no request, no
    attribute, or no portal at all is None.
    """
    portal = getattr(request, "portal", None) if request is not None else None
    if isinstance(portal, SimpleLazyObject):
        if portal._wrapped is empty:
            portal._setup()
        portal = portal._wrapped
    return portal or None


def portal_or_404(request) -> Portal:
    """:func:`current_portal`, or 404 for a public route that needs a portal."""
    portal = current_portal(request)
    if portal is None:
        raise Http404("No portal has this hostname.")
    return portal


def absolute_url(request, path: str) -> str:
    """The absolute URL of ``path`` on the portal of ``request``.

    Scheme, hostname and port come from the portal's Site (``Site.root_url``),
    never from the Host header. Without a portal (a request on the admin's
    hostname, or no request) the network's default site is used; without any
    site, ``path`` is returned as it is. An already absolute URL (object
    storage) is returned unchanged.
    """
    portal = current_portal(request)
    site = portal.site if portal else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return path
    return urljoin(site.root_url + "/", path)


def merged_portal_redirect(request):
    """A merged portal's hostname answers every public path with 301 (sites.merging): to the
    page its old path leads to (the stored path map: Wagtail's redirects of the old site),
    else to the same path on the portal it was merged into (plugin routes keep their
    paths)."""
    from wagtail.contrib.redirects.models import Redirect

    old = request.portal
    stored = (
        Redirect.get_for_site(old.site)
        .filter(old_path__in={Redirect.normalise_path(request.get_full_path()), Redirect.normalise_path(request.path)})
        .select_related("redirect_page")
        .first()
    )
    if stored is not None and stored.redirect_page_id:
        target = stored.redirect_page.get_full_url(request)
    elif stored is not None and stored.redirect_link:
        target = stored.redirect_link
    else:
        into = Portal.objects.select_related("site").get(pk=old.merged_into_id)
        while into.merged_into_id is not None:  # merged again later
            into = Portal.objects.select_related("site").get(pk=into.merged_into_id)
        target = into.site.root_url + request.get_full_path()
    return HttpResponsePermanentRedirect(target)


class PortalMiddleware:
    """``request.portal``: the portal of the hostname.

    On public routes a hostname without a portal answers 404 here, before the
    page cache and before Wagtail's default-site fallback can serve anything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(HOST_INDEPENDENT_PREFIXES):
            request.portal = portal_for_request(request)  # None on a hostname without a portal
            # Wagtail's Site.find_for_request (the redirects middleware asks it on every
            # 404, the admin on most pages) from the map, without its query.
            request._wagtail_site = request.portal.site if request.portal is not None else portal_map.default_site
            return self.get_response(request)
        # DisallowedHost (400) for a host outside ALLOWED_HOSTS. The page cache may
        # have resolved it already.
        if getattr(request, "portal", None) is None:
            request.portal = portal_for_request(request)
        if request.portal is None:
            raise Http404("No portal has this hostname.")
        request._wagtail_site = request.portal.site  # Wagtail's Site.find_for_request, without a query
        if request.portal.merged_into_id is not None:
            return merged_portal_redirect(request)
        if request.portal.identity is not None:  # {{ settings.sites.PortalIdentity }}, without a query
            setattr(request, PortalIdentity.get_cache_attr_name(), request.portal.identity)
        if getattr(request.portal, "navigation", None) is not None:  # {{ settings.sites.PortalNavigation }}, the same
            setattr(request, PortalNavigation.get_cache_attr_name(), request.portal.navigation)
        return self.get_response(request)
