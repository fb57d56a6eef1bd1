"""The plugin core: the registry and the extension points plugins use.

A plugin is a Django app with a ``plugin.py`` that calls ``registry.register``
with a :class:`Plugin`. The core reads plugin objects from the registry and
never imports a plugin module by name (see README, "Plugin contract").

The registry is the bottom layer: it imports no model and no other project
module (the network, the framework and the plugins all build on it). Blocks of
enabled plugins: :func:`blocks_for_portal`. Enforcement of per-portal enablement
on pages and routes belongs to the framework: :mod:`cms.plugin_pages`.

Plugins never import each other. A plugin offers a function to the others as a
named *service* (``Plugin.services``: name -> dotted path, resolved on first
use) and another plugin asks for it with :meth:`PluginRegistry.service`, which
answers None when no installed plugin provides it (see README, "Services
between plugins").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules, import_string


@dataclass(frozen=True)
class PluginBlock:
    """A block a portal can place on its home page or in its sidebar."""

    name: str  # unique, "<plugin>.<block>", e.g. "news.latest"
    label: Any  # translatable
    template: str
    # get_context(request, portal, placement) -> dict for the template
    get_context: Callable[..., dict] | None = None
    slots: tuple[str, ...] = ("main", "sidebar")  # also "footer"
    # topics(portal) -> the cache topics the block shows (cms.cache); the block's
    # HTML is cached until one of them moves. None: "<plugin>:<portal id>", the
    # plugin's own content of the portal. A block that shows member portals'
    # content names "<plugin>.members:<portal id>" (bumped by members' changes).
    topics: Callable[..., list[str]] | None = None


@dataclass(frozen=True)
class StarterSection:
    """A section the starter kit gives every new portal (``sites.starter``).

    Declared by the core and by plugins (``Plugin.starter_sections``); provisioning
    seeds the network's editable kit (``sites.StarterSection`` rows) from these
    defaults and creates each section as a page under the portal's home page, in
    Vietnamese and in English (``/en/<slug>/``), when the portal has no page at
    that slug yet. The page is created as ``page_model(title=..., slug=...)``
    (plus ``intro`` when the model has that field), so the page type must be
    valid with those alone.
    """

    key: str  # unique across the network: "<plugin>.<name>" ("core.<name>" for the core's)
    slug: str
    title: str  # Vietnamese
    title_en: str
    page_model: str  # "app_label.ModelName"
    # Level codes that get the section; None: every level.
    levels: tuple[str, ...] | None = None
    parent: str | None = None  # key of the section this one is created under
    intro: str = ""
    intro_en: str = ""
    order: int = 100
    show_in_menus: bool = True


@dataclass(frozen=True)
class ContentActivity:
    """A kind of content whose updates the oversight dashboard follows on every portal
    (``sites.oversight``): the last update and the number of updates in recent windows.

    ``activity`` is the dotted path ("package.module:function") of
    ``function(until, days) -> {portal_id: (last, counts)}``: for every portal with
    any update at or before ``until`` (an aware datetime), ``last`` is the time of its
    latest update and ``counts`` the number of updates in each window of ``days``
    (a tuple of day counts, e.g. (30, 90)) ending at ``until``. One query for the
    whole network, never one per portal. ``max_days`` is the default threshold: a
    portal with the plugin on is stale for this kind after that many days without an
    update (network admins change it per level: ``sites.FreshnessThreshold``).
    """

    key: str  # "<plugin>.<kind>", e.g. "news.articles"
    label: Any  # translatable
    activity: str
    max_days: int = 30
    # Level codes the kind is expected of; None: every level.
    levels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Duty:
    """An item of the oversight checklist (the spokesperson's phone and e-mail published,
    the legal-document list not empty ...). ``check`` is the dotted path of
    ``function(portal_ids) -> set of the ids, among portal_ids, of the portals that
    meet it`` (one query for all of them). Asked of portals with the plugin on."""

    key: str  # "<plugin>.<duty>"
    label: Any  # translatable, says what is expected ("Người phát ngôn có điện thoại và e-mail")
    check: str
    levels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class OverdueWork:
    """Work past its deadline (questions not answered in time ...), listed on the
    dashboard, the admin home and the reminder e-mails. ``items`` is the dotted path of
    ``function(portal_ids) -> {portal_id: [OverdueItem, ...]}`` (portals with nothing
    overdue left out; one query for all of them)."""

    key: str  # "<plugin>.<work>"
    label: Any  # translatable
    items: str


@dataclass(frozen=True)
class OverdueItem:
    title: str
    due: Any  # a date
    admin_url: str = ""  # where the portal's staff deal with it


@dataclass(frozen=True)
class PortalMerge:
    """How a plugin hands what it keeps for one portal to another when portals are merged
    (``manage.py merge_portals``, ``sites.merging``).

    * ``models``: "app_label.ModelName" (or ("app_label.ModelName", "portal field")) of
      rows that simply change portal: the core counts them before and after and moves
      them (the field is ``portal`` unless named);
    * ``count`` / ``merge``: dotted paths for the rest: ``count(portal) -> {kind: number}``
      of what the plugin keeps for ``portal`` (to check nothing is lost), and
      ``merge(from_portal, into_portal) -> None`` that moves it, summing counters both
      portals have (visits of a day ...). ``merge`` must be idempotent: a rerun after an
      interruption completes the merge and otherwise changes nothing.
    """

    models: tuple[str | tuple[str, str], ...] = ()
    count: str = ""
    merge: str = ""


@dataclass
class Plugin:
    name: str  # identifier, also the URL namespace and /api/<name>/ prefix
    label: Any  # translatable
    description: Any = ""
    # Portal level codes where the plugin is on when a portal is created;
    # None means every level.
    default_levels: tuple[str, ...] | None = None
    # "app_label.ModelName" of page types this plugin contributes.
    page_models: tuple[str, ...] = ()
    # "app_label.ModelName" of non-page models a portal's editors and
    # moderators manage in the admin: a tuple (each model has a ``portal``
    # foreign key) or a dict mapping each label to the ORM path of its portal
    # (e.g. {"services.Procedure": "agency_portal"}). add/change/delete/view
    # are granted to every portal's groups, and the core gives each model the
    # portal permission policy (cms.permissions), so every admin route that
    # asks Wagtail's policy sees only the user's portals' objects.
    editor_models: tuple[str, ...] | dict[str, str] = ()
    # "app_label.ModelName" of network-wide catalogues (document types,
    # fields ...): managed by network admins only.
    network_models: tuple[str, ...] = ()
    blocks: tuple[PluginBlock, ...] = ()
    # Dotted path of a urls module (public routes, mounted at /<url_prefix>/).
    urls: str | None = None
    url_prefix: str | None = None
    # Dotted path of a urls module mounted at /api/<api_prefix>/.
    api_urls: str | None = None
    api_prefix: str | None = None
    # load_demo(portal, stdout) -> None; idempotent.
    load_demo: Callable[..., None] | None = None
    # Search providers (see search/): objects turning content into documents.
    search_providers: tuple[Any, ...] = ()
    # Functions offered to other plugins: "<this plugin's name>.<service>" ->
    # dotted path "package.module:attribute" (or "package.module.attribute"),
    # imported on first use, so declaring one imports nothing. Consumers call
    # registry.service(name); the function's signature is part of the
    # provider's documented contract.
    services: dict[str, str] = field(default_factory=dict)
    # Sections of the starter kit this plugin contributes (see StarterSection):
    # e.g. the news index and its level's standard categories.
    starter_sections: tuple[StarterSection, ...] = ()
    # Network oversight (sites.oversight): the content kinds whose freshness is
    # followed, the checklist items, the overdue work.
    activities: tuple[ContentActivity, ...] = ()
    duties: tuple[Duty, ...] = ()
    overdue: tuple[OverdueWork, ...] = ()
    # Merging portals after a reorganisation (sites.merging): None when the plugin keeps
    # nothing per portal besides pages.
    merge: PortalMerge | None = None
    extra: dict = field(default_factory=dict)

    def is_default_for(self, level_code: str) -> bool:
        return self.default_levels is None or level_code in self.default_levels


class PluginRegistry:
    def __init__(self):
        self._plugins: dict[str, Plugin] = {}
        self._discovered = False
        self._resolved: dict[str, Callable[..., Any]] = {}

    def register(self, plugin: Plugin) -> Plugin:
        existing = self._plugins.get(plugin.name)
        if existing is not None and existing is not plugin:
            raise ValueError(f"A plugin named {plugin.name!r} is already registered.")
        for service_name in plugin.services:
            if not service_name.startswith(f"{plugin.name}."):
                raise ValueError(f"The service {service_name!r} of {plugin.name!r} must be named {plugin.name}.<service>.")
        self._plugins[plugin.name] = plugin
        return plugin

    def unregister(self, name: str) -> None:
        plugin = self._plugins.pop(name, None)
        for service_name in plugin.services if plugin else ():
            self._resolved.pop(service_name, None)

    def discover(self) -> None:
        if not self._discovered:
            autodiscover_modules("plugin")
            self._discovered = True

    def all(self) -> list[Plugin]:
        return sorted(self._plugins.values(), key=lambda p: p.name)

    def names(self) -> list[str]:
        return sorted(self._plugins)

    def get(self, name: str) -> Plugin | None:
        return self._plugins.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._plugins

    def blocks(self) -> dict[str, PluginBlock]:
        return {block.name: block for plugin in self.all() for block in plugin.blocks}

    def plugin_of_block(self, block_name: str) -> Plugin | None:
        for plugin in self.all():
            if any(block.name == block_name for block in plugin.blocks):
                return plugin
        return None

    # -- services between plugins ------------------------------------------

    def provider_of(self, service_name: str) -> Plugin | None:
        """The installed plugin that offers ``service_name`` ("<plugin>.<service>"), or None."""
        plugin = self._plugins.get(service_name.partition(".")[0])
        return plugin if plugin is not None and service_name in plugin.services else None

    def service(self, service_name: str, portal=None) -> Callable[..., Any] | None:
        """The function a plugin offers as ``service_name``, or None when no installed
        plugin offers it. With ``portal``, also None when that portal has the
        provider switched off (for services whose result is shown as that
        portal's own content). A declared path that does not import is a
        programming error and raises ImportError."""
        provider = self.provider_of(service_name)
        if provider is None:
            return None
        if portal is not None and not portal.has_plugin(provider.name):
            return None
        found = self._resolved.get(service_name)
        if found is None:
            path = provider.services[service_name].replace(":", ".")
            try:
                found = import_string(path)
            except ImportError as error:
                raise ImportError(f"The service {service_name!r} of {provider.name!r} points at {path!r}: {error}") from error
            self._resolved[service_name] = found
        return found

    def load(self, path: str) -> Callable[..., Any]:
        """The function at a declared dotted path ("package.module:function"),
        imported on first use (activities, duties, overdue work)."""
        found = self._resolved.get(path)
        if found is None:
            found = import_string(path.replace(":", "."))
            self._resolved[path] = found
        return found

    def plugin_of_model(self, model) -> Plugin | None:
        label = f"{model._meta.app_label}.{model.__name__}".lower()
        for plugin in self.all():
            if label in {m.lower() for m in plugin.page_models}:
                return plugin
        return None


registry = PluginRegistry()


def enabled_plugins(portal) -> list[Plugin]:
    if portal is None:
        return []
    return [p for p in registry.all() if portal.has_plugin(p.name)]


def blocks_for_portal(portal, slot: str | None = None) -> list[PluginBlock]:
    return [block for plugin in enabled_plugins(portal) for block in plugin.blocks if slot is None or slot in block.slots]
