"""What every search engine implements."""

from __future__ import annotations

from collections.abc import Iterable

from search.documents import PreparedDocument
from search.query import SearchQuery, SearchResults


class EngineUnavailable(Exception):
    """The engine cannot be reached; index operations wait and are retried."""


class SearchEngine:
    name = ""

    def encode(self, prepared: PreparedDocument):
        """The engine's own form of a document, ready to write. Pure (no I/O):
        bulk loads compute it in worker processes (search.documents.encode_all).
        ``index`` takes documents in either form."""
        return prepared

    def index(self, documents: Iterable[PreparedDocument], replace: bool = True) -> int:
        """Insert or replace documents (prepared or encoded); returns how many.
        ``replace=False``: none of them is indexed yet (bulk loads)."""
        raise NotImplementedError

    def delete(self, doc_ids: Iterable[str]) -> None:
        raise NotImplementedError

    def delete_where(self, portal_id: int | None = None, kinds: Iterable[str] | None = None) -> None:
        """Remove every document of a portal and/or of some kinds."""
        raise NotImplementedError

    def rebuild(self, documents: Iterable[PreparedDocument], portal_id: int | None = None) -> int:
        """Replace the whole index (or one portal's documents) by ``documents``."""
        self.delete_where(portal_id=portal_id)
        return self.index(documents)

    def analyze(self, vacuum: bool = False) -> None:
        """After a bulk load: refresh what the engine's query planner knows
        (``vacuum``: tidy up as well, outside any transaction)."""

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, query: SearchQuery) -> str:
        """For a query that found nothing: the query with its words the index does
        not hold replaced by the closest ones it does, when that finds something;
        else "". Suggestions from the index's own words, not fuzzy matching."""
        return ""

    def counts(self) -> list[tuple[int, str, int]]:
        """[(portal id, kind, number of documents)]."""
        raise NotImplementedError

    def document_ids(self) -> set[str]:
        raise NotImplementedError
