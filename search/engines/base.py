"""What every search engine implements."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

from search.documents import PreparedDocument
from search.query import SearchQuery, SearchResults


def close_words(word: str, candidates: list[tuple[str, int]], limit: int = 5) -> list[str]:
    """Up to ``limit`` candidates fewest edits away from ``word`` (a letter wrong,
    missing, added or two swapped; one edit, two for a word of six letters or more);
    of equals, one as long first (a slip of a key), then the most common."""
    edits = 1 if len(word) <= 5 else 2
    close = []
    for candidate, documents in candidates:
        distance = OSA.distance(word, candidate, score_cutoff=edits)
        if candidate != word and distance <= edits:
            close.append((distance, len(candidate) != len(word), -documents, candidate))
    return [item[-1] for item in sorted(close)[:limit]]


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

    # -- suggestions (the engines give the index's words: _known_words, _words_like) --
    def _known_words(self, words: list[str]) -> set[str]:
        """Which of these folded words the index holds (an engine without a
        vocabulary: all of them, so it suggests nothing)."""
        return set(words)

    def _words_like(self, word: str) -> list[tuple[str, int]]:
        """[(folded word, documents)] of the index that look like ``word``."""
        return []

    def suggest(self, query: SearchQuery) -> str:
        """For a query that found nothing: the query with its words the index does
        not hold replaced by the closest ones it does, when that finds something;
        else "". Suggestions from the index's own words, not fuzzy matching."""
        typed = query.parsed.typed
        words = [group[0] for group in typed if len(group) == 1]
        known = self._known_words(words) if words else set()
        unknown = [w for w in words if w not in known and len(w) > 1 and not w.isdigit()]
        if not unknown:
            return ""

        def text(replaced: dict[str, str], leave_out=()) -> str:
            return " ".join(
                replaced.get(token, token) for group in typed for token in group if token not in leave_out or token in replaced
            )

        def finds(words_text: str) -> bool:
            check = SearchQuery(
                text=words_text,
                scope=query.scope,
                shared=query.shared,
                shared_except_kinds=query.shared_except_kinds,
                filters=query.filters,
                language=query.language,
                facets=("kind",),
            )
            return bool(words_text.strip()) and self.search(check).total > 0

        # Each unknown word: the first close word found with the query's known words.
        replaced: dict[str, str] = {}
        for word in unknown:
            for option in close_words(word, self._words_like(word)):
                if finds(text({word: option}, leave_out=unknown)):
                    replaced[word] = option
                    break
        if not replaced or len(replaced) < len(unknown):
            return ""
        suggestion = text(replaced)
        return suggestion if finds(suggestion) else ""

    def counts(self) -> list[tuple[int, str, int]]:
        """[(portal id, kind, number of documents)]."""
        raise NotImplementedError

    def document_ids(self) -> set[str]:
        raise NotImplementedError
