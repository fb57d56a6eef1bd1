"""Counting visitors in the cache, without a database write per request.

* **online now**: visitors seen in the last ``ONLINE_SECONDS``, split into
  guests and members (``request.user.is_authenticated``);
* **visits**: a visitor not seen in the last ``VISIT_SECONDS`` starts a new
  visit, counted in :data:`VISITS` (:class:`cms.counters.BufferedCounter`): a
  cache counter per portal, flushed into VisitCounter by a task at most once a
  minute (and by ``flush_visits``), so totals survive restarts; the same flush
  adds them to the portal's row of the day (VisitDay, :func:`tally_days`), for
  visits over a period.

Visitors are told apart without cookies: a member by user id, a guest by a
keyed hash of address and browser (never stored in the database).

With Redis (REDIS_URL) "seen" lists are sorted sets (atomic, shared by every
app server); with any other cache they are a dictionary per portal, good for
one process (the embedded default).
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, Value, When
from django.utils import timezone

from cms.counters import BufferedCounter
from cms.ratelimits import client_address

from .models import VisitDay

try:
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    REDIS_ERRORS: tuple[type[Exception], ...] = (_RedisConnectionError, _RedisTimeoutError)
except ImportError:  # redis is only needed with REDIS_URL
    REDIS_ERRORS = ()

logger = logging.getLogger(__name__)

ONLINE_SECONDS = int(getattr(settings, "VISITORS_ONLINE_SECONDS", 300))
VISIT_SECONDS = int(getattr(settings, "VISITORS_VISIT_SECONDS", 1800))
MAX_SEEN_PER_PORTAL = 50_000  # memory bound of the dictionary tracker

GUEST, MEMBER = "guest", "member"

VISITS = BufferedCounter(
    name="visitors.visits",
    model="visitors.VisitCounter",
    key="portal",
    field="total",
    interval=60,
    after_flush="plugins.visitors.tracker:tally_days",
)


def tally_days(added: dict[int, int]) -> None:
    """Add flushed visits ({portal id: visits}) to each portal's row of today
    (Asia/Ho_Chi_Minh): one INSERT of the missing rows and one UPDATE, in the flush's
    transaction. Visits counted just before midnight and flushed after it count for the
    new day (a flush runs at most a minute after them)."""
    counts = {pk: amount for pk, amount in added.items() if amount > 0}
    if not counts:
        return
    today = timezone.localdate()
    VisitDay.objects.bulk_create([VisitDay(portal_id=pk, day=today) for pk in counts], ignore_conflicts=True)
    more = Case(*(When(portal_id=pk, then=Value(amount)) for pk, amount in counts.items()), default=Value(0))
    VisitDay.objects.filter(day=today, portal_id__in=list(counts)).update(visits=F("visits") + more)


def visitor_identity(request) -> tuple[str, str]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return MEMBER, f"u{user.pk}"
    address = client_address(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    key = hashlib.sha256(settings.SECRET_KEY.encode()).digest()
    digest = hashlib.blake2b(f"{address}|{agent}".encode(), key=key, digest_size=12).hexdigest()
    return GUEST, digest


class BaseTracker:
    """Tells a new visit from the next page of the same one; counts visits in :data:`VISITS`."""

    def record(self, portal_id, kind, visitor, now=None) -> bool:
        """Note ``visitor`` on ``portal_id``; True when this starts a new visit.

        The visit is counted; the caller (the beacon) asks for the flush.
        """
        now = time.time() if now is None else now
        new = self._seen(portal_id, kind, visitor, now)
        if new:
            VISITS.add(portal_id, flush=False)
        return new

    def online(self, portal_id, now=None) -> dict:
        raise NotImplementedError

    def _seen(self, portal_id, kind, visitor, now) -> bool:
        raise NotImplementedError


class CacheTracker(BaseTracker):
    """Any Django cache: one dictionary {kind:visitor: last seen} per portal."""

    def _key(self, portal_id):
        return f"visitors:seen:{portal_id}"

    def _load(self, portal_id, now):
        seen = cache.get(self._key(portal_id)) or {}
        return {k: t for k, t in seen.items() if t > now - VISIT_SECONDS}

    def _seen(self, portal_id, kind, visitor, now):
        seen = self._load(portal_id, now)
        member = f"{kind}:{visitor}"
        new = member not in seen
        seen[member] = now
        if len(seen) > MAX_SEEN_PER_PORTAL:
            seen = dict(sorted(seen.items(), key=lambda item: item[1])[-MAX_SEEN_PER_PORTAL:])
        cache.set(self._key(portal_id), seen, VISIT_SECONDS)
        return new

    def online(self, portal_id, now=None):
        now = time.time() if now is None else now
        seen = self._load(portal_id, now)
        guests = sum(1 for k, t in seen.items() if k.startswith(GUEST) and t > now - ONLINE_SECONDS)
        members = sum(1 for k, t in seen.items() if k.startswith(MEMBER) and t > now - ONLINE_SECONDS)
        return {"guests": guests, "members": members, "total": guests + members}


class RedisTracker(BaseTracker):
    """Redis: a sorted set per portal and kind, scored by the time last seen."""

    def __init__(self, client, prefix=None):
        self.client = client
        self.prefix = prefix

    def _key(self, portal_id, kind):
        name = f"visitors:seen:{portal_id}:{kind}"
        return f"{self.prefix}:{name}" if self.prefix else cache.make_key(name)

    # The raw client does not go through django-redis' IGNORE_EXCEPTIONS: a Redis
    # outage is caught here, logged, and the visitor is simply not counted.

    def _seen(self, portal_id, kind, visitor, now):
        key = self._key(portal_id, kind)
        try:
            pipe = self.client.pipeline()
            pipe.zremrangebyscore(key, "-inf", now - VISIT_SECONDS)
            pipe.zadd(key, {visitor: now})
            pipe.expire(key, VISIT_SECONDS)
            _removed, added, _ok = pipe.execute()
        except REDIS_ERRORS:
            logger.warning("Visitor not counted: Redis unavailable", exc_info=True)
            return False
        return bool(added)

    def online(self, portal_id, now=None):
        now = time.time() if now is None else now
        try:
            pipe = self.client.pipeline()
            for kind in (GUEST, MEMBER):
                pipe.zcount(self._key(portal_id, kind), now - ONLINE_SECONDS, "+inf")
            guests, members = (int(n) for n in pipe.execute())
        except REDIS_ERRORS:
            logger.warning("Visitors online unknown: Redis unavailable", exc_info=True)
            guests = members = 0
        return {"guests": guests, "members": members, "total": guests + members}


def get_tracker() -> BaseTracker:
    if "django_redis" in settings.CACHES["default"]["BACKEND"]:
        from django_redis import get_redis_connection

        return RedisTracker(get_redis_connection("default"))
    return CacheTracker()
