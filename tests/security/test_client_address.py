"""cms.ratelimits.client_address: who a request comes from, whatever it claims.

No database: plain requests from Django's RequestFactory.
"""

import pytest
from django.test import RequestFactory, override_settings

from cms.ratelimits import UNKNOWN_ADDRESS, client_address, limited, quota_address

factory = RequestFactory()


def request(remote="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **meta)


@override_settings(TRUSTED_PROXIES=[])
@pytest.mark.parametrize("forwarded", [None, "1.2.3.4", "1.2.3.4, 5.6.7.8", "garbage", "::1"])
def test_without_a_trusted_proxy_the_header_is_ignored(forwarded):
    assert client_address(request(forwarded=forwarded)) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address():
    # A citizen talking to the app server directly cannot pose as somebody else.
    assert client_address(request("198.51.100.9", "1.2.3.4")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
def test_behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client():
    assert client_address(request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"
    # Two balancers in a row: step over both.
    assert client_address(request("10.0.0.2", "198.51.100.9, 192.0.2.1")) == "198.51.100.9"
    assert client_address(request("192.0.2.1", "198.51.100.9, 10.1.2.3")) == "198.51.100.9"
    # Nothing forwarded (a health check from the balancer itself): the balancer.
    assert client_address(request("10.0.0.2")) == "10.0.0.2"
    assert client_address(request("10.0.0.2", "")) == "10.0.0.2"
    # Every hop trusted: the leftmost one.
    assert client_address(request("10.0.0.2", "10.9.9.9, 10.0.0.3")) == "10.9.9.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_spoofed_leftmost_entries_are_ignored():
    # The client sent "X-Forwarded-For: 1.1.1.1, 2.2.2.2"; the balancer appended the real address.
    assert client_address(request("10.0.0.2", "1.1.1.1, 2.2.2.2, 198.51.100.9")) == "198.51.100.9"
    # Even a spoofed entry inside the trusted range does not help: it is left of the client.
    assert client_address(request("10.0.0.2", "10.0.0.5, 198.51.100.9")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["2001:db8:ffff::/48", "10.0.0.1"])
def test_ipv6_clients_and_proxies():
    assert client_address(request("2001:db8:ffff::1", "2001:db8:1:2::abcd")) == "2001:db8:1:2::abcd"
    assert client_address(request("2001:db8:ffff::1", "[2001:db8:1:2::abcd]:51234")) == "2001:db8:1:2::abcd"
    assert client_address(request("10.0.0.1", "2001:DB8:1:2:0:0:0:ABCD")) == "2001:db8:1:2::abcd"
    assert client_address(request("2001:db8:9::1", "1.2.3.4")) == "2001:db8:9::1"  # untrusted v6 peer
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d: the same trusted balancer.
    assert client_address(request("::ffff:10.0.0.1", "198.51.100.9")) == "198.51.100.9"
    assert client_address(request("::ffff:198.51.100.9")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_ports_are_dropped():
    assert client_address(request("10.0.0.2", "198.51.100.9:4711")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "not-a-network", ""])
@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("", None, UNKNOWN_ADDRESS),
        ("garbage", "1.2.3.4", UNKNOWN_ADDRESS),
        ("unix:/run/gunicorn.sock", None, UNKNOWN_ADDRESS),
        ("999.1.1.1", None, UNKNOWN_ADDRESS),
        # A garbled entry stops the walk at the last hop that could be trusted.
        ("10.0.0.2", "1.2.3.4, <script>", "10.0.0.2"),
        ("10.0.0.2", "1.2.3.4, 10.0.0.3, unknown", "10.0.0.2"),
        ("10.0.0.2", "unknown, 198.51.100.9", "198.51.100.9"),
        ("10.0.0.2", ",,, ,", "10.0.0.2"),
        ("10.0.0.2", "\x00" * 50 + "1.2.3.4", "10.0.0.2"),
        ("10.0.0.2", "1" * 10_000, "10.0.0.2"),
    ],
)
def test_garbage_never_raises_and_never_exempts(remote, forwarded, expected):
    assert client_address(request(remote, forwarded)) == expected
    assert quota_address(request(remote, forwarded))  # a usable quota key


@override_settings(TRUSTED_PROXIES=[])
def test_quotas_count_an_ipv6_client_by_its_64_network():
    assert quota_address(request("2001:db8:1:2::1")) == quota_address(request("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::"
    assert quota_address(request("2001:db8:1:3::1")) != quota_address(request("2001:db8:1:2::1"))
    assert quota_address(request("198.51.100.9")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], RATE_LIMITS={"test.action": "2/h"})
def test_limited_counts_per_client_address_and_per_scope(settings):
    from django.core.cache import cache

    cache.clear()

    def alice():
        return request("10.0.0.2", "198.51.100.1")

    def bob():
        return request("10.0.0.2", "198.51.100.2")

    assert [limited(alice(), "test.action") for _ in range(3)] == [False, False, True]
    assert limited(bob(), "test.action") is False  # behind the same balancer, a quota of his own
    assert limited(alice(), "test.action", scope=7) is False  # another object, another quota
    assert limited(alice(), "test.action", increment=False) is True
    assert limited(alice(), "unknown.action") is False  # no rate configured: never limited
