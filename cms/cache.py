"""The anonymous page cache and the fragment cache, invalidated by what changed.

**Topics.** Everything a cached response or fragment shows is named by *topics*,
each with a generation counter in the default cache (Redis when REDIS_URL is set):

- ``all``: everything (privacy changes, network-wide catalogues);
- ``site:<portal>``: the pages of one portal (any publish, unpublish or move in its
  tree, a change of one of its plugin objects);
- ``<plugin>:<portal>``: one plugin's content of one portal (what its blocks show);
- ``<plugin>.members:<portal>``: that content of the portals below it, where a
  portal shows its members' (the province's "News from the localities");
- ``search`` (search results: bumped when index operations are applied),
  ``network`` (the open-data APIs under /api/, which list across portals) and
  topics a plugin names (``services``: the network-wide catalogue).

A change bumps the topics it touches (:func:`bump`, :func:`purge_portal`); it never
scans keys. A ward's publish bumps the ward's own topics and the province's
topics that show member content, so the province's other pages stay cached.

**Pages.** Anonymous GET responses are stored whole under a key made of the hostname
and the full path, together with the generations of the topics the page was built
from: the portal's base topics (``all``, ``site:<portal>``) plus every topic a
fragment or view recorded while rendering (:func:`depends_on`). A hit is one cache
read (one ``get_many``): the entry, the version of the hostname map (cms.middleware)
and the current generations of the topics this process last saw the page name
(:class:`TopicsSeen`); a second read only for topics it did not expect (the first hit
of a page in a process, or a page whose blocks changed). It is served when no topic
has moved and the hostname still belongs to the same portal. A hit touches no database.

**Fragments.** Blocks (sidebar, footer, home page) are rendered through
:func:`cached`, keyed by the portal, the language and the generations of the
topics they show, so a publish that does not change a block does not re-query it.

Personal state never lives in a response: font size and contrast are kept by
the browser (localStorage), so one cached page serves everybody. A response that
sets a cookie or says ``Cache-Control: private`` is not stored.

The key holds the request's hostname, and the Host header is checked against
ALLOWED_HOSTS before the cache is read: a cached page is never served to a host
Django would refuse (400). Hostnames that are no portal's are never stored, and
a hit is re-checked against the hostname map.

A page whose inline scripts carry the CSP nonce (``nonce="{{ request.csp_nonce }}"``)
is stored with that nonce; every hit gets a fresh one, swapped into the body and
sent in the Content-Security-Policy header, so no two responses share a nonce.
Fragments never hold a nonce (blocks have no inline script).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from cms.middleware import PORTAL_MAP_VERSION_KEY, current_portal, portal_map

SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/")
GENERATION_PREFIX = "gen:"
# What every search page and search answer shows: bumped when index operations are applied.
SEARCH_TOPIC = "search"
# What the open-data APIs show (lists across the network, ``?portal=`` any portal):
# bumped by every portal's change.
NETWORK_TOPIC = "network"
API_PREFIX = "/api/"


# -- topics ---------------------------------------------------------------------
def portal_topics(portal, path="") -> list[str]:
    """What every response of ``portal`` at ``path`` depends on."""
    return ["all", f"site:{portal.pk}", *([NETWORK_TOPIC] if path.startswith(API_PREFIX) else [])]


def menu_topic(portal) -> str:
    """The portal's main menu: bumped when a page at the top of its tree changes (cms.signals)."""
    return f"menu:{portal.pk}"


def _incr(keys):
    for key in keys:
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.set(key, 1, timeout=None)


def bump(*topics):
    """Move the generation of ``topics``: every page and fragment built from them is stale.

    Bumped at once (this process sees the change) and again when the transaction
    commits, so a reader that rendered between the two cannot keep the old content.
    """
    keys = [GENERATION_PREFIX + topic for topic in dict.fromkeys(topics) if topic]
    if not keys:
        return
    _incr(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _incr(keys))


def purge_portal(portal, *plugins):
    """The pages of ``portal`` changed, and for each of ``plugins`` its content there.

    Bumps ``site:<portal>``, ``<plugin>:<portal>`` (what the plugin's blocks of the
    portal show) and ``<plugin>.members:<ancestor>`` for each portal above it (what
    shows members' content there). The ancestors' own pages are not touched.
    """
    ancestors = getattr(portal, "ancestors", [])
    bump(
        f"site:{portal.pk}",
        NETWORK_TOPIC,
        *(f"{plugin}:{portal.pk}" for plugin in plugins),
        *(f"{plugin}.members:{ancestor.pk}" for plugin in plugins for ancestor in ancestors),
    )


def purge_all():
    bump("all")


def generations(topics) -> dict[str, int]:
    """Current generation of each topic (0 when never bumped), in one cache read."""
    topics = list(dict.fromkeys(topics))
    found = cache.get_many([GENERATION_PREFIX + topic for topic in topics])
    return {topic: found.get(GENERATION_PREFIX + topic, 0) for topic in topics}


def depends_on(request, *topics):
    """Record that the response being built for ``request`` shows ``topics``."""
    recorded = getattr(request, "_cache_topics", None)
    if recorded is None:
        return
    missing = [topic for topic in topics if topic not in recorded]
    prefetched = getattr(request, "_cache_prefetched", {})
    recorded.update({topic: prefetched[topic] for topic in missing if topic in prefetched})
    missing = [topic for topic in missing if topic not in prefetched]
    if missing:
        recorded.update(generations(missing))


def cached(request, name, topics, render, timeout=None):
    """A fragment (a block's HTML, or data such as a menu), from the cache while
    none of ``topics`` has moved.

    ``name`` identifies the fragment within its portal (block and placement);
    the portal and the language are added here. ``render()`` builds it on a miss
    (None is not cached). The page that includes the fragment records its topics.
    """
    return cached_many(request, [(name, topics, render)], timeout)[0]


def cached_many(request, fragments, timeout=None) -> list:
    """:func:`cached` for several ``(name, topics, render)`` at once: two cache reads in all
    (the generations of every topic, then every fragment), however many fragments."""
    portal = current_portal(request)
    prefix = f"{portal.pk if portal else '-'}|{get_language()}|"
    wanted = ["all", *(topic for _name, topics, _render in fragments for topic in topics)]
    # Generations this response already read (before rendering, or for an earlier block)
    # are used as read: a fragment keyed by one that moved since is stored under a stamp
    # nobody asks for again, and the page itself is stored with the generation it read.
    recorded = getattr(request, "_cache_topics", None)
    known = {**getattr(request, "_cache_prefetched", {}), **(recorded or {})}
    current = {topic: known[topic] for topic in wanted if topic in known}
    unknown = [topic for topic in wanted if topic not in current]
    if unknown:
        current.update(generations(unknown))
    if recorded is not None:
        for topic, generation in current.items():
            recorded.setdefault(topic, generation)
    keys = []
    for name, topics, _render in fragments:
        stamp = ".".join(f"{topic}={current[topic]}" for topic in sorted({"all", *topics}))
        keys.append("frag:" + hashlib.sha256(f"{prefix}{name}|{stamp}".encode()).hexdigest())
    found = cache.get_many(keys)
    values, missing = [], {}
    for key, (_name, _topics, render) in zip(keys, fragments, strict=True):
        value = found.get(key)
        if value is None:
            value = render()
            if value is not None:
                missing[key] = value
        values.append(value)
    if missing:
        cache.set_many(missing, settings.PAGE_CACHE_SECONDS if timeout is None else timeout)
    return values


# -- pages ----------------------------------------------------------------------
def _renew_csp_nonce(request, response):
    """Give a cached page the nonce of this request (see the module's docstring)."""
    old = getattr(response, "cached_csp_nonce", None)
    if not old or not hasattr(request, "csp_nonce"):
        return
    new = str(request.csp_nonce)  # django-csp makes one and puts it in this response's header
    # Same length (base64 of 16 bytes), so Content-Length stays right.
    response.content = response.content.replace(f'nonce="{old}"'.encode(), f'nonce="{new}"'.encode())
    response.cached_csp_nonce = new


def cache_key(request) -> str:
    # get_host() is checked against ALLOWED_HOSTS; lower case so "A.host" and "a.host" share an entry.
    url = hashlib.sha256(f"{request.get_host().lower()} {request.get_full_path()}".encode()).hexdigest()
    return f"pagecache:{url}"


def _page(request) -> str:
    """The page a request asks for, without its query string (what :class:`TopicsSeen` keys)."""
    return f"{request.get_host().lower()} {request.path_info}"


class TopicsSeen:
    """Per process: the topics each page (hostname and path) named when this process last
    stored or served it, so a hit reads the entry and its generations together and a miss
    reads its blocks' generations with the portal's. Only a guess of what to read: the
    entry's own topics are always checked. Bounded (emptied when full).
    """

    def __init__(self, size=20_000):
        self.size = size
        self.topics: dict[str, tuple[str, ...]] = {}

    def get(self, key) -> tuple[str, ...]:
        return self.topics.get(key, ())

    def remember(self, key, topics):
        if len(self.topics) >= self.size:
            self.topics = {}
        self.topics[key] = tuple(topics)


topics_seen = TopicsSeen()


class PortalCacheMiddleware:
    """Serve and store anonymous pages (see the module's docstring).

    It runs before cms.middleware.PortalMiddleware, so a hit resolves the portal
    from the hostname map without the database and skips the rest of the stack.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(SKIP_PREFIXES)
        )

    def _hit(self, request, key):
        expected = topics_seen.get(_page(request))
        found = cache.get_many([key, PORTAL_MAP_VERSION_KEY, *(GENERATION_PREFIX + topic for topic in expected)])
        entry = found.get(key)
        if not isinstance(entry, dict):
            return None
        topics = entry["topics"]
        unexpected = [GENERATION_PREFIX + topic for topic in topics if topic not in expected]
        if unexpected:
            found.update(cache.get_many(unexpected))
            topics_seen.remember(_page(request), topics)
        if any(found.get(GENERATION_PREFIX + topic, 0) != generation for topic, generation in topics.items()):
            return None
        portal = portal_map.lookup(request, version=found.get(PORTAL_MAP_VERSION_KEY))
        if portal is None or portal.pk != entry["portal"]:
            return None
        request.portal = portal
        response = entry["response"]
        _renew_csp_nonce(request, response)
        response["X-Cache"] = "HIT"
        return response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) before anything is read from the cache
        key = cache_key(request)
        response = self._hit(request, key)
        if response is not None:
            return response
        portal = portal_map.lookup(request)
        if portal is None:  # no portal's hostname: cms.middleware answers 404, nothing is stored
            return self.get_response(request)
        request.portal = portal
        # Generations are read before rendering: a change during the render leaves
        # the entry stale rather than fresh.
        # With the topics this page showed last time, read together so its blocks read
        # none again; the entry depends only on those the render records (a topic the
        # page no longer shows must not make it stale).
        base = portal_topics(portal, request.path_info)
        request._cache_prefetched = generations([*base, *topics_seen.get(_page(request))])
        request._cache_topics = {topic: request._cache_prefetched[topic] for topic in base}
        response = self.get_response(request)
        if current_portal(request) == portal and self._cacheable_response(response):
            patch_cache_control(response, public=True, max_age=60)
            nonce = getattr(request, "_csp_nonce", None)  # set by django-csp once the page used it
            response.cached_csp_nonce = nonce if isinstance(nonce, str) else None
            entry = {"response": response, "topics": dict(request._cache_topics), "portal": portal.pk}
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            topics_seen.remember(_page(request), entry["topics"])
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
