"""One query object and one result shape for every engine."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from search.normalize import ParsedQuery, parse_query

# Facets every engine counts; "portal" and "kind" come from the document itself,
# the others from SearchDocument.facets.
FACETS = ("portal", "kind", "category", "document_type", "issuer", "field", "year")
DOCUMENT_FACETS = ("category", "document_type", "issuer", "field", "year")
SORTS = ("relevance", "date")
PAGE_SIZE = 10
# Counting stops here (like Elasticsearch's track_total_hits): a word found in
# most of a 500,000-document index reports "more than 10,000".
TOTAL_CAP = 10_000


@dataclass
class SearchQuery:
    text: str = ""
    # Portal ids: a document matches when its portal or one of its ancestors is
    # listed. Empty = the whole network.
    scope: tuple[int, ...] = ()
    # Documents shared with levels below their portal (SearchDocument.shared_levels):
    # (portal id, level code) pairs. With a scope, a document also matches when its
    # own portal is one of these portals and its shared levels hold the paired level.
    # A portal's search pairs each of its ancestors with its own level
    # (search.service.scope_arguments). Ignored without a scope (the whole network).
    shared: tuple[tuple[int, str], ...] = ()
    # Kinds that never match through ``shared`` (their plugin is off on the portal
    # searching: its content is not offered there).
    shared_except_kinds: tuple[str, ...] = ()
    # facet name -> accepted values (any of them); e.g. {"kind": ["news"], "year": ["2025"]}
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    language: str | None = None

    def __post_init__(self):
        if self.sort not in SORTS:
            self.sort = "relevance"
        self.page = max(1, int(self.page or 1))
        self.page_size = max(1, min(100, int(self.page_size or PAGE_SIZE)))
        self.filters = {k: [str(v) for v in vals if str(v) != ""] for k, vals in (self.filters or {}).items() if k in FACETS}
        self.filters = {k: v for k, v in self.filters.items() if v}
        self.scope = tuple(int(pk) for pk in self.scope or ())
        self.shared = tuple((int(pk), str(level)) for pk, level in self.shared or () if str(level)) if self.scope else ()
        self.shared_except_kinds = tuple(str(kind) for kind in self.shared_except_kinds or () if str(kind))

    @property
    def parsed(self) -> ParsedQuery:
        if not hasattr(self, "_parsed"):
            self._parsed = parse_query(self.text)
        return self._parsed

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    id: str
    kind: str
    portal_id: int
    title: str
    url: str
    date: datetime.datetime | datetime.date | None
    summary: str = ""
    highlight: str = ""  # HTML-safe: escaped text with <mark> around matched words
    score: float = 0.0
    # Copies of the same text on other portals (an article republished), shown once:
    # [(portal id, url)]. The hit is the earliest copy.
    also_on: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_lower_bound: bool = False
    # facet -> [(value, count)], biggest first
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    took_ms: float = 0.0
    page: int = 1
    page_size: int = PAGE_SIZE
    # Nothing found: the query with its unknown words replaced by known ones that
    # find something ("Có phải bạn muốn tìm: …"), or "".
    suggestion: str = ""

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, TOTAL_CAP) // self.page_size))
