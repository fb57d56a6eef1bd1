"""A Redis client that stops knocking on a door that does not open.

With Redis unreachable, django-redis (``IGNORE_EXCEPTIONS``) turns every cache
call into a logged miss, but each call still waits for the connection to fail:
refused at once when the host is up and Redis is not, or a whole
``SOCKET_CONNECT_TIMEOUT`` when the host is gone (network partition), several
times per request. :class:`CircuitBreakerRedis` (the cache's
``REDIS_CLIENT_CLASS``) remembers a connection failure on its connection pool
(shared by every request of the process) and fails at once, without touching
the network, for ``settings.REDIS_RETRY_SECONDS``; the first call after that
tries again. So an outage costs one timeout per process every few seconds.
"""

from __future__ import annotations

import logging
import time

import redis
from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError)


def retry_seconds() -> float:
    return float(getattr(settings, "REDIS_RETRY_SECONDS", 5))


class RedisUnavailable(RedisConnectionError):
    """Raised without a network round trip while the breaker is open."""


class CircuitBreakerRedis(redis.Redis):
    def _down_until(self) -> float:
        return getattr(self.connection_pool, "_portal_down_until", 0.0)

    def _check(self):
        if time.monotonic() < self._down_until():
            raise RedisUnavailable("Redis was unreachable a moment ago; not retrying yet")

    def _tripped(self, error):
        pool = self.connection_pool
        if time.monotonic() >= getattr(pool, "_portal_down_until", 0.0):
            logger.warning("Redis unreachable (%s); cache calls answer as misses for %ss", error, retry_seconds())
        pool._portal_down_until = time.monotonic() + retry_seconds()

    def execute_command(self, *args, **options):
        self._check()
        try:
            return super().execute_command(*args, **options)
        except RedisUnavailable:
            raise
        except FAILURES as error:
            self._tripped(error)
            raise

    def pipeline(self, *args, **kwargs):
        self._check()
        return super().pipeline(*args, **kwargs)


def is_unavailable(error: BaseException) -> bool:
    """True for the errors a Redis outage raises (raw client or django-redis)."""
    from django_redis.exceptions import ConnectionInterrupted

    return isinstance(error, (*FAILURES, ConnectionInterrupted))
