"""Shared fixtures: a small network of portals, their editors, a network admin.

Factories here are used by every area's tests (tests/<area>/...).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from sites.models import Portal
from sites.provisioning import PortalSpec, network_admins_group, provision_portal, remove_wagtail_welcome_site

PASSWORD = "correct-horse-battery-staple"


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def is_browser_test(item) -> bool:
    """A test of tests/e2e/ (Playwright and Chromium against the live server)."""
    return "tests/e2e/" in str(item.fspath).replace("\\", "/")


def _schedule(item) -> tuple[int, int]:
    """Where a test goes in the run: the ``heavy`` ones first, the longest first, then
    the rest, then the browser tests, the longest of those first too (so that the two
    workers' last modules are short ones and they finish together)."""
    heavy = item.get_closest_marker("heavy")
    length = -heavy.args[0] if heavy else 0
    if is_browser_test(item):
        return (2, length)
    return (0 if heavy else 1, length)


def pytest_collection_modifyitems(config, items):
    """The order of the run; transactional tests keep the seeded lists for the tests after them.

    Long tests first: the parallel workers (``make test``: pytest-xdist with
    ``--dist loadscope --no-loadscope-reorder``, which keeps this order) take
    them at the start and finish together, instead of one worker running the
    admin walk alone at the end. Browser tests last.

    A transactional test (live server, concurrency) ends with a flush that would
    also remove what data migrations seeded (portal levels, document types ...).
    Marking them ``serialized_rollback`` makes Django serialize the migrated
    database once; :func:`_seeded_data_survives_flush` loads it back after each.
    """
    items.sort(key=_schedule)
    for item in items:
        if _is_transactional(item):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


_SERIALIZED: dict[str, str] = {}


def _bulk_deserialize_db_from_string(self, data):
    """Django's ``deserialize_db_from_string`` (the seeded rows a transactional test
    starts from), one ``bulk_create`` (an upsert) per model instead of an UPDATE and an
    INSERT per row: 770 rows in about 50 queries instead of 1,500. Rows of a model with a
    multi-table parent (a page type) or of a table without upserts are saved one by one,
    as Django does."""
    from django.core import serializers
    from django.db import DatabaseError
    from django.db.transaction import atomic

    alias = self.connection.alias
    by_model: dict[type, list] = {}
    with atomic(using=alias), self.connection.constraint_checks_disabled():
        deserialized = list(serializers.deserialize("json", data, using=alias))
        for item in deserialized:
            by_model.setdefault(type(item.object), []).append(item)
        for model, items in by_model.items():
            if not model._meta.parents:  # page types (a multi-table parent): one by one below
                # Rows already there (the first transactional test of a worker) are
                # updated, as save() would.
                fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
                upsert = (
                    {"update_conflicts": True, "unique_fields": [model._meta.pk.name], "update_fields": fields}
                    if fields
                    else {"ignore_conflicts": True}
                )
                try:
                    with atomic(using=alias):
                        model._base_manager.using(alias).bulk_create([item.object for item in items], **upsert)
                except DatabaseError:  # a table without upserts (SQLite's full-text index)
                    pass
                else:
                    for item in items:
                        for name, values in (item.m2m_data or {}).items():
                            getattr(item.object, name).set(values)
                    continue
            for item in items:
                item.save()
        self.connection.check_constraints(table_names={model._meta.db_table for model in by_model})


def _delete_flush(original):
    """PostgreSQL's flush between transactional tests as one ``DELETE`` per table instead of
    one ``TRUNCATE`` of them all: on tables holding a few rows, ``TRUNCATE`` (a new file for
    every table and index) took 0.4 s a test, the deletes 0.08 s. Django's foreign keys are
    deferrable, so the order of the deletes does not matter; a flush that resets sequences
    or cascades stays Django's."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def _fast_serialized_rollback():
    from django.db.backends.base.creation import BaseDatabaseCreation
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = BaseDatabaseCreation.deserialize_db_from_string, DatabaseOperations.sql_flush
    BaseDatabaseCreation.deserialize_db_from_string = _bulk_deserialize_db_from_string
    DatabaseOperations.sql_flush = _delete_flush(DatabaseOperations.sql_flush)
    yield
    BaseDatabaseCreation.deserialize_db_from_string, DatabaseOperations.sql_flush = original


@pytest.fixture(scope="session")
def _serialized_database(django_db_setup, django_db_blocker):
    """The migrated database as Django serialized it, taken before anything can replace
    the connection objects (Playwright's event loop makes asgiref hand out new ones)."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            _SERIALIZED[alias] = contents


@pytest.fixture(autouse=True)
def _seeded_data_survives_flush(request):
    """Transactional tests find the serialized contents on their connection (see below)."""
    if _is_transactional(request.node):
        request.getfixturevalue("_serialized_database")
        from django.db import connections

        for alias, contents in _SERIALIZED.items():
            if not getattr(connections[alias], "_test_serialized_contents", None):
                connections[alias]._test_serialized_contents = contents


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, load the migrated contents back for the next tests."""
    yield
    # After the last test (nextitem None) the session's test database is gone
    # with the session fixtures, inside this very teardown: nothing to restore.
    if not _SERIALIZED or not _is_transactional(item) or nextitem is None:
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    # A transactional test next loads them itself (TransactionTestCase's serialized_rollback)
    # when its connection holds them: Playwright's event loop can hand out new connection
    # objects, which only get them from _seeded_data_survives_flush, after that loading.
    # So the first browser test after another kind of transactional test (the browser's
    # connections are not these) finds them loaded here, or it would find an empty database.
    starts_browser_tests = is_browser_test(nextitem) and not is_browser_test(item)
    if (
        _is_transactional(nextitem)
        and not starts_browser_tests
        and all(getattr(connections[alias], "_test_serialized_contents", None) for alias in _SERIALIZED)
    ):
        return

    with item.config.stash[blocking_manager_key].unblock():
        for alias, contents in _SERIALIZED.items():
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request to /en/ leaves English active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    """The page cache and rate limits must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


def make_portal(name, hostname, level="ward", parent=None, plugins=None, **kwargs) -> Portal:
    portal, _created = provision_portal(
        PortalSpec(
            name=name,
            name_en=kwargs.pop("name_en", name),
            codename=kwargs.pop("codename", hostname.split(".")[0]),
            hostname=hostname,
            level=level,
            parent=parent,
            plugins=plugins,
            # The shared test network stays lean; tests of the kit ask for it (tests/sites/test_starter.py).
            starter=kwargs.pop("starter", False),
            **kwargs,
        )
    )
    return portal


def make_user(username, groups=(), superuser=False, **extra):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username=username, email=f"{username}@example.vn", password=PASSWORD)
    else:
        user = User.objects.create_user(username=username, email=f"{username}@example.vn", password=PASSWORD, **extra)
    for group in groups:
        user.groups.add(group)
    return user


@dataclass
class Network:
    province: Portal
    ward_a: Portal
    ward_b: Portal
    editor_a: object
    moderator_a: object
    editor_b: object
    network_admin: object


def _build_network() -> dict[str, int]:
    """Province camau.localhost with wards a.camau.localhost and b.camau.localhost, and their staff."""
    remove_wagtail_welcome_site()
    province = make_portal(
        "Tỉnh Cà Mau",
        "camau.localhost",
        level="province",
        name_en="Ca Mau Province",
        codename="ca-mau",
        is_default=True,
        theme="provincial",
        legal={
            "governing_body": "Ủy ban nhân dân tỉnh Cà Mau",
            "responsible_person": "Nguyễn Văn A",
            "licence": "Giấy phép số 01/GP-TTĐT",
            "address": "Số 2 Hùng Vương, Phường An Xuyên, tỉnh Cà Mau",
            "phone": "0290 3831 000",
            "email": "ubnd@camau.gov.vn",
        },
    )
    ward_a = make_portal("Phường An Xuyên", "a.camau.localhost", parent=province, name_en="An Xuyen Ward")
    ward_b = make_portal("Phường Tân Thành", "b.camau.localhost", parent=province, name_en="Tan Thanh Ward")
    return {
        "province": province.pk,
        "ward_a": ward_a.pk,
        "ward_b": ward_b.pk,
        "editor_a": make_user("editor_a", [ward_a.editors_group]).pk,
        "moderator_a": make_user("moderator_a", [ward_a.moderators_group]).pk,
        "editor_b": make_user("editor_b", [ward_b.editors_group]).pk,
        "network_admin": make_user("netadmin", [network_admins_group()]).pk,
    }


def load_demos(*portals, articles_per_category=2, procedures_per_field=2):
    """Every plugin's demo content into ``portals`` (the demo's own loaders), with a few
    news articles per category and a few procedures per field of the services catalogue:
    the news and services demos are the slow ones (2.2 s and 1.8 s of a ward's 6 s on
    SQLite: thirty-odd published articles with images, 179 imported procedures), and no
    test needs that many."""
    import io
    from unittest import mock

    from plugins.news import demo as news_demo
    from plugins.services import demo as services_demo
    from registry.plugins import registry

    articles = {slug: items[:articles_per_category] for slug, items in news_demo.ARTICLES.items()}
    procedures = {field: items[:procedures_per_field] for field, items in services_demo.PROCEDURES.items()}
    with mock.patch.object(news_demo, "ARTICLES", articles), mock.patch.object(services_demo, "PROCEDURES", procedures):
        for plugin in registry.all():
            if plugin.load_demo is not None:
                for portal in portals:
                    plugin.load_demo(Portal.objects.select_related("site", "level", "parent").get(pk=portal.pk), io.StringIO())


_NETWORK: dict[str, int] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The migrated test database of this worker, with the network built into it once.

    Provisioning three portals costs about a thousand queries; building them once per
    worker (instead of once per test) is what keeps the suite fast. Each test runs in a
    transaction rolled back at its end, so it starts from this state; a transactional
    test's flush is repaired from the serialized copy taken here (see above).
    """
    from django.db import connections

    with django_db_blocker.unblock():
        _NETWORK.update(_build_network())
        for alias in connections:
            connection = connections[alias]
            if getattr(connection, "_test_serialized_contents", None):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@contextmanager
def module_transaction(django_db_blocker):
    """A transaction on every database around a module's shared world, rolled back after
    the module's last test: build the world inside it once (module-scoped fixture), and
    each test runs in a savepoint within it (pytest-django's ``db``), so what a test
    writes is undone before the next one and the world itself at the end."""
    from django.db import connections, transaction

    with django_db_blocker.unblock():
        atomics = {alias: transaction.atomic(using=alias) for alias in connections}
        for atomic in atomics.values():
            atomic.__enter__()
        try:
            yield
        finally:
            for alias, atomic in reversed(atomics.items()):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


def module_world(build):
    """A module-scoped fixture: ``build(network)`` runs once per module (and worker) in a
    :func:`module_transaction`, and its result is handed to tests through :func:`fresh`.

    For the fixtures many tests of a module share (a category tree with articles, a
    plugin switched on with its index pages): built once instead of once per test,
    while each test still starts from the same rows and gets its own objects."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        with module_transaction(django_db_blocker):
            yield build(network.__wrapped__(None))

    return world


def fresh(value):
    """``value`` with every model instance in it read again from the database (in lists
    and dicts too): what one test changed in memory never reaches the next."""
    from django.db import models

    if isinstance(value, models.Model):
        instance = type(value)._default_manager.get(pk=value.pk)
        return (
            instance.specific
            if hasattr(instance, "specific_class") and type(instance) is not instance.specific_class
            else instance
        )
    if isinstance(value, (list, tuple)):
        return type(value)(fresh(item) for item in value)
    if isinstance(value, dict):
        return {key: fresh(item) for key, item in value.items()}
    return value


@pytest.fixture
def network(db) -> Network:
    """The worker's network, read afresh for each test (tests change portals in memory)."""
    portal_keys, user_keys = ("province", "ward_a", "ward_b"), ("editor_a", "moderator_a", "editor_b", "network_admin")
    portals = Portal.objects.select_related("site").in_bulk([_NETWORK[key] for key in portal_keys])
    users = get_user_model().objects.in_bulk([_NETWORK[key] for key in user_keys])
    return Network(
        **{key: portals[_NETWORK[key]] for key in portal_keys},
        **{key: users[_NETWORK[key]] for key in user_keys},
    )


@pytest.fixture
def portal_client(client):
    """A test client that talks to one portal by hostname: portal_client(portal).get(...)."""

    class _Client:
        def __init__(self, portal):
            self.host = portal.site.hostname if portal is not None else "unknown.localhost"

        def get(self, path, **extra):
            return client.get(path, HTTP_HOST=self.host, **extra)

        def post(self, path, data=None, **extra):
            return client.post(path, data or {}, HTTP_HOST=self.host, **extra)

    return _Client
