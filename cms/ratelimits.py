"""One client address and one rate-limiting mechanism for the whole product.

:func:`client_address` is the only place that decides who a request comes from.
Behind README's load balancer every request arrives from the balancer's address,
so ``REMOTE_ADDR`` alone would give all citizens one quota; ``X-Forwarded-For``
alone can be written by anybody. The rule: start from ``REMOTE_ADDR`` and, while
the hop we are looking at is one of ``TRUSTED_PROXIES`` (addresses or networks),
step one entry left in ``X-Forwarded-For``. The first untrusted hop is the
client. With no trusted proxy configured the header is ignored. Entries left of
the client (anything a client writes itself) are never read.

Every limit (poll votes, questions, password reset, the view counters, django-axes'
login lockout through ``AXES_CLIENT_IP_CALLABLE`` and django-ratelimit through
``RATELIMIT_IP_META_KEY``) takes its address from here, and every quota is a
django-ratelimit rate named per action in ``settings.RATE_LIMITS``.

Quotas count an IPv6 client by its /64 network (``RATELIMIT_IPV6_MASK``, as
django-ratelimit's own ``ip`` key does): one household or phone is given a whole
/64 and could otherwise take a fresh quota with every address of it.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

# What a request with no readable address (a Unix socket, a garbled header) is
# counted as: one shared bucket, never an exemption, and still a valid address
# for the libraries that parse it (django-ratelimit, django-axes).
UNKNOWN_ADDRESS = "0.0.0.0"


@lru_cache(maxsize=8)
def _trusted_networks(spec: tuple[str, ...]):
    networks = []
    for item in spec:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _parse(value: str):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    if len(value) > 100:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:  # ::ffff:a.b.c.d from a dual-stack socket
        address = address.ipv4_mapped
    return address


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The address of the citizen (or attacker) behind this request, as a string."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return UNKNOWN_ADDRESS
    networks = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # a garbled entry: the last hop we could trust is all we know
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def quota_address(request) -> str:
    """:func:`client_address` as counted by quotas: IPv6 by its /64 network."""
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        mask = int(getattr(settings, "RATELIMIT_IPV6_MASK", 64))
        return str(ipaddress.ip_network(f"{address}/{mask}", strict=False).network_address)
    return str(address)


def client_key(group, request) -> str:
    """django-ratelimit key function: the trusted client address (IPv6 by /64)."""
    return quota_address(request)


def rate_for(action: str) -> str | None:
    return getattr(settings, "RATE_LIMITS", {}).get(action)


def limited(request, action: str, *, key=client_key, scope=None, increment: bool = True) -> bool:
    """True when ``request`` is over the quota of ``action`` (``settings.RATE_LIMITS``).

    ``increment`` counts this request against the quota; pass False to only look.
    ``scope`` gives each object its own quota (``scope=poll.pk``: one quota per
    poll and address). An action with no configured rate is never limited.
    """
    rate = rate_for(action)
    if not rate:
        return False
    if scope is not None:
        base = key

        def key(group, request):
            return f"{scope}:{base(group, request)}"

    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    usage = get_usage(request, group=action, key=key, rate=rate, method=ALL, increment=increment)
    if usage is None:  # the cache could not count (Redis down; RATELIMIT_FAIL_OPEN)
        closed = action in getattr(settings, "RATE_LIMITS_FAIL_CLOSED", ())
        logger.warning("Rate limit %s not counted (cache unavailable): %s", action, "refused" if closed else "allowed")
        return closed
    return usage["should_limit"]
