"""The database engine on PostgreSQL: full-text search on a narrow match table.

A query reads only ``search_searchmatch`` (search.models.SearchMatch, created
on PostgreSQL only, by migration 0002): one GIN scan finds the matches,
filtered by kind, portal, scope, language and shared levels through marker
lexemes in the same vector, and one statement returns the capped counts, the
facets and the page ranked among the first CANDIDATES matches
(search.ranking: phrase and proximity tiers by phrase operators, ``ts_rank``
over the weighted fields). The vectors are built here, in Python, from the
tokens search.normalize produced (no ``to_tsvector`` on the server), and
loaded with COPY (search.engines.pgcopy).
"""

from __future__ import annotations

import json
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from search import ranking
from search.documents import PreparedDocument
from search.engines.database import COPIES, COPY_RANK, DatabaseEngine, facets_json, shared_column
from search.engines.pgcopy import binary_copy, binary_field, text_line, tsvector_binary
from search.models import SearchMatch
from search.normalize import nfc
from search.query import SearchQuery

CANDIDATES = 500  # relevance is ranked among at most this many matches

ENTRY_FIELDS = (
    "indexed_at",
    "doc_id",
    "kind",
    "portal_id",
    "scope",
    "shared_levels",
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
    "fingerprint",
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
    "vec_title_exact",
    "fingerprint",
)


def _lexeme(text: str) -> str:
    """A quoted lexeme of a tsvector / tsquery literal (any text is safe)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _marker(prefix: str, value) -> str:
    """The marker lexeme of a kind ("k"), portal ("p"), scope ("s"),
    language ("l") or shared level ("v": "<portal id>.<level code>", the
    document's own portal and a level it is shared with). Words never hold
    "_" (search.normalize.TOKEN), so a marker cannot collide with one. A
    value too long to be a lexeme matches nothing."""
    value = str(value).replace("\x00", "")
    return f"_{prefix}{value}" if len(value.encode()) < 200 else "_none"


def _phrase(group: list[str]) -> str:
    quoted = [_lexeme(token) for token in group]
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def _tsquery(groups: list[list[str]]) -> str:
    return " & ".join(map(_phrase, groups))


def _near_tsquery(groups: list[list[str]]) -> str:
    """Every two consecutive groups within search.ranking.NEAR_WINDOW words, in
    either order (``a <N> b``: b's first word N positions after a's last)."""
    pairs = []
    for a, b in ranking.near_pairs(groups):
        distances = range(1, ranking.NEAR_WINDOW + 2)
        either = [f"{_phrase(x)} <{d}> {_phrase(y)}" for x, y in ((a, b), (b, a)) for d in distances]
        pairs.append("(" + " | ".join(either) + ")")
    return " & ".join(pairs)


class PostgresRows(NamedTuple):
    """A document encoded for PostgreSQL (PostgreSQLEngine.encode): its
    search_searchentry line in COPY's text format and its search_searchmatch
    fields in COPY's binary format, each without the leading id."""

    doc_id: str
    entry: str
    match: bytes


class PostgreSQLEngine(DatabaseEngine):
    vendor = "postgresql"
    materialized = "MATERIALIZED "
    nulls_last = " NULLS LAST"
    statement_memory = "32MB"

    # -- writing ---------------------------------------------------------
    def encode(self, prepared: PreparedDocument) -> PostgresRows:
        """The document's rows ready for COPY, but for the id, with its
        vectors built here."""
        doc, facets = prepared.doc, prepared.facet_values
        markers = dict.fromkeys(
            [
                _marker("k", doc.kind),
                _marker("p", doc.portal_id),
                _marker("l", doc.language or "vi"),
                *(_marker("s", scope_id) for scope_id in prepared.scope),
                *(_marker("v", f"{doc.portal_id}.{level}") for level in prepared.shared_levels),
            ]
        )
        facet_row = (facets["category"], facets["document_type"], facets["issuer"], facets["field"], facets["year"])
        entry = (
            timezone.now().isoformat(),
            doc.id,
            doc.kind,
            str(doc.portal_id),
            " " + " ".join(map(str, prepared.scope)) + " ",
            shared_column(prepared),
            nfc(doc.title)[:2000],
            nfc(doc.summary or ""),
            prepared.body,
            nfc(doc.url)[:1000],
            prepared.date.isoformat() if prepared.date else None,
            doc.language or "vi",
            prepared.keywords_text,
            *facet_row,
            json.dumps(facets_json(doc.facets), ensure_ascii=False),
            prepared.fingerprint,
        )
        match = (
            doc.portal_id,
            doc.kind,
            prepared.date,
            *facet_row,
            tsvector_binary(
                prepared.title_folded_tokens,
                prepared.text_folded_tokens[: prepared.lead_length],
                prepared.text_folded_tokens[prepared.lead_length :],
                markers,
                weights=True,
            ),
            tsvector_binary(prepared.title_tokens),
            prepared.fingerprint,
        )
        return PostgresRows(doc.id, text_line(entry), b"".join(map(binary_field, match)))

    def _insert(self, documents: list[PostgresRows]) -> None:
        """COPY (several times faster than INSERT): the documents, then their
        match rows, under ids taken here."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('search_searchentry', 'id')) FROM generate_series(1, %s)",
                [len(documents)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            raw = cursor.cursor
            with raw.copy(f"COPY search_searchentry (id, {', '.join(ENTRY_FIELDS)}) FROM STDIN") as copy:
                copy.write("".join([f"{pk}\t{row.entry}" for pk, row in zip(ids, documents)]))
            with raw.copy(f"COPY search_searchmatch (id, {', '.join(MATCH_FIELDS)}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(binary_copy((binary_field(pk) + row.match for pk, row in zip(ids, documents)), 1 + len(MATCH_FIELDS)))

    def _delete_index_rows(self, entries) -> None:
        matches = SearchMatch.objects.all() if entries is None else SearchMatch.objects.filter(entry_id__in=entries.values("pk"))
        matches._raw_delete(matches.db)

    def analyze(self, vacuum: bool = False) -> None:
        # The planner's choice between the GIN index and the date index
        # depends on how common each word is; VACUUM also empties the GIN
        # index's pending list and sets the visibility map. The vocabulary of
        # suggestions is read again from the vectors (markers left out).
        with connection.cursor() as cursor:
            cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} search_searchentry, search_searchmatch")
            cursor.execute("TRUNCATE search_vocabulary")
            cursor.execute(
                "INSERT INTO search_vocabulary (word, documents) SELECT word, ndoc "
                "FROM ts_stat('SELECT vec FROM search_searchmatch') WHERE word NOT LIKE '\\_%%'"
            )
            cursor.execute("ANALYZE search_vocabulary")

    def _known_words(self, words):
        with connection.cursor() as cursor:
            cursor.execute("SELECT word FROM search_vocabulary WHERE word = ANY(%s)", [list(words)])
            return {row[0] for row in cursor.fetchall()}

    def _words_like(self, word):
        with connection.cursor() as cursor:
            cursor.execute("SELECT word, documents FROM search_vocabulary ORDER BY word <-> %s LIMIT 30", [word])
            return cursor.fetchall()

    # -- reading ---------------------------------------------------------
    def _where(self, query: SearchQuery) -> tuple[str, str, list]:
        # Scope, portal, kind and language are marker lexemes of the same
        # vector: the GIN index applies them while it finds the words.
        filters = self._filters(query)
        parts = [_tsquery(query.parsed.folded)]
        if query.scope:
            # Its portals and their members, and what their ancestors share with their level.
            scope = [_lexeme(_marker("s", int(pk))) for pk in query.scope]
            if query.shared:
                shared = " | ".join(_lexeme(_marker("v", f"{int(pk)}.{level}")) for pk, level in query.shared)
                if query.shared_except_kinds:
                    except_kinds = " & ".join("!" + _lexeme(_marker("k", kind)) for kind in query.shared_except_kinds)
                    shared = f"({shared}) & {except_kinds}"
                scope.append(f"({shared})")
            parts.append("(" + " | ".join(scope) + ")")
        for name, prefix in (("portal", "p"), ("kind", "k")):
            if filters.get(name):
                parts.append("(" + " | ".join(_lexeme(_marker(prefix, v)) for v in filters.pop(name)) + ")")
        if query.language:
            parts.append(_lexeme(_marker("l", query.language)))
        where, params = ["e.vec @@ %s::tsquery"], [" & ".join(parts)]
        self._column_conditions(filters, where, params)
        return "search_searchmatch e", " AND ".join(where), params

    def _ranked_page(self, query, page):
        # The page, ranked among the first CANDIDATES matches, in the same
        # statement (one index scan), by search.ranking: tier, ts_rank over the
        # weighted fields times recency, optional words, exact marks, date, id.
        parsed = query.parsed
        params: list = []
        tier = "0"
        readings = ranking.tier_readings(parsed)
        if readings:
            tier = (
                f"CASE WHEN c.vec @@ %s::tsquery THEN {ranking.PHRASE} "
                f"WHEN c.vec @@ %s::tsquery THEN {ranking.NEAR} ELSE {ranking.SCATTERED} END"
            )
            params.append(" | ".join(_phrase(ranking.phrase(groups)) for groups in readings))
            params.append(" | ".join(f"({_near_tsquery(groups)})" for groups in readings))
        optional = "0"
        if parsed.optional:
            optional = "(c.vec @@ %s::tsquery)::int"
            params.append(_tsquery(parsed.optional))
        exact = "0"
        if parsed.has_diacritics:
            exact = "(c.vec_title_exact @@ %s::tsquery)::int"
            params.append(_tsquery(parsed.exact))
        w = ranking.FIELD_WEIGHTS
        weights = f"'{{{w['body'] / w['title']}, 0, {w['lead'] / w['title']}, 1}}'"
        relevance = (
            f"ts_rank({weights}, c.vec, %s::tsquery, 1) * CASE WHEN c.date IS NULL THEN 1.0 ELSE "
            f"1.0 + {ranking.RECENCY_BOOST} * {ranking.RECENCY_DAYS} / ({ranking.RECENCY_DAYS} + "
            f"GREATEST(0.0, EXTRACT(EPOCH FROM now() - c.date) / 86400)) END"
        )
        params += [_tsquery(parsed.folded), *page]
        select = (
            f"SELECT '', CAST(h.id AS TEXT), h.position, CAST(h.tier * {ranking.TIER_SCALE} + h.relevance AS DOUBLE PRECISION), "
            f"h.copies FROM (SELECT s.id, s.tier, s.relevance, s.copies, row_number() OVER (ORDER BY s.tier DESC, "
            f"s.relevance DESC, s.optional DESC, s.exact DESC, s.date DESC NULLS LAST, s.id DESC) AS position FROM (SELECT c.id, c.date, {tier} AS tier, "
            f"{optional} AS optional, {exact} AS exact, {relevance} AS relevance, {COPY_RANK}, {COPIES} "
            f"FROM (SELECT * FROM m LIMIT {CANDIDATES}) c) s WHERE s.copy_rank = 1 "
            f"ORDER BY position LIMIT %s OFFSET %s) h"
        )
        # Only the candidates' vectors are kept with the counted matches: the
        # other rows stay narrow (holding every vector cost a third of the statement).
        first = f"CASE WHEN row_number() OVER () <= {CANDIDATES} THEN"
        return f", e.fingerprint, {first} e.vec END AS vec, {first} e.vec_title_exact END AS vec_title_exact", select, params
