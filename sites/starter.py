"""The starter kit: every portal complete on day one (network layer).

The rules for state portals (Decree 42/2022/ND-CP) ask every agency's portal to
publish its introduction, functions and duties, organisation, leadership,
contact information, legal documents, procedures and Q&A from the first day.
The kit is the list of sections that give a portal those pages:

* **declared** by the core (:data:`CORE_SECTIONS`) and by plugins
  (``Plugin.starter_sections``), as :class:`registry.plugins.StarterSection`;
* **kept as data** the network admins edit (``sites.StarterSection`` rows,
  *Settings > Starter kit*): titles and introductions in both languages, slug,
  order, on/off. :func:`seed_kit` adds the rows of sections declared since the
  last run and never changes or re-adds one an admin edited (switch a section
  off rather than deleting it: a deleted row is seeded again);
* **applied** by :func:`apply_starter` to one portal, idempotently: each enabled
  section of the portal's level whose page type is available (its plugin on for
  the portal) becomes a page under the portal's home (or under its parent
  section's page) when no page sits at that slug yet, with its English
  translation under ``/en/``. Provisioning applies it to new portals;
  ``manage.py provision_starter --all`` to existing ones.

A page the kit created is recorded as a :class:`sites.models.StarterPage` with
``filled=False`` until the portal's staff publish it; such pages show a neutral
notice ("being updated") rather than placeholder text. Plugin routes
(``/thu-tuc/``, ``/hoi-dap/`` ...) need no page: they answer wherever the plugin
is on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from registry.plugins import StarterSection as SectionSpec
from registry.plugins import registry
from sites.models import Portal, PortalLevel, StarterPage, StarterSection

CORE_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        key="core.about",
        slug="gioi-thieu",
        title="Giới thiệu",
        title_en="About",
        page_model="sites.StandardPage",
        order=10,
        intro="Vị trí, chức năng, nhiệm vụ và quyền hạn.",
        intro_en="Position, functions, duties and powers.",
    ),
    SectionSpec(
        key="core.contact",
        slug="lien-he",
        title="Liên hệ",
        title_en="Contact",
        page_model="sites.ContactPage",
        order=80,
        intro="Địa chỉ, điện thoại, thư điện tử và cán bộ đầu mối liên hệ.",
        intro_en="Address, phone, e-mail and contact officials.",
    ),
    SectionSpec(
        key="core.members",
        slug="cong-thanh-vien",
        title="Cổng thành viên",
        title_en="Member portals",
        page_model="sites.MemberDirectoryPage",
        levels=("province",),
        order=85,
        intro="Cổng, trang thông tin điện tử của các sở, ban, ngành và xã, phường, đặc khu.",
        intro_en="Portals of the departments, communes, wards and special zones.",
    ),
    SectionSpec(
        key="core.sitemap",
        slug="so-do-cong",
        title="Sơ đồ cổng",
        title_en="Site map",
        page_model="sites.SiteMapPage",
        order=90,
        show_in_menus=False,
        intro="Các chuyên mục và trang của cổng thông tin.",
        intro_en="The sections and pages of this portal.",
    ),
)


def declared_sections() -> list[SectionSpec]:
    """The core's sections and those of every installed plugin."""
    return [*CORE_SECTIONS, *(section for plugin in registry.all() for section in plugin.starter_sections)]


def seed_kit() -> int:
    """Add kit rows for declared sections not seeded yet; returns how many were added."""
    levels = {level.code: level for level in PortalLevel.objects.all()}
    existing = set(StarterSection.objects.values_list("key", "level__code"))
    added = 0
    for spec in declared_sections():
        targets = [None] if spec.levels is None else [levels[code] for code in spec.levels if code in levels]
        for level in targets:
            if (spec.key, level.code if level else None) in existing:
                continue
            row = StarterSection(
                key=spec.key,
                level=level,
                parent_key=spec.parent or "",
                slug=spec.slug,
                page_model=spec.page_model,
                sort_order=spec.order,
                show_in_menus=spec.show_in_menus,
            )
            row.title = row.title_vi = spec.title
            row.title_en = spec.title_en
            row.intro = row.intro_vi = spec.intro
            row.intro_en = spec.intro_en
            row.save()
            added += 1
    return added


def kit_for(level: PortalLevel) -> list[StarterSection]:
    """The enabled sections of ``level`` (its own rows win over every-level rows of the same key)."""
    rows = StarterSection.objects.filter(enabled=True).filter(level__isnull=True) | StarterSection.objects.filter(
        enabled=True, level=level
    )
    by_key: dict[str, StarterSection] = {}
    for row in rows.order_by("sort_order", "key"):
        if row.key not in by_key or row.level_id is not None:
            by_key[row.key] = row
    return sorted(by_key.values(), key=lambda r: (r.sort_order, r.key))


def _page_model(row: StarterSection):
    """The section's page type, or None when it is not installed or its plugin is off for the portal."""
    try:
        model = apps.get_model(row.page_model)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, Page) else None


def _available(model, portal: Portal) -> bool:
    plugin = registry.plugin_of_model(model)
    return plugin is None or portal.has_plugin(plugin.name)


@dataclass
class StarterResult:
    portal: Portal
    created: list[str] = field(default_factory=list)  # keys of sections created now
    translated: list[str] = field(default_factory=list)  # keys given an English page now
    present: list[str] = field(default_factory=list)  # keys whose slug already had a page
    skipped: list[str] = field(default_factory=list)  # keys whose page type is not available here


def apply_starter(portal: Portal, dry_run: bool = False) -> StarterResult:
    """Give ``portal`` every section of its level's kit it lacks (both languages)."""
    result = StarterResult(portal)
    home = portal.site.root_page.specific
    en = Locale.objects.filter(language_code="en").first()
    pages: dict[str, Page] = {}  # key -> Vietnamese page, for sections nested under another
    with transaction.atomic():
        for row in _parents_first(kit_for(portal.level)):
            model = _page_model(row)
            if model is None or not _available(model, portal):
                result.skipped.append(row.key)
                continue
            parent = pages.get(row.parent_key) if row.parent_key else home
            if parent is None:
                # Under a section a dry run would create: it would be created too.
                (result.created if dry_run and row.parent_key in result.created else result.skipped).append(row.key)
                continue
            page = parent.get_children().filter(slug=row.slug).first()
            if page is not None:
                pages[row.key] = page
                result.present.append(row.key)
            else:
                result.created.append(row.key)
                if dry_run:
                    continue
                page = _create(model, parent, row, "vi")
                pages[row.key] = page
                StarterPage.objects.get_or_create(portal=portal, key=row.key, defaults={"page": page})
            if en is not None and not dry_run and _translate(page.specific, row, en):
                result.translated.append(row.key)
    return result


def _parents_first(rows: list[StarterSection]) -> list[StarterSection]:
    """``rows`` with every section after the one it is created under (kept in order otherwise)."""
    keys = {row.key for row in rows}
    placed: set[str] = set()
    ordered: list[StarterSection] = []
    pending = list(rows)
    while pending:
        ready = [r for r in pending if not r.parent_key or r.parent_key in placed or r.parent_key not in keys]
        if not ready:  # a circle of parents: the rest cannot be placed
            return ordered + pending
        ordered += ready
        placed.update(r.key for r in ready)
        pending = [r for r in pending if r not in ready]
    return ordered


def _fields(model, row: StarterSection, language: str) -> dict:
    title = getattr(row, f"title_{language}") or row.title
    intro = getattr(row, f"intro_{language}") or row.intro
    values = {"title": title, "seo_title": "", "show_in_menus": row.show_in_menus}
    for name in ("intro", "summary"):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        values[name] = format_html("<p>{}</p>", intro) if isinstance(model_field, RichTextField) and intro else intro
    return values


def _create(model, parent: Page, row: StarterSection, language: str, **extra) -> Page:
    page = model(slug=row.slug, locale=parent.locale, **_fields(model, row, language), **extra)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page: Page, row: StarterSection, en: Locale) -> bool:
    """The English translation of a kit page, when it has none yet and its parent has one."""
    if page.get_translation_or_none(en) is not None:
        return False
    parent = page.get_parent().get_translation_or_none(en)
    if parent is None:
        return False
    # Built from the kit row like the Vietnamese page (a kit page holds nothing else), in
    # the parent's English tree under the same translation key: what Wagtail's
    # copy_for_translation makes, without copying a page that is about to be overwritten.
    _create(type(page), parent, row, "en", translation_key=page.translation_key)
    return True


def mark_filled(page: Page, user) -> None:
    """A kit page published by a person is the agency's own from then on (the
    Vietnamese page: the English one follows it, see StarterPageMixin)."""
    if user is None:
        return
    StarterPage.objects.filter(page_id=page.pk, filled=False).update(filled=True, filled_at=timezone.now())
