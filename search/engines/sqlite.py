"""The database engine on SQLite: an FTS5 table, ranked with bm25.

``search_fts`` (created on SQLite only, by migration 0002) holds each
document's normalised tokens under the id of its SearchEntry row: the title
and the text folded (what a query matches) and with their diacritics (what
ranks exact matches first). The text is normalised and folded in Python
(search.normalize), so FTS5's plain ``unicode61`` tokenizer without
diacritic removal is right. The engine writes and deletes a document's FTS5
row with its SearchEntry row.
"""

from __future__ import annotations

from django.db import connection

from search.documents import PreparedDocument
from search.engines.database import BATCH, DatabaseEngine, facets_json
from search.models import SearchEntry
from search.normalize import nfc
from search.query import SearchQuery


def _fts5_query(groups: list[list[str]], columns: str) -> str:
    # Tokens hold only letters and digits (search.normalize.TOKEN), so quoting
    # them makes every token a literal: no user text is read as FTS5 syntax.
    parts = ['"' + " ".join(group) + '"' for group in groups]
    return "{" + columns + "} : (" + " AND ".join(parts) + ")"


def _entry(prepared: PreparedDocument) -> SearchEntry:
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
        facets=facets_json(doc.facets),
        **prepared.facet_values,
    )


class SQLiteEngine(DatabaseEngine):
    vendor = "sqlite"

    def _insert(self, documents: list[PreparedDocument]) -> None:
        # SQLite returns the new ids from a bulk insert (RETURNING, SQLite 3.35+).
        entries = SearchEntry.objects.bulk_create([_entry(prepared) for prepared in documents], batch_size=BATCH)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title_folded, text_folded, title_exact, text_exact) VALUES (%s, %s, %s, %s, %s)",
                [
                    (entry.pk, prepared.title_folded, prepared.text_folded, prepared.title_exact, prepared.text_exact)
                    for entry, prepared in zip(entries, documents)
                ],
            )

    def _delete_index_rows(self, entries) -> None:
        sql, params = entries.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({sql})", params)

    def _where(self, query: SearchQuery) -> tuple[str, str, list]:
        where = ["search_fts MATCH %s"]
        params: list = [_fts5_query(query.parsed.folded, "title_folded text_folded")]
        if query.scope:
            where.append("(" + " OR ".join(["e.scope LIKE %s"] * len(query.scope)) + ")")
            params.extend(f"% {int(pk)} %" for pk in query.scope)
        if query.language:
            where.append("e.language = %s")
            params.append(query.language)
        self._column_conditions(self._filters(query), where, params)
        return "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid", " AND ".join(where), params

    def _relevance_ids(self, cursor, query, source, where, params, page):
        parsed = query.parsed
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
