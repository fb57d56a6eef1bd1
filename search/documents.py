"""From SearchDocument to the engines' stored form, and highlighted snippets."""

from __future__ import annotations

import datetime
import hashlib
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

from django.utils import timezone
from django.utils.html import escape

from cms.search_contract import SearchDocument
from search.normalize import fold_nfc, fold_tokens, nfc, normalize, tokens, unify_spelling, unify_tokens, words_pattern
from search.query import DOCUMENT_FACETS
from search.synonyms import expansions

MAX_BODY_CHARS = 20_000


def portal_scopes() -> dict[int, list[int]]:
    """portal id -> [portal id, parent id, grandparent id ...] for every portal."""
    from sites.models import Portal

    parents = dict(Portal.objects.values_list("pk", "parent_id"))
    scopes = {}
    for pk in parents:
        chain, node = [], pk
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        scopes[pk] = chain
    return scopes


def as_datetime(value) -> datetime.datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(0, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@dataclass
class PreparedDocument:
    """A SearchDocument with its normalised search tokens, ready for any engine.

    ``title_tokens`` / ``text_tokens`` keep diacritics (see search.normalize),
    the ``*_folded_tokens`` lists are the same words without them, one for one.
    The text is the lead (summary), then the body and keywords: its first
    ``lead_length`` tokens are the lead's, weighed above the body's
    (search.ranking.FIELD_WEIGHTS).
    """

    doc: SearchDocument
    scope: list[int]
    date: datetime.datetime | None
    facet_values: dict[str, str]
    title_tokens: list[str]
    title_folded_tokens: list[str]
    text_tokens: list[str]
    text_folded_tokens: list[str]
    keywords_text: str
    body: str
    lead_length: int = 0
    # SearchDocument.shared_levels, each once, in order (shared_level_codes).
    shared_levels: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.doc.id

    @property
    def title_exact(self) -> str:
        return " ".join(self.title_tokens)

    @property
    def title_folded(self) -> str:
        return " ".join(self.title_folded_tokens)

    @property
    def text_exact(self) -> str:
        return " ".join(self.text_tokens)

    @cached_property
    def fingerprint(self) -> str:
        """The same for copies of one text (an article republished by several
        portals): the kind, the title's and text's words with their marks. A search
        shows one of them (search.engines.database)."""
        content = "\n".join((self.doc.kind, self.title_exact, self.text_exact))
        return hashlib.blake2b(content.encode(), digest_size=8).hexdigest()

    @property
    def lead_folded(self) -> str:
        return " ".join(self.text_folded_tokens[: self.lead_length])

    @property
    def body_folded(self) -> str:
        return " ".join(self.text_folded_tokens[self.lead_length :])


# A level code (sites.PortalLevel.code is a slug): engines store the codes apart by spaces.
LEVEL_CODE = re.compile(r"[-\w]{1,100}")


def shared_level_codes(levels) -> list[str]:
    """The level codes of SearchDocument.shared_levels, each once, sorted; anything
    that is no level code (a slug) is left out."""
    return sorted({str(code).strip() for code in levels or () if LEVEL_CODE.fullmatch(str(code).strip())})


def prepare(doc: SearchDocument, scopes: dict[int, list[int]]) -> PreparedDocument:
    date = as_datetime(doc.date)
    facet_values = {}
    for name in DOCUMENT_FACETS:
        value = (doc.facets or {}).get(name)
        if name == "year" and not value and date is not None:
            value = date.astimezone(timezone.get_default_timezone()).year
        facet_values[name] = "" if value in (None, "") else str(value)[:200]
    keywords_text = " ".join(nfc(str(k)) for k in doc.keywords or [])
    body = nfc(doc.body)[:MAX_BODY_CHARS]
    # Exact tokens (with marks) in one i/y spelling too: quý and quí rank alike.
    title_tokens = unify_tokens(tokens(normalize(doc.title)))
    lead_tokens = tokens(normalize(doc.summary or ""))
    text_tokens = unify_tokens(lead_tokens + tokens(normalize(f"{body}\n{keywords_text}")))
    # The other names of what it names ("BHYT" for "bảo hiểm y tế"), after the text.
    text_tokens += expansions(title_tokens + text_tokens)
    return PreparedDocument(
        doc=doc,
        scope=scopes.get(doc.portal_id, [doc.portal_id]),
        date=date,
        facet_values=facet_values,
        title_tokens=title_tokens,
        title_folded_tokens=fold_tokens(title_tokens),
        text_tokens=text_tokens,
        text_folded_tokens=fold_tokens(text_tokens),
        keywords_text=keywords_text,
        body=body,
        lead_length=len(lead_tokens),
        shared_levels=shared_level_codes(doc.shared_levels),
    )


# encode_all: documents per task sent to a worker process, and per round.
WORKER_CHUNK = 250
ROUND = 4000
AHEAD = 2  # rounds queued in the workers beyond the one being written
_worker_state: tuple = ()


def _encode_in_worker(doc: SearchDocument):
    scopes, engine = _worker_state
    return engine.encode(prepare(doc, scopes))


def encode_all(documents: Iterable[SearchDocument], scopes: dict[int, list[int]], engine, workers: int = 1) -> Iterator:
    """``engine.encode(prepare(doc))`` for every document, in order.

    Normalising and encoding cost far more CPU than writing; with ``workers``
    > 1 they run in that many forked processes (they only compute: no
    database, no network) while this process reads the documents and the
    engine writes the previous round's.
    """
    global _worker_state
    if workers <= 1:
        for doc in documents:
            yield engine.encode(prepare(doc, scopes))
        return
    _worker_state = (scopes, engine)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        # Two rounds stay queued: the workers encode while this process and the
        # database write (with one, the workers waited for every write to end).
        pending: deque = deque()
        iterator = iter(documents)
        while round_ := list(islice(iterator, ROUND)):
            pending.append(pool.map_async(_encode_in_worker, round_, chunksize=WORKER_CHUNK))
            if len(pending) > AHEAD:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


HIGHLIGHT_HEAD_CHARS = 4000


def _matched_spans(original: str, wanted: dict) -> list[tuple[int, int]]:
    """(start, end) of the words of ``original`` (NFC) that ``wanted`` matches: one
    regular expression of the wanted words searched in the folded text, the forms typed
    with marks checked on the few words it finds."""
    normal = normalize(original)  # one character for one of ``original``
    folded = fold_nfc(normal)
    spans = []
    for match in words_pattern(wanted).finditer(folded):
        forms = wanted[unify_spelling(match.group(0))]
        if forms is None or unify_spelling(normal[match.start() : match.end()]) in forms:
            spans.append(match.span())
    return spans


def highlight(text: str, terms, length: int = 260) -> str:
    """An escaped snippet of ``text`` around the first matched word, matched words
    wrapped in <mark>. ``terms``: folded tokens (any word that folds to one matches), or
    :meth:`ParsedQuery.highlight_terms` (a word typed with marks matches as typed)."""
    original = nfc(text or "")
    if not original.strip():
        return ""
    wanted = terms if isinstance(terms, dict) else dict.fromkeys(terms)
    spans = []
    if wanted:
        # A body holds up to MAX_BODY_CHARS; the first match is most often near its
        # start: look there first, at the whole text only when the snippet needs it.
        head = original
        if len(original) > HIGHLIGHT_HEAD_CHARS:
            cut = original.rfind(" ", 0, HIGHLIGHT_HEAD_CHARS)
            head = original[: cut if cut > 0 else HIGHLIGHT_HEAD_CHARS]
        spans = _matched_spans(head, wanted)
        if head is not original and (not spans or spans[0][0] + length + 40 > len(head)):
            spans = _matched_spans(original, wanted)
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 4)
        # Start on a word boundary.
        while start > 0 and not original[start - 1].isspace():
            start -= 1
    end = min(len(original), start + length)
    while end < len(original) and not original[end - 1].isspace() and end - start < length + 30:
        end += 1
    pieces, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces.append(escape(original[pos:s]))
        pieces.append(f"<mark>{escape(original[s:e])}</mark>")
        pos = e
    pieces.append(escape(original[pos:end]))
    snippet = "".join(pieces).strip()
    if start > 0:
        snippet = "… " + snippet
    if end < len(original):
        snippet += " …"
    return snippet
