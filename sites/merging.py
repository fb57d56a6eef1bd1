"""Merging portals after a reorganisation (issue #16; ``manage.py merge_portals``).

On 1 July 2025 Vietnam merged its communes and most provinces: a unit that no longer
exists hands everything it published to the unit that absorbed it, and every link to
it, printed in documents and newspapers, keeps working. :func:`merge_portal` moves one
portal (``old``) into another (``into``):

1. **pages**, in each language: a section of ``old`` whose slug the target also has, with
   the same page type that takes sub-pages (``tin-tuc``, ``van-ban`` …), hands its pages to
   the target's section (and its old URL leads there); every section itself, with its own
   text and what is left in it, goes under an archive section named after the old unit
   (``sites.MergedUnitPage``, slug = the old codename): nothing is deleted. A slug already
   taken gets the old codename appended. Wagtail's move re-indexes what moved;
2. **the old URLs**: before a page moves, its old path on the old site is kept as a
   permanent redirect to the page (``wagtail.contrib.redirects.Redirect``, the stored
   path map: it follows the page wherever it later moves); the old hostname stays a Site
   whose every request answers 301 (``cms.middleware.PortalMiddleware``): to the stored
   redirect, else the same path on the target (plugin routes: ``/hoi-dap/12/`` …);
3. **images and documents**: the old portal's collection becomes a child of the target's
   (privacy settings kept);
4. **every plugin's objects**, through the contract (``Plugin.merge``: count and merge),
   so the core knows no plugin by name; counters are summed;
5. **staff**: moved into the target's matching groups, or deactivated (``staff``); either
   way the old groups lose every right they had (the moved pages and collection are the
   target's now);
6. the old portal is marked "merged into …" (``Portal.merged_into``): out of the member
   list and the search, kept for audit; its member portals are re-parented to the target
   (merging a province).

Every step is idempotent: a rerun completes an interrupted merge and otherwise changes
nothing. Counts are taken before and after, per kind: what the old portal had must be
the target's, or the merge fails.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import find_available_slug
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from registry.plugins import registry
from sites.models import MergedUnitPage, Portal

STAFF_CHOICES = ("move", "deactivate")

# Sent (after commit) when a portal was merged into another: old=, into= (the upper
# layers react: the search re-indexes both portals' documents).
portal_merged = Signal()


# -- what a plugin uses ------------------------------------------------------------------------


def reassign(model, from_portal, into_portal, field: str = "portal") -> int:
    """Hand ``model``'s rows of ``from_portal`` to ``into_portal`` (``field``: the foreign
    key to the portal); the rows moved."""
    return model._default_manager.filter(**{field: from_portal}).update(**{field: into_portal})


def count_of(model, portal, field: str = "portal") -> int:
    return model._default_manager.filter(**{field: portal}).count()


# -- counting ------------------------------------------------------------------------------------


def _homes(portal) -> list[Page]:
    return list(portal.root_pages().select_related("locale"))


def core_counts(portal) -> Counter:
    pages = 0
    for home in _homes(portal):
        pages += Page.objects.filter(path__startswith=home.path, depth__gt=home.depth).count()
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    collections = Collection.objects.descendant_of(portal.collection, inclusive=True) if portal.collection_id else []
    return Counter(
        {
            "pages": pages,
            "images": get_image_model().objects.filter(collection__in=collections).count() if collections else 0,
            "documents": get_document_model().objects.filter(collection__in=collections).count() if collections else 0,
        }
    )


def _models(spec):
    """(model, portal field) of each row kind a plugin declares in ``PortalMerge.models``."""
    for item in spec.models:
        label, portal_field = (item, "portal") if isinstance(item, str) else item
        yield apps.get_model(label), portal_field


def counts(portal) -> Counter:
    """Everything ``portal`` keeps, per kind: the core's and every plugin's."""
    total = core_counts(portal)
    for plugin in registry.all():
        spec = plugin.merge
        if spec is None:
            continue
        for model, portal_field in _models(spec):
            total[f"{plugin.name}.{model._meta.model_name}"] += count_of(model, portal, portal_field)
        if spec.count:
            for kind, number in registry.load(spec.count)(portal).items():
                total[f"{plugin.name}.{kind}"] += number
    return total


def merge_plugins(old: Portal, into: Portal) -> None:
    for plugin in registry.all():
        spec = plugin.merge
        if spec is None:
            continue
        for model, portal_field in _models(spec):
            reassign(model, old, into, portal_field)
        if spec.merge:
            registry.load(spec.merge)(old, into)


# -- the merge -----------------------------------------------------------------------------------


@dataclass
class MergeResult:
    old: Portal
    into: Portal
    before_old: Counter
    before_into: Counter
    after_old: Counter = field(default_factory=Counter)
    after_into: Counter = field(default_factory=Counter)
    redirects: int = 0
    archives: int = 0  # archive sections created (``MergedUnitPage``)

    def missing(self) -> dict[str, int]:
        """Kinds the target does not hold in full (``before_old + before_into`` expected,
        plus the archive sections made for the old unit)."""
        expected = self.before_old + self.before_into
        expected["pages"] += self.archives
        return {
            kind: expected[kind] - self.after_into[kind]
            for kind in expected
            if self.after_into[kind] < expected[kind] or self.after_old[kind]
        }


def _old_path(page, site_id) -> str | None:
    parts = page.get_url_parts()
    if parts is None or parts[0] != site_id:
        return None
    return Redirect.normalise_path(parts[2])


def _keep_old_paths(old: Portal, pages) -> int:
    """A permanent redirect from each page's path on the old site to the page."""
    made = 0
    for page in pages:
        path = _old_path(page, old.site_id)
        if path and path != "/":
            _redirect, created = Redirect.objects.get_or_create(
                site=old.site, old_path=path, defaults={"redirect_page": page, "is_permanent": True}
            )
            made += created
    return made


def _archive_section(old: Portal, into_home: Page, made: list) -> Page:
    existing = into_home.get_children().filter(slug=old.codename).first()
    if existing is not None:
        return existing
    english = into_home.locale.language_code != old.site.root_page.locale.language_code
    title = f"{old.name_en or old.name} (before the merger)" if english else f"{old.name} (trước sáp nhập)"
    section = MergedUnitPage(title=title, slug=old.codename, show_in_menus=False, locale=into_home.locale)
    into_home.add_child(instance=section)
    section.save_revision().publish()
    made.append(section.pk)
    return Page.objects.get(pk=section.pk)


def _free_slug(page, target_parent, old: Portal) -> None:
    if target_parent.get_children().filter(slug=page.slug).exclude(pk=page.pk).exists():
        page.slug = find_available_slug(target_parent, f"{page.slug}-{old.codename}")
        page.save(update_fields=["slug"], clean=False)


def _move(page, target_parent, old: Portal) -> None:
    page = Page.objects.get(pk=page.pk)  # fresh tree fields: earlier moves changed them
    _free_slug(page.specific, target_parent, old)
    page = Page.objects.get(pk=page.pk)
    page.move(Page.objects.get(pk=target_parent.pk), pos="last-child")


def _takes_children(page) -> bool:
    return bool(page.specific_class.allowed_subpage_models())


def _same_section(parent, section):
    """The child of ``parent`` that is ``section``'s counterpart: the same slug and page
    type, a type that takes sub-pages (a news category, the legal-document list)."""
    match = parent.get_children().filter(slug=section.slug, content_type_id=section.content_type_id).first()
    return match if match is not None and _takes_children(match) else None


def _fold(section, match, old: Portal) -> None:
    """Hand ``section``'s pages to its counterpart ``match`` (recursively: a sub-category
    the target also has, with pages of its own, is folded too). The emptied section keeps
    its own content where it is; its old URL now leads to ``match``."""
    for child in list(section.get_children().specific()):
        counterpart = _same_section(match, child)
        if counterpart is not None and child.get_children().exists():
            _fold(child, counterpart, old)
        else:
            _move(child, match, old)
    Redirect.objects.filter(redirect_page=section).update(redirect_page=match)


def move_pages(old: Portal, into: Portal) -> tuple[int, int]:
    """Move the old portal's sections (both languages) into the target; returns the
    redirects kept and the archive sections made. A section the target also has (the
    same slug and type, taking sub-pages: news, the legal-document list) hands its pages
    to the target's; every section itself, with what is left in it, then goes under the
    old unit's archive section (nothing is deleted)."""
    kept = 0
    made: list[int] = []
    into_homes = {home.locale_id: home for home in _homes(into)}
    for old_home in _homes(old):
        into_home = into_homes.get(old_home.locale_id)
        if into_home is None:
            continue
        for section in list(old_home.get_children().specific()):
            kept += _keep_old_paths(old, Page.objects.descendant_of(section, inclusive=True))
            match = _same_section(into_home, section)
            if match is not None and section.get_children().exists():
                _fold(section, match, old)
            _move(section, _archive_section(old, into_home, made), old)
    return kept, len(made)


def move_collection(old: Portal, into: Portal) -> None:
    if not old.collection_id or not into.collection_id:
        return
    collection = Collection.objects.get(pk=old.collection_id)
    target = Collection.objects.get(pk=into.collection_id)
    if not collection.is_descendant_of(target):
        collection.move(target, pos="sorted-child")  # collections keep their names in order
    # The collection is the target's now (its staff's collection permissions reach it).
    Portal.objects.filter(pk=old.pk).update(collection=None)
    old.collection = None


def hand_over_staff(old: Portal, into: Portal, staff: str) -> int:
    """Move (or deactivate) the old portal's staff; the old groups keep no right."""
    User = get_user_model()
    handled = 0
    pairs = [
        (old.editors_group, into.editors_group),
        (old.moderators_group, into.moderators_group),
        (getattr(old, "admins_group", None), getattr(into, "admins_group", None)),
    ]
    for old_group, new_group in pairs:
        if old_group is None:
            continue
        for user in User.objects.filter(groups=old_group):
            if staff == "move" and new_group is not None:
                user.groups.add(new_group)
            elif staff == "deactivate" and user.is_active:
                user.is_active = False
                user.save(update_fields=["is_active"])
            user.groups.remove(old_group)
            handled += 1
        GroupPagePermission.objects.filter(group=old_group).delete()
        GroupCollectionPermission.objects.filter(group=old_group).delete()
    return handled


def check_merge(old: Portal, into: Portal) -> None:
    """Raise ValueError when ``old`` cannot be merged into ``into``."""
    if old.pk == into.pk:
        raise ValueError("A portal cannot be merged into itself.")
    if into.merged_into_id is not None:
        raise ValueError(f"{into.site.hostname} was itself merged into another portal.")
    if old.merged_into_id not in (None, into.pk):
        raise ValueError(f"{old.site.hostname} was already merged into another portal.")


def merge_portal(old: Portal, into: Portal, staff: str = "move") -> MergeResult:
    """Merge ``old`` into ``into`` (see the module's docstring); idempotent."""
    check_merge(old, into)
    result = MergeResult(old=old, into=into, before_old=counts(old), before_into=counts(into))
    with transaction.atomic():
        if old.merged_into_id is None:
            old.merged_into = into
            old.save(update_fields=["merged_into"])
        result.redirects, result.archives = move_pages(old, into)
        for home in _homes(old):  # the old home pages answer with the target's
            Redirect.objects.get_or_create(
                site=old.site,
                old_path=Redirect.normalise_path(_old_path(home, old.site_id) or "/"),
                defaults={"redirect_page": into.site.root_page.get_translation_or_none(home.locale) or into.site.root_page},
            )
        move_collection(old, into)
        merge_plugins(old, into)
        hand_over_staff(old, into, staff)
        Portal.objects.filter(parent=old).update(parent=into)
        old.refresh_from_db()
        old.enabled_plugins = []
        old.merged_at = old.merged_at or timezone.now()
        old.save()
    # The search queues both portals' documents again (search.indexing); saving the old
    # portal above emptied the page cache and the hostname map (cms.signals).
    transaction.on_commit(lambda: portal_merged.send(sender=Portal, old=old, into=into), robust=True)
    result.after_old = counts(Portal.objects.get(pk=old.pk))
    result.after_into = counts(Portal.objects.get(pk=into.pk))
    return result
