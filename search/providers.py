"""The providers the index reads: the core's page provider plus every plugin's
``Plugin.search_providers`` (read from the registry; no plugin is imported here)."""

from __future__ import annotations

from cms.search_contract import SearchProvider
from registry.plugins import registry


def all_providers() -> list[SearchProvider]:
    from search.pages import page_provider

    providers = [page_provider]
    for plugin in registry.all():
        for provider in plugin.search_providers:
            if not provider.plugin_name:
                provider.plugin_name = plugin.name
            providers.append(provider)
    return providers


def provider_for_kind(kind: str) -> SearchProvider | None:
    return next((p for p in all_providers() if p.kind == kind), None)


def providers_for_model(model) -> list[SearchProvider]:
    """Providers watching ``model`` or one of its parents (a page's specific class)."""
    return [p for p in all_providers() if any(issubclass(model, m) for m in p.models)]


def kind_labels() -> dict[str, str]:
    return {p.kind: str(p.label or p.kind) for p in all_providers()}


def kinds_of_plugin(plugin_name: str) -> list[str]:
    return [p.kind for p in all_providers() if p.plugin_name == plugin_name]
