"""No index update is ever lost.

Every change that can alter the index (a watched model saved or deleted, a page
published, unpublished or moved, a portal's plugins switched or its parent
changed) records an :class:`IndexOperation` in the same database transaction
as the change. When the transaction commits, the django-tasks task
:func:`apply_index_operations` (below) applies the waiting operations in
order. An operation records only *what* changed; applying it reads the current
state (``provider.document_for``), so applying twice or late is harmless. When
the engine fails, operations stay (attempts + 1, last error) and are applied
by the next run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache import SEARCH_TOPIC, bump
from search.documents import portal_scopes, prepare
from search.engines import get_engine
from search.models import IndexOperation
from search.providers import all_providers, provider_for_kind, providers_for_model

logger = logging.getLogger(__name__)
BATCH = 500


# -- recording ----------------------------------------------------------------
def _model_label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _schedule():
    """Enqueue the apply task when the current transaction commits.

    Each run applies every waiting operation, so a second run queued by the
    same transaction finds nothing left to do.
    """
    transaction.on_commit(run_apply_task, robust=True)


def record(instance, action: str, model=None) -> list[IndexOperation]:
    model = model or type(instance)
    if isinstance(instance, Page):
        model = instance.specific_class or model
    ops = []
    for provider in providers_for_model(model):
        ops.append(
            IndexOperation(
                document_id=provider.document_id(instance),
                kind=provider.kind,
                model=_model_label(model),
                object_pk=str(instance.pk),
                action=action,
            )
        )
    if ops:
        IndexOperation.objects.bulk_create(ops)
        _schedule()
    return ops


def record_portal(portal_id: int, kinds: Iterable[str]) -> None:
    ops = [
        IndexOperation(kind=kind, object_pk=str(portal_id), action=IndexOperation.PORTAL, model="sites.Portal") for kind in kinds
    ]
    if ops:
        IndexOperation.objects.bulk_create(ops)
        _schedule()


def _on_save(sender, instance, raw=False, **kwargs):
    if raw or sender is IndexOperation or sender._meta.app_label in ("search", "sessions", "contenttypes"):
        return
    if not providers_for_model(sender if not isinstance(instance, Page) else (instance.specific_class or sender)):
        return
    record(instance, IndexOperation.UPSERT)


def _on_delete(sender, instance, **kwargs):
    if sender._meta.app_label in ("search", "sessions"):
        return
    if isinstance(instance, Page) and type(instance) is Page:
        return  # the specific class's own post_delete records it
    if providers_for_model(sender):
        record(instance, IndexOperation.DELETE, model=sender)


def _on_page_change(sender, instance, **kwargs):
    record(instance, IndexOperation.UPSERT)


def record_subtree(page) -> int:
    """Record an upsert for ``page`` and every page under it (one insert per batch)."""
    ops = []
    for node in Page.objects.descendant_of(page, inclusive=True).only("pk", "content_type").iterator(chunk_size=BATCH):
        model = node.specific_class
        for provider in providers_for_model(model) if model is not None else ():
            ops.append(
                IndexOperation(
                    document_id=provider.document_id(node),
                    kind=provider.kind,
                    model=_model_label(model),
                    object_pk=str(node.pk),
                    action=IndexOperation.UPSERT,
                )
            )
    if ops:
        IndexOperation.objects.bulk_create(ops, batch_size=BATCH)
        _schedule()
    return len(ops)


def _on_page_move(sender, instance, **kwargs):
    # The page and everything under it has a new URL (and maybe a new portal).
    record_subtree(instance)


def _on_page_privacy(sender, instance, raw=False, **kwargs):
    """A view restriction was saved or deleted: the page and its subtree become
    private (providers then return no document, so they leave the index) or
    public again (re-indexed)."""
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).only("pk", "path", "depth").first()
    if page is not None:  # None: the page itself is being deleted (it leaves the index anyway)
        record_subtree(page)


def _on_collection_privacy(sender, instance, raw=False, **kwargs):
    """A collection's view restriction changed: content using its documents
    (e.g. text extracted from attached files) is indexed again."""
    if raw:
        return
    from wagtail.documents import get_document_model

    from cms.privacy import collection_subtree_ids

    collections = collection_subtree_ids(instance.collection_id)
    if collections:
        documents = get_document_model().objects.filter(collection_id__in=collections).values_list("pk", flat=True)
        _record_document_users(list(documents))


def _document_before_save(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        instance._search_previous_collection = None
        return
    instance._search_previous_collection = sender.objects.filter(pk=instance.pk).values_list("collection_id", flat=True).first()


def _on_document_save(sender, instance, raw=False, created=False, **kwargs):
    """A document moved to another collection (maybe a private one)."""
    previous = getattr(instance, "_search_previous_collection", None)
    instance._search_previous_collection = None
    if raw or created or previous is None or previous == instance.collection_id:
        return
    _record_document_users([instance.pk])


def _record_document_users(document_ids: list) -> None:
    """Upserts for every instance a provider builds from these Wagtail documents."""
    if not document_ids:
        return
    for provider in all_providers():
        finder = getattr(provider, "instances_for_documents", None)
        if finder is None:
            continue
        for instance in finder(document_ids):
            record(instance, IndexOperation.UPSERT)


def _portal_before_save(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    old = sender.objects.filter(pk=instance.pk).values("enabled_plugins", "parent_id").first()
    instance._search_previous = old


def _portal_after_save(sender, instance, created=False, raw=False, **kwargs):
    old = getattr(instance, "_search_previous", None)
    instance._search_previous = None
    if raw or created or old is None:
        return
    if old["parent_id"] != instance.parent_id:
        record_portal(instance.pk, ["*"])
        return
    switched = set(old["enabled_plugins"] or []) ^ set(instance.enabled_plugins or [])
    kinds = [p.kind for p in all_providers() if p.plugin_name and p.plugin_name in switched]
    record_portal(instance.pk, kinds)


def _portal_deleted(sender, instance, **kwargs):
    record_portal(instance.pk, ["-"])


def _portal_merged(sender, old, into, **kwargs):
    # Pages moved (their move signals queued them); plugin objects changed portal in bulk.
    record_portal(into.pk, ["*"])
    record_portal(old.pk, ["*"])


def connect():
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction, PageViewRestriction

    from sites.merging import portal_merged
    from sites.models import Portal

    Document = get_document_model()

    post_save.connect(_on_save, dispatch_uid="search.on_save")
    post_delete.connect(_on_delete, dispatch_uid="search.on_delete")
    page_published.connect(_on_page_change, dispatch_uid="search.page_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="search.page_unpublished")
    post_page_move.connect(_on_page_move, dispatch_uid="search.page_moved")
    pre_save.connect(_portal_before_save, sender=Portal, dispatch_uid="search.portal_before")
    post_save.connect(_portal_after_save, sender=Portal, dispatch_uid="search.portal_after")
    post_delete.connect(_portal_deleted, sender=Portal, dispatch_uid="search.portal_deleted")
    portal_merged.connect(_portal_merged, dispatch_uid="search.portal_merged")
    for signal in (post_save, post_delete):
        signal.connect(_on_page_privacy, sender=PageViewRestriction, dispatch_uid=f"search.page_privacy.{id(signal)}")
        signal.connect(
            _on_collection_privacy, sender=CollectionViewRestriction, dispatch_uid=f"search.collection_privacy.{id(signal)}"
        )
    pre_save.connect(_document_before_save, sender=Document, dispatch_uid="search.document_before")
    post_save.connect(_on_document_save, sender=Document, dispatch_uid="search.document_after")


# -- applying -----------------------------------------------------------------
def _load(ops: list[IndexOperation]) -> dict[int, Any]:
    """The objects of upsert operations, one query per model: {operation pk: instance}."""
    by_model: dict[str, list[IndexOperation]] = {}
    for op in ops:
        by_model.setdefault(op.model, []).append(op)
    found = {}
    for label, model_ops in by_model.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        pk_field = model._meta.pk
        keys = {}
        for op in model_ops:
            try:
                keys[op.pk] = pk_field.to_python(op.object_pk)
            except ValidationError:
                continue
        instances = model._default_manager.in_bulk(set(keys.values()))
        found.update({op_pk: instances[key] for op_pk, key in keys.items() if key in instances})
    return found


def _documents_of(ops: list[IndexOperation]) -> dict[int, Any]:
    """{operation pk: its document, None (nothing to index) or the provider's exception},
    each provider asked once for the batch of its objects (``documents_for``)."""
    upserts = [op for op in ops if op.action == IndexOperation.UPSERT and provider_for_kind(op.kind)]
    instances = _load(upserts)
    by_kind: dict[str, list[IndexOperation]] = {}
    for op in upserts:
        if op.pk in instances:
            by_kind.setdefault(op.kind, []).append(op)
    documents: dict[int, Any] = {}
    for kind, kind_ops in by_kind.items():
        provider = provider_for_kind(kind)
        try:
            built = provider.documents_for([instances[op.pk] for op in kind_ops])
        except Exception:  # find the object it fails on: one by one
            built = []
            for op in kind_ops:
                try:
                    built.append(provider.document_for(instances[op.pk]))
                except Exception as error:
                    logger.exception("Search provider %s failed on %s", kind, op.object_pk)
                    built.append(error)
        documents.update({op.pk: document for op, document in zip(kind_ops, built, strict=True)})
    return documents


def _portal_documents(portal, kind: str):
    """Documents of a portal for one kind ("*" = every kind)."""
    for provider in all_providers():
        if kind != "*" and provider.kind != kind:
            continue
        if provider.plugin_name and not portal.has_plugin(provider.plugin_name):
            continue
        yield from provider.documents(portal=portal)


def _apply_portal_op(engine, op: IndexOperation, scopes) -> None:
    from sites.models import Portal

    portal_id = int(op.object_pk)
    if op.kind == "-":  # the portal was deleted
        engine.delete_where(portal_id=portal_id)
        return
    portal = Portal.objects.select_related("site").filter(pk=portal_id).first()
    if portal is None:
        engine.delete_where(portal_id=portal_id)
        return
    targets = [portal]
    if op.kind == "*":  # moved in the network: its members' scopes changed too
        queue = [portal]
        while queue:
            children = list(Portal.objects.select_related("site").filter(parent__in=queue))
            targets += children
            queue = children
    for target in targets:
        documents = (prepare(doc, scopes) for doc in _portal_documents(target, op.kind))
        if op.kind == "*":
            engine.rebuild(documents, portal_id=target.pk)
        else:
            engine.delete_where(portal_id=target.pk, kinds=[op.kind])
            engine.index(documents)


def apply_pending(engine=None, max_batches: int = 1000) -> dict:
    """Apply waiting operations in order. Returns {"applied", "failed", "pending"}."""
    engine = engine or get_engine()
    applied = failed = 0
    scopes = None
    seen_failed: set[int] = set()
    for _batch in range(max_batches):
        ops = list(IndexOperation.objects.exclude(pk__in=seen_failed).order_by("pk")[:BATCH])
        if not ops:
            break
        scopes = scopes or portal_scopes()
        # Operations on a portal are applied on their own, in order.
        if ops[0].action == IndexOperation.PORTAL:
            group = [ops[0]]
        else:
            group = []
            for op in ops:
                if op.action == IndexOperation.PORTAL:
                    break
                group.append(op)
        try:
            bad = _apply_group(engine, group, scopes)
        except Exception as error:  # the engine is down: everything waits
            logger.warning("Search engine failed, %d index operations wait: %s", len(group), error)
            IndexOperation.objects.filter(pk__in=[op.pk for op in group]).update(last_error=str(error)[:2000])
            for op in group:
                IndexOperation.objects.filter(pk=op.pk).update(attempts=op.attempts + 1)
            failed += len(group)
            break
        done = [op.pk for op in group if op.pk not in bad]
        IndexOperation.objects.filter(pk__in=done).delete()
        applied += len(done)
        failed += len(bad)
        seen_failed |= set(bad)
    if applied:
        bump(SEARCH_TOPIC)  # cached search pages and answers are stale, nothing else
    return {"applied": applied, "failed": failed, "pending": IndexOperation.objects.count()}


def _apply_group(engine, group: list[IndexOperation], scopes) -> set[int]:
    """Apply a group; returns pks of operations a provider failed on (kept)."""
    if len(group) == 1 and group[0].action == IndexOperation.PORTAL:
        _apply_portal_op(engine, group[0], scopes)
        return set()
    latest: dict[tuple[str, str, str], IndexOperation] = {}
    for op in group:
        latest[(op.kind, op.model, op.object_pk)] = op
    to_index, to_delete, bad = [], [], set()
    documents = _documents_of(list(latest.values()))
    for op in latest.values():
        document = documents.get(op.pk)
        if isinstance(document, Exception):  # a provider bug must not block the queue
            IndexOperation.objects.filter(pk=op.pk).update(attempts=op.attempts + 1, last_error=repr(document)[:2000])
            bad.add(op.pk)
            continue
        if document is None:
            if op.document_id:
                to_delete.append(op.document_id)
        else:
            to_delete.extend([op.document_id] if op.document_id and op.document_id != document.id else [])
            to_index.append(prepare(document, scopes))
    if to_delete:
        engine.delete(to_delete)
    if to_index:
        engine.index(to_index)
    # Older operations of the same objects in this group are done too.
    return {op.pk for op in group if op.pk in bad}


# --- the django-tasks task that applies waiting index operations ---

RETRY_AFTER = datetime.timedelta(minutes=1)


@task()
def apply_index_operations():
    result = apply_pending()
    if result["pending"]:
        _retry_later()
    return result


def _retry_later():
    backend = apply_index_operations.get_backend()
    if getattr(backend, "supports_defer", False):
        apply_index_operations.using(run_after=timezone.now() + RETRY_AFTER).enqueue()


def run_apply_task():
    """on_commit callback: queue the task (immediate backend: run it now)."""
    apply_index_operations.enqueue()
