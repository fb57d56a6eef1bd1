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
  search app watches to queue index operations in the same transaction;
* ``instances_for_documents(document_ids)`` (optional) returns the instances
  whose documents are built from those Wagtail documents (text extracted from
  attached files), so they are indexed again when a document's collection
  becomes private or public.

Shared documents: a document belongs to one portal (``portal_id``), and a
search scoped to a portal finds the documents of that portal and of its
members. A catalogue item kept once on an upper portal but carried out at the
levels below (an administrative procedure of the ward and commune tier, kept
on the province) names those levels in ``shared_levels`` (``PortalLevel.code``
values): a search scoped to a portal below the document's portal, at one of
those levels, finds it as its own content. The same rule as the plugin's own
lists (what a ward lists is what its search finds).

Privacy: a document must come only from content the public may see. A page
under a view restriction (its own or an ancestor's) has no document (use
``PageQuerySet.public()`` in ``documents`` and ``cms.privacy.is_public`` in
``document_for``); text of files in a private collection is never indexed
(``cms.privacy.private_collection_ids``). The search app re-indexes a page and
its subtree whenever a view restriction is saved or deleted.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Where a block of HTML ends, its text ends too: "<p>Tiêu đề</p><p>Nội dung</p>" is two
# words, not "đềNội".
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|td|th|tr|blockquote|pre|dd|dt|figcaption)\s*>")


def html_text(html: str) -> str:
    """The plain text of an HTML fragment (rich text): tags removed, a line break
    where a paragraph, list item, heading or cell ends, and character references
    decoded (``VH&amp;TT`` → ``VH&TT``), so a document's text is escaped once, when it
    is shown, and never reads ``&amp;``."""
    from html import unescape

    from django.utils.html import strip_tags

    return unescape(strip_tags(_BLOCK_END.sub(lambda m: m.group(0) + "\n", html or ""))).strip()


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
    # Level codes (sites.PortalLevel.code) of the portals below ``portal_id`` for which
    # this document is their own content too (a catalogue item that applies at their
    # level): a search scoped to such a portal finds it. Empty: only the portal's own
    # search and its ancestors' find it.
    shared_levels: tuple[str, ...] = ()


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

    def documents_for(self, instances) -> list[SearchDocument | None]:
        """:meth:`document_for` of each instance, in order (None where it has none).

        The index queue hands a provider its changed objects in batches (an import
        changes hundreds at once): override this to build them from one query."""
        return [self.document_for(instance) for instance in instances]

    def document_id(self, instance) -> str:
        return f"{self.kind}:{instance.pk}"

    def instances_for_documents(self, document_ids) -> Iterable[Any]:
        return ()
