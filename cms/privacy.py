"""What the public may see: the one privacy rule every public surface shares.

A page is public when neither it nor any of its ancestors has a Wagtail
``PageViewRestriction`` (password, login, groups). Page querysets use Wagtail's
own ``PageQuerySet.public()``; this module holds the same rule for single pages
and for lists that are not page querysets (related documents, syndication offers).

A Wagtail document is public when neither its collection nor any ancestor
collection has a ``CollectionViewRestriction``. Its file is served only through
Wagtail's document view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which asks
for the password; the local ``/media/`` route never serves the documents folder
(``cms.views.serve_media``).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.query import PageQuerySet

from cms.cache import generations

# Bumped (cms.signals) when a restriction changes or pages publish, move or unpublish.
PRIVACY_TOPIC = "privacy"


_last_paths: dict = {}


def _restriction_paths() -> tuple[list[str], list[str]]:
    """(paths of restricted pages, those plus the paths of their aliases), shared
    by every request of every process until privacy or the tree changes.

    A network has few restrictions and many readers: Wagtail would ask the table
    on every page served and in every ``.public()`` list; here one cache read
    answers until ``privacy`` (or ``all``) moves.
    """
    current = generations(["all", PRIVACY_TOPIC])
    key = f"privacy:paths:{current['all']}.{current[PRIVACY_TOPIC]}"
    if _last_paths.get("key") == key:  # this process read them under these generations
        return _last_paths["paths"]
    paths = cache.get(key)
    if paths is None:
        restricted = list(PageViewRestriction.objects.values_list("page_id", "page__path"))
        aliases = list(Page.objects.filter(alias_of_id__in=[pk for pk, _path in restricted]).values_list("path", flat=True))
        own = sorted({path for _pk, path in restricted})
        paths = (own, sorted({*own, *aliases}))
        cache.set(key, paths, 3600)  # a key per generation: old ones expire
    _last_paths.update(key=key, paths=paths)
    return paths


def install_cached_restrictions():
    """Serve Wagtail's privacy questions from :func:`_restriction_paths`.

    ``Page.get_view_restrictions`` (asked before every page is served) answers an
    empty queryset without a query when no restricted page (nor an alias of one) is
    the page or above it, and asks Wagtail otherwise; ``PageQuerySet.public()`` and
    ``not_public()`` build their filter (``private_q``) from the cached paths, by
    Wagtail's own rule (the restricted page and its descendants).
    """
    if getattr(Page.get_view_restrictions, "cached_paths", False):
        return
    wagtail_get_view_restrictions = Page.get_view_restrictions

    def get_view_restrictions(self):
        _own, effective = _restriction_paths()
        if not any(self.path.startswith(path) for path in effective):
            return PageViewRestriction.objects.none()
        return wagtail_get_view_restrictions(self)

    def private_q(self):
        q = Q()
        for path in _restriction_paths()[0]:
            q |= Q(path__startswith=path)
        # Wagtail's own rule: match no page when no private section exists.
        return q if q else Q(pk__in=[])

    get_view_restrictions.cached_paths = True
    Page.get_view_restrictions = get_view_restrictions
    PageQuerySet.private_q = private_q


def is_public(page) -> bool:
    """True when ``page`` and its ancestors have no view restriction."""
    return not page.get_view_restrictions().exists()


def restricted_paths() -> list[str]:
    """Tree paths of the pages that carry a view restriction (cached, see above)."""
    return list(_restriction_paths()[0])


def path_is_public(path: str, restricted: list[str]) -> bool:
    """``path`` (a page's tree path) is public given ``restricted_paths()``."""
    return not any(path.startswith(prefix) for prefix in restricted)


def public_page_q(prefix: str = "", restricted: list[str] | None = None) -> Q:
    """A filter keeping rows whose page (``<prefix>path``) is public.

    ``prefix`` names the relation to the page, e.g. ``"article__"``; use it on
    querysets of models that point at a page (Wagtail's ``.public()`` works on
    page querysets only).
    """
    restricted = restricted_paths() if restricted is None else restricted
    private = Q()
    for path in restricted:
        private |= Q(**{f"{prefix}path__startswith": path})
    return ~private if private else Q()


def private_collection_ids() -> set[int]:
    """Ids of the collections under a view restriction (theirs or an ancestor's)."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return set()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return set(Collection.objects.filter(query).values_list("pk", flat=True))


def private_document_ids(document_ids) -> set:
    """Those of ``document_ids`` whose Wagtail document is in a private collection."""
    document_ids = [pk for pk in document_ids if pk]
    private = private_collection_ids() if document_ids else set()
    if not private:
        return set()
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.filter(pk__in=document_ids, collection_id__in=private)
    return set(documents.values_list("pk", flat=True))


def collection_subtree_ids(collection_id) -> list[int]:
    """The collection and every collection under it."""
    collection = Collection.objects.filter(pk=collection_id).only("path").first()
    if collection is None:
        return []
    return list(Collection.objects.filter(path__startswith=collection.path).values_list("pk", flat=True))


def atomic_admin_privacy_urls():
    """The admin's privacy dialogs (pages and collections), each in one transaction.

    Wagtail saves or deletes the view restriction in autocommit mode. Wrapped in
    ``transaction.atomic``, the restriction and what it records (search index
    operations, see ``search.indexing``) commit together. These patterns are the
    same paths as Wagtail's and are placed before ``admin/`` in ``cms.urls``, so
    ``reverse("wagtailadmin_pages:set_privacy")`` still leads here.
    """
    from django.urls import path
    from wagtail.admin.urls import collections as collection_urls
    from wagtail.admin.urls import pages as page_urls

    def callback(patterns, name):
        return next(p.callback for p in patterns.urlpatterns if getattr(p, "name", None) == name)

    return [
        path("admin/pages/<int:page_id>/privacy/", transaction.atomic(callback(page_urls, "set_privacy"))),
        path(
            "admin/collections/<int:collection_id>/privacy/",
            transaction.atomic(callback(collection_urls, "set_privacy")),
        ),
    ]
