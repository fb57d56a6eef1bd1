"""The test network with every plugin on and the demo content of the province (a few
items of each kind: tests.conftest.load_demos), built once per test module (the route
walk and the API fuzzing share it read-only).

The data lives in one transaction opened for the module and rolled back after
its last test; each test runs in a savepoint inside it (pytest-django's usual
per-test atomic), so nothing leaks to the tests of other modules.
"""

from __future__ import annotations

import pytest

from registry.plugins import registry
from tests import conftest


def build_demo_network():
    network = conftest.network.__wrapped__(None)  # the worker's network: province + wards a and b
    for portal in (network.province, network.ward_a):
        portal.enabled_plugins = registry.names()
        portal.save()
    conftest.load_demos(network.province)
    from search.indexing import apply_pending

    apply_pending()  # the index queue is applied on commit, which never comes here
    return network


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker):
    with conftest.module_transaction(django_db_blocker):
        yield build_demo_network()
