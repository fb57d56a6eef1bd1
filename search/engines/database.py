"""The database engine: SQLite FTS5 on the embedded default, PostgreSQL
full-text search when DATABASE_URL is PostgreSQL.

Both search pre-folded text (so "dien tu" finds "điện tử"), rank documents
matching the query's diacritics exactly first, and keep common words fast by
working on capped sets: counting and facets stop at COUNT_CAP matches, and
relevance ranking on PostgreSQL ranks at most CANDIDATES matches.

On PostgreSQL a query reads only the narrow search_searchmatch table (see
SearchMatch): one GIN scan finds the matches, filtered by kind, portal, scope
and language through marker lexemes in the same vector, and one statement
returns the capped counts, the facets and the ranked page. The vectors are
built here, in Python, from the tokens search.normalize produced (no
``to_tsvector`` on the server), and loaded with COPY.
"""

from __future__ import annotations

import datetime
import json
import struct
import time
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from search.documents import PreparedDocument, highlight
from search.engines.base import SearchEngine
from search.models import SearchEntry, SearchMatch
from search.normalize import nfc
from search.query import DOCUMENT_FACETS, Hit, SearchQuery, SearchResults

CANDIDATES = 1000  # relevance is ranked among at most this many matches
# Counting and facets stop here: each counted row is read from the table, so a
# word found in most of the index costs at most this many row reads.
COUNT_CAP = 3000
RESULT_WINDOW = 1000  # deepest result reachable by paging (like Elasticsearch)
BATCH = 1000


def _fts5_query(groups: list[list[str]], columns: str) -> str:
    # Tokens hold only letters and digits (search.normalize.TOKEN), so quoting
    # them makes every token a literal: no user text is read as FTS5 syntax.
    parts = ['"' + " ".join(group) + '"' for group in groups]
    return "{" + columns + "} : (" + " AND ".join(parts) + ")"


MAX_POSITION = 16383  # PostgreSQL's highest tsvector position
MAX_POSITIONS = 256  # positions PostgreSQL keeps per lexeme


def _lexeme(text: str) -> str:
    """A quoted lexeme of a tsvector / tsquery literal (any text is safe)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _marker(prefix: str, value) -> str:
    """The marker lexeme of a kind ("k"), portal ("p"), scope ("s") or
    language ("l"). Words never hold "_" (search.normalize.TOKEN), so a
    marker cannot collide with one. A value too long to be a lexeme matches
    nothing."""
    value = str(value).replace("\x00", "")
    return f"_{prefix}{value}" if len(value.encode()) < 200 else "_none"


def _tsquery(groups: list[list[str]]) -> str:
    parts = []
    for group in groups:
        quoted = [_lexeme(token) for token in group]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts)


_COUNT = struct.Struct(">i")
_FIELD_COUNT = struct.Struct(">h")
_INT8 = struct.Struct(">iq")
_NULL = _COUNT.pack(-1)
_PG_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
_U16 = [number.to_bytes(2, "big") for number in range(MAX_POSITION + 1)]
# Words repeat: each one's encoded form is made once per process.
_LEXEME_HEADS: dict[str, bytes] = {}


def tsvector_binary(title: list[str], text: list[str] = (), markers: Iterable[str] = ()) -> bytes:
    """A ``tsvector`` in PostgreSQL's binary form (what ``tsvectorrecv``
    reads): the title's then the text's tokens with their positions (for
    phrase matching; one position left free between them), then ``markers``
    (lexemes without positions).

    PostgreSQL parses this in a fraction of the time its text form takes (the
    text form cost a third of loading). Tokens hold at most 500 letters and
    digits (search.normalize.TOKEN), so each fits a lexeme; PostgreSQL keeps
    at most 256 positions of a lexeme, up to position 16383.
    """
    if len(title) + len(text) + 2 > MAX_POSITION:
        text = text[: max(0, MAX_POSITION - len(title) - 2)]
    positions: dict[str, list[bytes]] = {}
    add, u16 = positions.setdefault, _U16
    for pos, token in enumerate(title, 1):
        add(token, []).append(u16[pos])
    for pos, token in enumerate(text, len(title) + 2):
        add(token, []).append(u16[pos])
    parts = [_COUNT.pack(len(positions) + len(markers))]
    append, heads = parts.append, _LEXEME_HEADS
    if len(heads) > 200_000:
        heads.clear()
    for token, found in positions.items():
        head = heads.get(token)
        if head is None:
            head = heads[token] = token.encode() + b"\0"
        if len(found) == 1:
            append(head + b"\0\1" + found[0])
        else:
            found = found[:MAX_POSITIONS]
            append(head + u16[len(found)] + b"".join(found))
    for marker in markers:
        append(marker.encode() + b"\0\0\0")
    return b"".join(parts)


def _binary_field(value) -> bytes:
    """One field of a binary COPY row: text, int, timestamptz or None."""
    if value is None:
        return _NULL
    if isinstance(value, str):
        value = value.encode()
    elif isinstance(value, int):
        return _INT8.pack(8, value)
    elif isinstance(value, datetime.datetime):
        delta = value - _PG_EPOCH
        return _INT8.pack(8, (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds)
    return _COUNT.pack(len(value)) + value


BINARY_HEADER = b"PGCOPY\n\xff\r\n\0" + b"\0" * 8
BINARY_TRAILER = b"\xff\xff"


class PostgresRows(NamedTuple):
    """A document encoded for PostgreSQL (DatabaseEngine.encode): its
    search_searchentry line in COPY's text format and its search_searchmatch
    fields in COPY's binary format, each without the leading id."""

    doc_id: str
    entry: str
    match: bytes


def _copy_field(value: str | None) -> str:
    if value is None:
        return "\\N"
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy_line(values) -> str:
    """One line of COPY's text format: fields escaped, tab-separated."""
    return "\t".join(map(_copy_field, values)) + "\n"


def _facets_json(facets) -> dict:
    return {k: (v if isinstance(v, (str, int, float, bool)) or v is None else str(v)) for k, v in (facets or {}).items()}


class DatabaseEngine(SearchEngine):
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # -- writing ---------------------------------------------------------
    def _entry(self, prepared: PreparedDocument) -> SearchEntry:
        doc = prepared.doc
        return SearchEntry(
            doc_id=doc.id,
            kind=doc.kind,
            portal_id=doc.portal_id,
            scope=" " + " ".join(str(pk) for pk in prepared.scope) + " ",
            title=nfc(doc.title)[:2000],
            summary=nfc(doc.summary or ""),
            body=prepared.body,
            url=nfc(doc.url)[:1000],
            date=prepared.date,
            language=doc.language or "vi",
            keywords=prepared.keywords_text,
            facets=_facets_json(doc.facets),
            title_exact=prepared.title_exact,
            title_folded=prepared.title_folded,
            text_exact=prepared.text_exact,
            text_folded=prepared.text_folded,
            **prepared.facet_values,
        )

    def index(self, documents: Iterable[PreparedDocument], replace: bool = True) -> int:
        count = 0
        batch: list[PreparedDocument] = []
        with transaction.atomic():
            for prepared in documents:
                batch.append(prepared)
                if len(batch) >= BATCH:
                    count += self._write(batch, replace)
                    batch = []
            if batch:
                count += self._write(batch, replace)
        return count

    def _write(self, batch: list, replace: bool) -> int:
        if self.vendor == "postgresql":
            rows = [item if isinstance(item, PostgresRows) else self.encode(item) for item in batch]
            # The last version of a document in a batch wins.
            unique = {row.doc_id: row for row in rows}
        else:
            unique = {prepared.doc.id: prepared for prepared in batch}
        if replace:
            self.delete_entries(SearchEntry.objects.filter(doc_id__in=list(unique)))
        if self.vendor == "postgresql":
            self._copy(list(unique.values()))
        else:
            SearchEntry.objects.bulk_create([self._entry(p) for p in unique.values()], batch_size=BATCH)
        return len(unique)

    ENTRY_FIELDS = (
        "indexed_at",
        "doc_id",
        "kind",
        "portal_id",
        "scope",
        "title",
        "summary",
        "body",
        "url",
        "date",
        "language",
        "keywords",
        "category",
        "document_type",
        "issuer",
        "field",
        "year",
        "facets",
        "title_exact",
        "title_folded",
        "text_exact",
        "text_folded",
    )
    MATCH_FIELDS = (
        "portal_id",
        "kind",
        "date",
        "category",
        "document_type",
        "issuer",
        "field",
        "year",
        "vec",
        "vec_title",
        "vec_title_exact",
    )

    def encode(self, prepared: PreparedDocument):
        """On PostgreSQL: the document's rows ready for COPY, but for the id
        (see PostgresRows), with its vectors built here."""
        if self.vendor != "postgresql":
            return prepared
        doc, facets = prepared.doc, prepared.facet_values
        markers = dict.fromkeys(
            [
                _marker("k", doc.kind),
                _marker("p", doc.portal_id),
                _marker("l", doc.language or "vi"),
                *(_marker("s", scope_id) for scope_id in prepared.scope),
            ]
        )
        facet_row = (facets["category"], facets["document_type"], facets["issuer"], facets["field"], facets["year"])
        date = prepared.date.isoformat() if prepared.date else None
        entry = (
            timezone.now().isoformat(),
            doc.id,
            doc.kind,
            str(doc.portal_id),
            " " + " ".join(map(str, prepared.scope)) + " ",
            nfc(doc.title)[:2000],
            nfc(doc.summary or ""),
            prepared.body,
            nfc(doc.url)[:1000],
            date,
            doc.language or "vi",
            prepared.keywords_text,
            *facet_row,
            json.dumps(_facets_json(doc.facets), ensure_ascii=False),
            "",
            "",
            "",
            "",
        )
        match = b"".join(map(_binary_field, (doc.portal_id, doc.kind, prepared.date, *facet_row))) + b"".join(
            _COUNT.pack(len(vector)) + vector
            for vector in (
                tsvector_binary(prepared.title_folded_tokens, prepared.text_folded_tokens, markers),
                tsvector_binary(prepared.title_folded_tokens),
                tsvector_binary(prepared.title_tokens),
            )
        )
        return PostgresRows(doc.id, _copy_line(entry), match)

    def _copy(self, rows: list[PostgresRows]) -> None:
        """PostgreSQL bulk load with COPY (several times faster than INSERT):
        the documents, then their match rows, under ids taken here."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('search_searchentry', 'id')) FROM generate_series(1, %s)",
                [len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            raw = cursor.cursor
            with raw.copy(f"COPY search_searchentry (id, {', '.join(self.ENTRY_FIELDS)}) FROM STDIN") as copy:
                copy.write("".join([f"{pk}\t{row.entry}" for pk, row in zip(ids, rows)]))
            fields = _FIELD_COUNT.pack(1 + len(self.MATCH_FIELDS))
            with raw.copy(f"COPY search_searchmatch (id, {', '.join(self.MATCH_FIELDS)}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(
                    b"".join(
                        [BINARY_HEADER, *(fields + _INT8.pack(8, pk) + row.match for pk, row in zip(ids, rows)), BINARY_TRAILER]
                    )
                )

    def delete_entries(self, entries) -> None:
        """Delete these SearchEntry rows (a queryset) and, on PostgreSQL, their
        match rows: the one way to delete documents in bulk."""
        if self.vendor == "postgresql":
            matches = SearchMatch.objects.filter(entry_id__in=entries.values("pk"))
            matches._raw_delete(matches.db)
        entries._raw_delete(entries.db)

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        for start in range(0, len(ids), BATCH):
            self.delete_entries(SearchEntry.objects.filter(doc_id__in=ids[start : start + BATCH]))

    def delete_where(self, portal_id=None, kinds=None) -> None:
        entries, matches = SearchEntry.objects.all(), SearchMatch.objects.all()
        if portal_id is not None:
            entries, matches = entries.filter(portal_id=portal_id), matches.filter(portal_id=portal_id)
        if kinds is not None:
            entries, matches = entries.filter(kind__in=list(kinds)), matches.filter(kind__in=list(kinds))
        if self.vendor == "postgresql":
            matches._raw_delete(matches.db)
        entries._raw_delete(entries.db)

    def rebuild(self, documents, portal_id=None) -> int:
        # One transaction: readers see the old documents until the new ones commit.
        with transaction.atomic():
            self.delete_where(portal_id=portal_id)
            count = self.index(documents, replace=False)
            if self.vendor == "postgresql" and portal_id is None:
                # Fresh statistics: the planner's choice between the GIN index
                # and the date index depends on how common each word is.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE search_searchentry, search_searchmatch")
            return count

    def counts(self):
        from django.db.models import Count

        return [
            (row["portal_id"], row["kind"], row["n"])
            for row in SearchEntry.objects.values("portal_id", "kind").annotate(n=Count("id")).order_by("portal_id", "kind")
        ]

    def document_ids(self):
        return set(SearchEntry.objects.values_list("doc_id", flat=True))

    # -- reading ---------------------------------------------------------
    def _where(self, query: SearchQuery) -> tuple[str, str, list]:
        """(FROM clause, WHERE condition, params) selecting the query's matches."""
        groups = query.parsed.folded
        filters = dict(query.filters)
        if filters.get("portal"):
            filters["portal"] = [int(v) for v in filters["portal"] if str(v).isdigit()] or [-1]
        where, params = [], []
        if self.vendor == "postgresql":
            # Scope, portal, kind and language are marker lexemes of the same
            # vector: the GIN index applies them while it finds the words.
            parts = [_tsquery(groups)]
            if query.scope:
                parts.append("(" + " | ".join(_lexeme(_marker("s", int(pk))) for pk in query.scope) + ")")
            for name, prefix in (("portal", "p"), ("kind", "k")):
                if filters.get(name):
                    parts.append("(" + " | ".join(_lexeme(_marker(prefix, v)) for v in filters.pop(name)) + ")")
            if query.language:
                parts.append(_lexeme(_marker("l", query.language)))
            source = "search_searchmatch e"
            where.append("e.vec @@ %s::tsquery")
            params.append(" & ".join(parts))
        else:
            source = "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
            where.append("search_fts MATCH %s")
            params.append(_fts5_query(groups, "title_folded text_folded"))
            if query.scope:
                where.append("(" + " OR ".join(["e.scope LIKE %s"] * len(query.scope)) + ")")
                params.extend(f"% {int(pk)} %" for pk in query.scope)
            if query.language:
                where.append("e.language = %s")
                params.append(query.language)
        columns = {"portal": "e.portal_id", "kind": "e.kind", **{f: f"e.{f}" for f in DOCUMENT_FACETS}}
        for name, values in filters.items():
            where.append(f"{columns[name]} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
        return source, " AND ".join(where), params

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        results = SearchResults(page=query.page, page_size=query.page_size)
        parsed = query.parsed
        if parsed.empty:
            results.took_ms = (time.perf_counter() - started) * 1000
            return results
        source, where, params = self._where(query)
        # Hits are only reachable within RESULT_WINDOW; None: past it.
        page = None
        if query.offset < RESULT_WINDOW:
            page = [min(query.page_size, RESULT_WINDOW - query.offset), query.offset]

        # Counts and facets over at most COUNT_CAP matches.
        facet_columns = {"portal": "CAST(portal_id AS TEXT)", "kind": "kind", **{f: f for f in DOCUMENT_FACETS}}
        selects = ["SELECT 'kind', kind, COUNT(*), CAST(NULL AS DOUBLE PRECISION) FROM m GROUP BY kind"]
        for name in query.facets:
            if name != "kind":
                column = facet_columns[name]
                selects.append(
                    f"SELECT '{name}', {column}, COUNT(*), CAST(NULL AS DOUBLE PRECISION) FROM m WHERE {column} <> '' GROUP BY {column}"
                )
        columns = "e.id, e.portal_id, e.kind, e.category, e.document_type, e.issuer, e.field, e.year, e.date"
        ranked_params: list = []
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                if query.sort == "relevance" and page:
                    # The page, ranked among the first CANDIDATES matches, in
                    # the same statement (one index scan): ranked on the
                    # short title vectors, exact diacritics first, then date.
                    exact_sql = "0"
                    if parsed.has_diacritics:
                        exact_sql = "1000 * (c.vec_title_exact @@ %s::tsquery)::int"
                        ranked_params.append(_tsquery(parsed.exact))
                    ranked_params += [_tsquery(parsed.folded), *page]
                    columns += ", e.vec_title, e.vec_title_exact"
                    selects.append(
                        f"SELECT '', CAST(h.id AS TEXT), h.position, CAST(h.score AS DOUBLE PRECISION) FROM ("
                        f"SELECT s.id, s.score, row_number() OVER (ORDER BY s.score DESC, s.date DESC NULLS LAST, s.id DESC) "
                        f"AS position FROM (SELECT c.id, c.date, {exact_sql} + 10 * ts_rank(c.vec_title, %s::tsquery) AS score "
                        f"FROM (SELECT * FROM m LIMIT {CANDIDATES}) c) s "
                        f"ORDER BY position LIMIT %s OFFSET %s) h"
                    )
            cursor.execute(
                f"WITH m AS {'MATERIALIZED ' if self.vendor == 'postgresql' else ''}(SELECT {columns} FROM {source} WHERE {where} LIMIT {COUNT_CAP + 1}) "
                + " UNION ALL ".join(selects),
                params + ranked_params,
            )
            facets: dict[str, list[tuple[str, int]]] = {}
            ranked: list[tuple[int, int, float]] = []
            for name, value, count, score in cursor.fetchall():
                if name == "":
                    ranked.append((count, int(value), score))
                else:
                    facets.setdefault(name, []).append((str(value), count))
            total = sum(count for _v, count in facets.get("kind", []))
            results.total = min(total, COUNT_CAP)
            results.total_is_lower_bound = total > COUNT_CAP
            results.facets = {name: sorted(facets.get(name, []), key=lambda item: (-item[1], item[0])) for name in query.facets}
            if page is None or query.offset >= results.total:
                results.took_ms = (time.perf_counter() - started) * 1000
                return results
            if ranked_params:
                ids = {pk: score for _position, pk, score in sorted(ranked)}
            else:
                ids = self._hit_ids(cursor, query, source, where, params, page)

        entries = SearchEntry.objects.in_bulk(ids)
        terms = parsed.terms()
        for pk, score in ids.items():
            entry = entries.get(pk)
            if entry is None:
                continue
            results.hits.append(
                Hit(
                    id=entry.doc_id,
                    kind=entry.kind,
                    portal_id=entry.portal_id,
                    title=entry.title,
                    url=entry.url,
                    date=entry.date,
                    summary=entry.summary,
                    highlight=highlight(f"{entry.summary}\n{entry.body}\n{entry.keywords}", terms)
                    or highlight(entry.title, terms),
                    score=float(score or 0),
                )
            )
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def _hit_ids(self, cursor, query, source, where, params, page) -> dict[int, float]:
        """The page by date (both vendors) or by relevance (SQLite)."""
        parsed = query.parsed
        if query.sort == "date":
            nulls = " NULLS LAST" if self.vendor == "postgresql" else ""
            cursor.execute(
                f"SELECT e.id, 0 FROM {source} WHERE {where} ORDER BY e.date DESC{nulls}, e.id DESC LIMIT %s OFFSET %s",
                params + page,
            )
            return {row[0]: row[1] for row in cursor.fetchall()}
        exact_sql, exact_params = "0", []
        if parsed.has_diacritics:
            exact_sql = "1000 * (e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
            exact_params = [_fts5_query(parsed.exact, "title_exact text_exact")]
        # bm25() is lower for better matches; weights: folded title 10, folded text 1.
        cursor.execute(
            f"SELECT e.id, {exact_sql} - bm25(search_fts, 10.0, 1.0, 0.0, 0.0) AS score FROM {source} "
            f"WHERE {where} ORDER BY score DESC, e.date DESC, e.id DESC LIMIT %s OFFSET %s",
            exact_params + params + page,
        )
        return {row[0]: row[1] for row in cursor.fetchall()}
