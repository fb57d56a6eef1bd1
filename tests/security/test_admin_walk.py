"""Agency isolation, generated from the admin URL resolver.

Every URL pattern under ``/admin/`` is requested as the editor and as the
moderator of ward A, with the real ids of ward B's objects filled into its
parameters: pages in every state (draft, in moderation, live with an
unpublished title, private), images, documents in a password-protected
collection, collections, users, and one object of every portal-owned model of
every installed plugin (the test plugin included). Listings, choosers and bulk
actions are asked with B's ids in ``?id=`` and with ``id=all``; searches with
B's marker word.

B's objects carry marker strings (``Bxq-<n>``) that nothing of A's contains, so
a response that contains one leaks B's data. B's rows are fingerprinted before
and after each POST: any change is a cross-portal write. Routes are never listed
by hand: a route Wagtail or a plugin adds later is walked too.

Other portals' *live, public* pages may be offered by choosers under their
published title (a ward links to the province's news), so those titles carry no
marker; their unpublished draft titles do.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Revision,
    Site,
    TaskState,
    WorkflowState,
)

from cms.demo import demo_image
from cms.permissions import portal_models
from registry.plugins import registry
from sites.models import PortalIdentity, StandardPage
from tests import conftest

# Scheduled first (tests/conftest.py): about 300 s on a 2-core machine.
pytestmark = pytest.mark.heavy(300)

MARK_RE = re.compile(r"Bxq-\d+")
SEARCH_WORD = "Bxq"


class Marker:
    def __init__(self):
        self.n = 0

    def __call__(self, text=""):
        self.n += 1
        return f"Bxq-{self.n} {text}".strip()


# --- ward B's world ---------------------------------------------------------------


def _mark_rows(model, queryset, mark):
    """Put a marker into every free-text field of ``queryset``'s rows."""
    text_fields = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not isinstance(f, (models.SlugField, models.URLField, models.EmailField))
        and not f.choices
        and not f.primary_key
        and (not isinstance(f, models.CharField) or (f.max_length or 0) >= 20)
    ]
    for obj in queryset:
        values = {}
        for f in text_fields:
            limit = f.max_length or 10_000
            values[f.attname] = mark(str(getattr(obj, f.attname) or ""))[:limit]
        if values:
            model._default_manager.filter(pk=obj.pk).update(**values)


def _fill_required(model, portal_field, portal, mark):
    """One object of ``model`` for ``portal`` when no plugin demo made one."""
    kwargs = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.has_default() or f.null or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if f.name == portal_field.split("__")[0]:
            kwargs[f.name] = portal
        elif isinstance(f, models.ForeignKey):
            kwargs[f.name] = f.related_model._default_manager.first()
        elif isinstance(f, (models.CharField, models.TextField)):
            kwargs[f.name] = mark()[: f.max_length or 100]
        elif isinstance(f, (models.IntegerField, models.FloatField, models.DecimalField)):
            kwargs[f.name] = 0
        elif isinstance(f, models.BooleanField):
            kwargs[f.name] = False
        elif isinstance(f, models.DateTimeField):
            kwargs[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            kwargs[f.name] = timezone.localdate()
    kwargs.setdefault(portal_field.split("__")[0], portal)
    return model._default_manager.create(**kwargs)


@dataclass
class World:
    network: object
    portal: object
    ids: dict = field(default_factory=dict)  # family -> [ids]
    model_families: dict = field(default_factory=dict)  # model label (lower) -> family


def build_ward_b(network) -> World:
    mark = Marker()
    ward_b = network.ward_b
    ward_b.enabled_plugins = registry.names()
    ward_b.save(update_fields=["enabled_plugins"])
    conftest.load_demos(ward_b)
    world = World(network=network, portal=ward_b)

    # Pages in every state. Published titles of live public pages stay unmarked.
    home = ward_b.site.root_page.specific
    live = StandardPage(title="Trang công khai phường B", slug="cong-khai-b")
    home.add_child(instance=live)
    live.save_revision().publish()
    live.title = mark("draft title of a live page")
    live.save_revision()
    draft = StandardPage(title=mark("never published"), slug="nhap-b", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    moderated = StandardPage(title=mark("in moderation"), slug="cho-duyet-b", live=False)
    home.add_child(instance=moderated)
    revision = moderated.save_revision()
    moderated.get_workflow().start(moderated, network.editor_b)
    private = StandardPage(title=mark("private page"), slug="rieng-tu-b", summary=mark())
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="matkhau")
    private_child = StandardPage(title=mark("under a private page"), slug="con-b")
    private.add_child(instance=private_child)
    private_child.save_revision().publish()
    # Every other page of B (plugin demo pages): a marked unpublished draft title.
    b_pages = Page.objects.filter(path__startswith=home.path)
    for page in b_pages.exclude(pk__in=[home.pk, live.pk, draft.pk, moderated.pk, private.pk, private_child.pk]).specific()[:12]:
        page.title = mark(page.title)
        page.save_revision()

    # Images and documents, one collection password-protected.
    private_collection = ward_b.collection.add_child(name=mark("private collection"))
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.PASSWORD, password="matkhau"
    )
    image = demo_image(mark("image"), collection=ward_b.collection)
    Document = get_document_model()
    documents = [
        Document.objects.create(
            title=mark("document"), collection=ward_b.collection, file=SimpleUploadedFile("b.txt", b"noi dung B")
        ),
        Document.objects.create(
            title=mark("private document"), collection=private_collection, file=SimpleUploadedFile("bp.txt", b"bi mat B")
        ),
    ]

    # B's identity (Settings > Portal identity, a site setting reached by B's site id).
    _mark_rows(PortalIdentity, PortalIdentity.objects.filter(site_id=ward_b.site_id), mark)

    # Staff of B.
    get_user_model().objects.filter(pk=network.editor_b.pk).update(first_name=mark("editor"), last_name=mark())

    # One object of every portal-owned model, all marked.
    for model, portal_field in portal_models(with_network=False):
        queryset = model._default_manager.filter(**{portal_field: ward_b})
        if not queryset.exists():
            _fill_required(model, portal_field, ward_b, mark)
        _mark_rows(model, model._default_manager.filter(**{portal_field: ward_b}), mark)
        label = model._meta.label_lower
        world.model_families[label] = label
        world.ids[label] = list(queryset.values_list("pk", flat=True)[:1])
        assert world.ids[label], f"no object of {label} for ward B"

    # A redirect of B's site (moderators manage their own portal's redirects).
    redirect = Redirect.objects.create(site_id=ward_b.site_id, old_path=f"/{mark()}", redirect_link="https://example.org/")
    world.model_families["wagtailredirects.redirect"] = "redirect"
    world.ids["redirect"] = [redirect.pk]

    homes = Page.objects.filter(translation_key=home.translation_key, depth=2)
    page_ids = [home.pk, live.pk, draft.pk, moderated.pk, private.pk, private_child.pk]
    page_ids += list(b_pages.exclude(pk__in=page_ids).values_list("pk", flat=True)[:1])
    world.ids.update(
        page=page_ids,
        revision=[revision.pk, live.latest_revision_id],
        image=[image.pk],
        document=[d.pk for d in documents],
        collection=[ward_b.collection_id, private_collection.pk],
        portal=[ward_b.pk],
        site=[ward_b.site_id],
        user=[network.editor_b.pk],
        group=[g for g in (ward_b.editors_group_id, ward_b.moderators_group_id) if g],
        workflow_state=list(
            WorkflowState.objects.filter(base_content_type__isnull=False, object_id=str(moderated.pk)).values_list(
                "pk", flat=True
            )
        ),
        task_state=list(TaskState.objects.filter(workflow_state__object_id=str(moderated.pk)).values_list("pk", flat=True)),
    )
    state = WorkflowState.objects.filter(object_id=str(moderated.pk)).first()
    world.ids["workflow"] = [state.workflow_id]
    world.ids["task"] = [state.current_task_state.task_id]
    world.model_families.update(
        {
            get_image_model()._meta.label_lower: "image",
            Document._meta.label_lower: "document",
            get_user_model()._meta.label_lower: "user",
            "auth.group": "group",
            "wagtailcore.collection": "collection",
            "sites.portal": "portal",
            "wagtailcore.site": "site",
            "sites.portalidentity": "site",
        }
    )
    # The site history report lists model log entries by name: one for each kind of B's objects.
    for label, family in world.model_families.items():
        obj = apps.get_model(label)._default_manager.filter(pk__in=world.ids.get(family) or []).first()
        if obj is not None:
            log(instance=obj, action="wagtail.create", user=network.editor_b)
    world.homes = homes
    return world


def fingerprint(world) -> dict[str, str]:
    """A digest per kind of B's rows: any write to them changes it."""
    portal = world.portal
    page_q = models.Q()
    for home in world.homes:
        page_q |= models.Q(path__startswith=home.path)
    page_ids = [str(pk) for pk in Page.objects.filter(page_q).values_list("pk", flat=True)]
    collections = Collection.objects.filter(pk__in=world.ids["collection"])
    groups = [g for g in world.ids["group"]]
    querysets = {
        "pages": Page.objects.filter(page_q),
        "revisions": Revision.objects.filter(object_id__in=page_ids),
        "page privacy": PageViewRestriction.objects.filter(page_id__in=page_ids),
        "workflow states": WorkflowState.objects.filter(object_id__in=page_ids),
        "images": get_image_model().objects.filter(collection__in=collections),
        "documents": get_document_model().objects.filter(collection__in=collections),
        "collections": collections,
        "collection privacy": CollectionViewRestriction.objects.filter(collection__in=collections),
        "portal": type(portal).objects.filter(pk=portal.pk),
        "site": Site.objects.filter(pk=portal.site_id),
        "portal identity": PortalIdentity.objects.filter(site_id=portal.site_id),
        "group page permissions": GroupPagePermission.objects.filter(group_id__in=groups),
        "group collection permissions": GroupCollectionPermission.objects.filter(group_id__in=groups),
        "users": get_user_model().objects.filter(pk__in=world.ids["user"]),
        "redirects": Redirect.objects.filter(site_id=portal.site_id),
        "user groups": get_user_model().groups.through.objects.filter(user_id__in=world.ids["user"]),
    }
    for model, portal_field in portal_models(with_network=True):
        label = model._meta.label
        querysets[label] = (
            model._default_manager.all() if portal_field is None else model._default_manager.filter(**{portal_field: portal})
        )
    digest = {}
    for name, queryset in querysets.items():
        rows = sorted(repr(sorted(row.items())) for row in queryset.values())
        digest[name] = hashlib.sha1("\n".join(rows).encode()).hexdigest() + f" ({len(rows)} rows)"
    return digest


# --- the resolver --------------------------------------------------------------


def admin_patterns():
    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                spaces = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), spaces)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), ":".join(namespaces + (pattern.name or "",))

    return [(route, name) for route, name in walk(get_resolver().url_patterns, "", ()) if route.startswith("admin/")]


PARAM_RE = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")

PARAM_FAMILIES = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "revision_id": "revision",
    "revision_id_a": "revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
}

NAMESPACE_FAMILIES = {
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_pages": "page",
    "wagtailimages": "image",
    "wagtaildocs": "document",
    "wagtailadmin_collections": "collection",
    "sites_portal": "portal",
    "wagtailsites": "site",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtailadmin_workflows": "workflow",
    "wagtailredirects": "redirect",
}


def family_of_route(world, name):
    namespace = name.rsplit(":", 1)[0]
    for prefix, family in NAMESPACE_FAMILIES.items():
        if namespace == prefix or namespace.startswith((prefix + "_", prefix + ":")):
            return family
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_model = namespace[len(prefix) :]
            for label, family in world.model_families.items():
                if label.replace(".", "_") == app_model:
                    return family
            return None
    return None


def all_ids(world):
    return sorted({i for ids in world.ids.values() for i in ids})


def model_choices(world):
    """(app_label, model_name, family) of every kind of B's objects the walk knows."""
    page_types = {
        p.specific_class for p in Page.objects.filter(pk__in=world.ids["page"]).specific(defer=True) if p.specific_class
    }
    choices = [(m._meta.app_label, m._meta.model_name, "page") for m in page_types]
    for label, family in world.model_families.items():
        app_label, model_name = label.split(".")
        choices.append((app_label, model_name, family))
    return choices


def fill(route, values):
    def replace(match):
        return str(values[match.group("name") or match.group("rname")])

    path = PARAM_RE.sub(replace, route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def requests_for(world, route, name):
    """(path, family) pairs: the route with B's ids in its parameters."""
    params = [m.group("name") or m.group("rname") for m in PARAM_RE.finditer(route)]
    if not params:
        return [(fill(route, {}), family_of_route(world, name))]
    route_family = family_of_route(world, name)
    model_params = [
        p for p in params if p in ("app_label", "model_name", "app_name", "content_type_app_name", "content_type_model_name")
    ]
    combos = [dict()]
    if model_params:
        combos = []
        for app_label, model_name, family in model_choices(world):
            base = {}
            for p in model_params:
                base[p] = model_name if "model" in p else app_label
            if "action" in params:
                for action in bulk_action_registry.actions.get(app_label, {}).get(model_name, {}):
                    combos.append({**base, "action": action, "_family": family})
            else:
                combos.append({**base, "_family": family})
    paths = []
    for combo in combos:
        family = combo.pop("_family", None) or route_family
        choices = {}
        for p in params:
            if p in combo:
                continue
            if p in PARAM_FAMILIES:
                choices[p] = world.ids.get(PARAM_FAMILIES[p]) or [1]
            elif p in ("pk", "object_id", "session_id", "uploaded_file_id", "redirect_id"):
                fallback = [world.ids[f][0] for f in ("page", "image", "document", "user") if world.ids.get(f)]
                choices[p] = (world.ids.get(family) if family else fallback) or [1]
            elif p == "action_name":
                choices[p] = ["approve", "reject", "publish", "unpublish", "delete", "move", "copy"]
            elif p == "action":
                choices[p] = ["delete"]
            elif p == "filter_spec":
                choices[p] = ["original"]
            else:
                choices[p] = ["x"]
        # Vary one parameter at a time over its candidates, the others at their first value.
        first = {p: c[0] for p, c in choices.items()}
        variants = [dict(first)]
        for p, candidates in choices.items():
            for value in candidates[1:]:
                variants.append({**first, p: value})
        for variant in variants:
            paths.append((fill(route, {**variant, **combo}), family))
    return paths


# --- the walk -------------------------------------------------------------------

WRITE_RE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
UNWATCHED_TABLES = {"django_session"}


class WriteWatch:
    """The tables a request wrote to, seen by a database execute wrapper (every alias)."""

    def __init__(self):
        self.tables: set[str] = set()
        self._stack = contextlib.ExitStack()

    def _watch(self, execute, sql, params, many, context):
        match = WRITE_RE.match(sql)
        if match and match.group(1) not in UNWATCHED_TABLES:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)

    def __enter__(self):
        for alias in connections:
            self._stack.enter_context(connections[alias].execute_wrapper(self._watch))
        return self

    def __exit__(self, *exc):
        self._stack.close()


@dataclass
class Report:
    routes: int = 0
    requests: int = 0
    refused: int = 0
    leaks: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    leaking_routes: set = field(default_factory=set)


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def walk_admin(client, user, world, report, patterns):
    from urllib.parse import urlencode

    client.raise_request_exception = False
    client.force_login(user)
    everything = all_ids(world)
    home_id = world.portal.site.root_page_id
    before = fingerprint(world)
    for route, name in patterns:
        report.routes += 1
        paths = []
        for path, family in requests_for(world, route, name):
            try:
                resolve(path)
            except Resolver404:
                continue
            paths.append((path, family))
        for index, (path, family) in enumerate(paths):
            ids = world.ids.get(family) if family else everything
            listing = urlencode(
                {
                    "id": ids or everything,
                    "childOf": home_id,
                    "child_of": home_id,
                    "descendant_of": home_id,
                    "parent_page_id": home_id,
                    "collection_id": world.ids["collection"][0],
                },
                doseq=True,
            )
            requests = [("get", f"{path}?{listing}")]
            if "<" not in route:  # listings and searches: B's marker word
                requests.append(("get", f"{path}?q={SEARCH_WORD}&search={SEARCH_WORD}"))
            if index == 0 or "bulk" in path:
                requests.append(("post", f"{path}?{listing}"))
            if "bulk" in path:
                requests += [("get", f"{path}?id=all"), ("post", f"{path}?id=all")]
            for method, url in requests:
                if "_auth_user_id" not in client.session:
                    client.force_login(user)
                with WriteWatch() as writes:
                    response = getattr(client, method)(url)
                report.requests += 1
                if response.status_code >= 500:
                    report.errors.append(f"{user.username} {method.upper()} {url} -> {response.status_code}")
                    continue
                if response.status_code in (302, 400, 403, 404, 405):
                    report.refused += 1
                found = MARK_RE.findall(_body(response))
                if found:
                    report.leaks.append(
                        f"{user.username} {method.upper()} {url} ({name}) -> {response.status_code} shows {sorted(set(found))[:3]}"
                    )
                    report.leaking_routes.add(name or route)
                # A refused POST wrote nothing (the end-of-walk fingerprint checks that too).
                # B's rows are digested again only after a request that wrote to some
                # table (other than the session's): a request that wrote nothing changed nothing.
                if method == "post" and writes.tables and (index == 0 or "bulk" in path):
                    after = fingerprint(world)
                    if after != before:
                        changed = [k for k in after if after[k] != before.get(k)]
                        report.changes.append(f"{user.username} POST {url} ({name}) changed B's {changed}")
                        before = after


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Ward B's world, built once per module and worker in a transaction rolled back
    after the module's last test; each test runs in a savepoint inside it, so what
    ward A's staff write during a walk is undone before the next one."""
    with conftest.module_transaction(django_db_blocker):
        world = build_ward_b(conftest.network.__wrapped__(None))
        world.initial_fingerprint = fingerprint(world)
        yield world


SHARDS = 2
ROLES = ("editor_a", "moderator_a")


# One module-level test (not a class per role): pytest-xdist's loadscope keeps a module on
# one worker, so ward B's world is built once per run instead of once on each worker; the
# module is the run's longest and goes first (heavy), the other worker takes the other long
# modules meanwhile. The shards keep each test's report short.
@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("role", ROLES)
def test_no_admin_route_shows_or_changes_another_portals_data(client, db, world, role, shard):
    user = getattr(world.network, role)
    patterns = admin_patterns()
    report = Report()
    walk_admin(client, user, world, report, patterns[shard::SHARDS])
    # Writes the per-request check did not look at (a later variant of a route): none either.
    assert fingerprint(world) == world.initial_fingerprint, "ward B's data changed during the walk"
    summary = (
        f"admin walk as {user.username}, shard {shard + 1}/{SHARDS}: {report.routes} of {len(patterns)} route patterns, "
        f"{report.requests} requests, {report.refused} refused, {len(report.leaks)} leaks, "
        f"{len(report.changes)} cross-portal changes, {len(report.errors)} server errors"
    )
    print(summary)
    details = "\n".join(
        [f"leaking routes: {sorted(report.leaking_routes)}"] + report.leaks[:40] + report.changes[:30] + report.errors[:30]
    )
    assert not report.leaks and not report.changes, summary + "\n" + details
    assert len(patterns) > 300 and report.requests > 400, summary
