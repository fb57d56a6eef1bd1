"""The anonymous page cache, per portal, purged on publish.

Anonymous GET responses are stored whole in the default cache (Redis when
REDIS_URL is set). The key holds the portal's *generation*: publishing,
unpublishing or moving a page of a portal bumps the generation of that portal
and of its ancestors (a province shows its members' content), so every stale
page of those portals is skipped at once without scanning keys.

Personal state never lives in a response: font size and contrast are kept by
the browser (localStorage), so one cached page serves everybody. A response that
sets a cookie or says ``Cache-Control: private`` is not stored.

The key holds the request's hostname as well as the portal, and the Host header is
checked against ALLOWED_HOSTS before the cache is read: a cached page is never
served to a host Django would refuse (400). Hostnames that are no portal's never
reach this middleware (cms.middleware answers 404).

A page whose inline scripts carry the CSP nonce (``nonce="{{ request.csp_nonce }}"``)
is stored with that nonce; every hit gets a fresh one, swapped into the body and
sent in the Content-Security-Policy header, so no two responses share a nonce.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from cms.middleware import current_portal

SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/")


def _generation_keys(portal_id):
    return ("pagecache:gen:all", f"pagecache:gen:{portal_id}")


def _renew_csp_nonce(request, response):
    """Give a cached page the nonce of this request (see the module's docstring)."""
    old = getattr(response, "cached_csp_nonce", None)
    if not old or not hasattr(request, "csp_nonce"):
        return
    new = str(request.csp_nonce)  # django-csp makes one and puts it in this response's header
    # Same length (base64 of 16 bytes), so Content-Length stays right.
    response.content = response.content.replace(f'nonce="{old}"'.encode(), f'nonce="{new}"'.encode())
    response.cached_csp_nonce = new


def purge_portal(portal):
    """Invalidate the cached pages of ``portal`` and of the portals above it."""
    for target in [portal, *portal.ancestors]:
        key = _generation_keys(target.pk)[1]
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=None)


def purge_all():
    key = "pagecache:gen:all"
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=None)


def cache_key(request, portal_id):
    generations = cache.get_many(_generation_keys(portal_id))
    gen_all = generations.get("pagecache:gen:all", 0)
    gen_portal = generations.get(f"pagecache:gen:{portal_id}", 0)
    # get_host() is checked against ALLOWED_HOSTS; lower case so "A.host" and "a.host" share an entry.
    url = hashlib.sha256(f"{request.get_host().lower()} {request.get_full_path()}".encode()).hexdigest()
    return f"pagecache:{portal_id}:{gen_all}.{gen_portal}:{url}"


class PortalCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIP_PREFIXES)
        )

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) before anything is read from the cache
        portal = current_portal(request)
        if portal is None:
            return self.get_response(request)
        key = cache_key(request, portal.pk)
        response = cache.get(key)
        if response is not None:
            _renew_csp_nonce(request, response)
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            patch_cache_control(response, public=True, max_age=60)
            nonce = getattr(request, "_csp_nonce", None)  # set by django-csp once the page used it
            response.cached_csp_nonce = nonce if isinstance(nonce, str) else None
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return response

    def _cacheable_response(self, response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in control
            and "no-cache" not in control
            and "no-store" not in control
        )
