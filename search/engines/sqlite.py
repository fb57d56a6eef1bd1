"""The database engine on SQLite: an FTS5 table, ranked with bm25.

``search_fts`` (created on SQLite only, by migrations 0002 and 0003) holds
each document's normalised tokens under the id of its SearchEntry row: the
title, the lead and the body folded (what a query matches and bm25 weighs,
search.ranking.FIELD_WEIGHTS) and the title and text with their diacritics
(the exact-marks tie-breaker). The text is normalised and folded in Python
(search.normalize), so FTS5's plain ``unicode61`` tokenizer without
diacritic removal is right. The engine writes and deletes a document's FTS5
row with its SearchEntry row.
"""

from __future__ import annotations

from django.db import connection

from search import ranking
from search.documents import PreparedDocument
from search.engines.database import BATCH, COPIES, COPY_RANK, DatabaseEngine, facets_json, shared_column
from search.models import SearchEntry
from search.normalize import fold_nfc, nfc
from search.query import SearchQuery

FOLDED_COLUMNS = "title_folded lead_folded body_folded"
EXACT_COLUMNS = "title_exact text_exact"


def _phrase(group: list[str]) -> str:
    # Tokens hold only letters and digits (search.normalize.TOKEN), so quoting
    # them makes every token a literal: no user text is read as FTS5 syntax.
    return '"' + " ".join(group) + '"'


def _fts5_query(groups: list[list[str]], columns: str) -> str:
    return "{" + columns + "} : (" + " AND ".join(map(_phrase, groups)) + ")"


def _fts5_near(groups: list[list[str]]) -> str:
    """Every two consecutive groups within search.ranking.NEAR_WINDOW words."""
    pairs = [f"NEAR({_phrase(a)} {_phrase(b)}, {ranking.NEAR_WINDOW})" for a, b in ranking.near_pairs(groups)]
    return "{" + FOLDED_COLUMNS + "} : (" + " AND ".join(pairs) + ")"


def _entry(prepared: PreparedDocument) -> SearchEntry:
    doc = prepared.doc
    return SearchEntry(
        doc_id=doc.id,
        kind=doc.kind,
        portal_id=doc.portal_id,
        scope=" " + " ".join(str(pk) for pk in prepared.scope) + " ",
        shared_levels=shared_column(prepared),
        title=nfc(doc.title)[:2000],
        summary=nfc(doc.summary or ""),
        body=prepared.body,
        url=nfc(doc.url)[:1000],
        date=prepared.date,
        language=doc.language or "vi",
        keywords=prepared.keywords_text,
        facets=facets_json(doc.facets),
        fingerprint=prepared.fingerprint,
        **prepared.facet_values,
    )


class SQLiteEngine(DatabaseEngine):
    vendor = "sqlite"

    def _insert(self, documents: list[PreparedDocument]) -> None:
        # SQLite returns the new ids from a bulk insert (RETURNING, SQLite 3.35+).
        entries = SearchEntry.objects.bulk_create([_entry(prepared) for prepared in documents], batch_size=BATCH)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title_folded, lead_folded, body_folded, title_exact, text_exact) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (
                        entry.pk,
                        prepared.title_folded,
                        prepared.lead_folded,
                        prepared.body_folded,
                        prepared.title_exact,
                        prepared.text_exact,
                    )
                    for entry, prepared in zip(entries, documents)
                ],
            )

    def _delete_index_rows(self, entries) -> None:
        with connection.cursor() as cursor:
            if entries is None:
                cursor.execute("DELETE FROM search_fts")
                return
            sql, params = entries.values("pk").query.sql_with_params()
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({sql})", params)

    def _where(self, query: SearchQuery) -> tuple[str, str, list]:
        where = ["search_fts MATCH %s"]
        params: list = [_fts5_query(query.parsed.folded, FOLDED_COLUMNS)]
        if query.scope:
            # Its portals and their members, and what their ancestors share with their level.
            alternatives = ["e.scope LIKE %s"] * len(query.scope)
            params.extend(f"% {int(pk)} %" for pk in query.scope)
            for pk, level in query.shared:
                alternatives.append("(e.portal_id = %s AND instr(e.shared_levels, %s) > 0)")
                params.extend([pk, f" {level} "])
            if query.shared and query.shared_except_kinds:
                shared = " OR ".join(alternatives[len(query.scope) :])
                kinds = ", ".join(["%s"] * len(query.shared_except_kinds))
                alternatives[len(query.scope) :] = [f"(({shared}) AND e.kind NOT IN ({kinds}))"]
                params.extend(query.shared_except_kinds)
            where.append("(" + " OR ".join(alternatives) + ")")
        if query.language:
            where.append("e.language = %s")
            params.append(query.language)
        self._column_conditions(self._filters(query), where, params)
        return "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid", " AND ".join(where), params

    def _known_words(self, words):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term FROM search_fts_vocab WHERE term IN ({', '.join(['%s'] * len(words))})", list(words))
            return {row[0] for row in cursor.fetchall()}

    def _words_like(self, word):
        # The vocabulary is sorted: read the words that start like this one and are
        # about as long (a slip in the first letter is not suggested).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, doc FROM search_fts_vocab WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2],
            )
            return [(term, docs) for term, docs in cursor.fetchall() if fold_nfc(term) == term]

    def _relevance_ids(self, cursor, query, source, where, params, page):
        # search.ranking: tier, bm25 by field weight (bm25() is lower for better
        # matches) times recency, optional words, exact marks, date, id.
        parsed = query.parsed
        selects, select_params = [], []

        def matching(fts_query: str) -> str:
            select_params.append(fts_query)
            return "(e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"

        readings = ranking.tier_readings(parsed)
        tier = "0"
        if readings:
            phrases = " OR ".join(_phrase(ranking.phrase(groups)) for groups in readings)
            near = " OR ".join(f"({_fts5_near(groups)})" for groups in readings)
            tier = f"CASE WHEN {matching('{' + FOLDED_COLUMNS + '} : (' + phrases + ')')} THEN {ranking.PHRASE} "
            tier += f"WHEN {matching(near)} THEN {ranking.NEAR} ELSE {ranking.SCATTERED} END"
        selects.append(f"{tier} AS tier")
        optional = "0"
        if parsed.optional:
            optional = matching(_fts5_query(parsed.optional, FOLDED_COLUMNS))
        selects.append(f"{optional} AS optional")
        weights = ranking.FIELD_WEIGHTS
        age = "julianday('now') - julianday(e.date)"
        selects.append(
            f"-bm25(search_fts, {weights['title']}, {weights['lead']}, {weights['body']}, 0.0, 0.0) * "
            f"CASE WHEN e.date IS NULL THEN 1.0 ELSE 1.0 + {ranking.RECENCY_BOOST} * {ranking.RECENCY_DAYS} / "
            f"({ranking.RECENCY_DAYS} + MAX(0.0, {age})) END AS relevance"
        )
        selects.append(
            f"{matching(_fts5_query(parsed.exact, EXACT_COLUMNS))} AS exact" if parsed.has_diacritics else "0 AS exact"
        )
        # bm25() cannot run under a window function: rank first, fold copies around it.
        cursor.execute(
            f"SELECT id, tier, optional, relevance, copies FROM (SELECT c.*, {COPY_RANK}, {COPIES} FROM ("
            f"SELECT e.id, e.date, e.fingerprint, {', '.join(selects)} FROM {source} WHERE {where}) c) "
            f"WHERE copy_rank = 1 ORDER BY tier DESC, relevance DESC, optional DESC, exact DESC, date DESC, id DESC "
            f"LIMIT %s OFFSET %s",
            select_params + params + page,
        )
        rows = cursor.fetchall()
        return {pk: (ranking.score(tier, relevance), copies) for pk, tier, _optional, relevance, copies in rows}
