"""From SearchDocument to the engines' stored form, and highlighted snippets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape

from cms.search_contract import SearchDocument
from search.normalize import TOKEN, fold, fold_normal, nfc, normalize, tokens
from search.query import DOCUMENT_FACETS

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
    """A SearchDocument with its normalised search text, ready for any engine."""

    doc: SearchDocument
    scope: list[int]
    date: datetime.datetime | None
    facet_values: dict[str, str]
    title_exact: str
    title_folded: str
    text_exact: str
    text_folded: str
    keywords_text: str

    @property
    def body(self) -> str:
        return nfc(self.doc.body)[:MAX_BODY_CHARS]


def _token_text(text: str) -> str:
    return " ".join(tokens(normalize(text)))


def prepare(doc: SearchDocument, scopes: dict[int, list[int]]) -> PreparedDocument:
    date = as_datetime(doc.date)
    facet_values = {}
    for name in DOCUMENT_FACETS:
        value = (doc.facets or {}).get(name)
        if name == "year" and not value and date is not None:
            value = timezone.localtime(date).year
        facet_values[name] = "" if value in (None, "") else str(value)[:200]
    keywords_text = " ".join(nfc(str(k)) for k in doc.keywords or [])
    title_exact = _token_text(doc.title)
    text_exact = _token_text(f"{doc.summary}\n{nfc(doc.body)[:MAX_BODY_CHARS]}\n{keywords_text}")
    return PreparedDocument(
        doc=doc,
        scope=scopes.get(doc.portal_id, [doc.portal_id]),
        date=date,
        facet_values=facet_values,
        title_exact=title_exact,
        title_folded=fold_normal(title_exact),
        text_exact=text_exact,
        text_folded=fold_normal(text_exact),
        keywords_text=keywords_text,
    )


def highlight(text: str, terms: list[str], length: int = 260) -> str:
    """An escaped snippet of ``text`` around the first matched word, matched
    words (compared folded) wrapped in <mark>."""
    original = nfc(text or "")
    if not original.strip():
        return ""
    folded = fold(original)
    wanted = set(terms)
    spans = [m.span() for m in TOKEN.finditer(folded) if m.group(0) in wanted] if wanted else []
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
