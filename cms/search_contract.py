"""What plugins hand to the shared search (see search/ and DESIGN.md §Search).

A plugin lists :class:`SearchProvider` objects in ``Plugin.search_providers``.
The search app reads them through the plugin registry: it never imports a
plugin by name, and plugins never import the search app.

A provider turns content into :class:`SearchDocument` objects:

* ``documents(portal=None)`` yields every live document (for rebuilds);
* ``document_for(instance)`` returns the document of one saved instance, or
  ``None`` when the instance must not be in the index (a draft, an unpublished
  page, a portal that has the plugin off) so the index removes it;
* ``models`` are the models whose saves, deletes, publishes and unpublishes the
  search app watches to queue index operations in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class SearchDocument:
    id: str  # stable across rebuilds: "<kind>:<pk>"
    kind: str  # "news", "legal_document", "procedure", "page", "question" ...
    portal_id: int
    title: str
    url: str  # absolute URL on the portal that owns the content
    date: datetime.datetime | datetime.date | None = None
    summary: str = ""
    body: str = ""
    language: str = "vi"
    # Exact identifiers that must match as typed and folded (17/NQ-CP, 1.000948.H38).
    keywords: list[str] = field(default_factory=list)
    # Facet values: category, document_type, issuer, field, year, validity, level ...
    facets: dict[str, Any] = field(default_factory=dict)


class SearchProvider:
    """Base class for a plugin's search provider."""

    kind: str = ""
    label: Any = ""  # translatable, shown as the facet value of ``kind``
    plugin_name: str = ""  # the plugin that owns the content (for per-portal enablement)
    models: tuple = ()

    def documents(self, portal=None) -> Iterable[SearchDocument]:
        raise NotImplementedError

    def document_for(self, instance) -> SearchDocument | None:
        raise NotImplementedError

    def document_id(self, instance) -> str:
        return f"{self.kind}:{instance.pk}"
