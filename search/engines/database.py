"""The database engine: SQLite FTS5 on the embedded default, PostgreSQL
full-text search when DATABASE_URL is PostgreSQL.

Both search the pre-folded columns (so "dien tu" finds "điện tử"), rank
documents matching the query's diacritics exactly first, and keep common words
fast by working on capped sets: counting and facets stop at COUNT_CAP matches,
and relevance ranking on PostgreSQL ranks at most CANDIDATES matches found
through the GIN index, on short title vectors (a word found in most of the
index never makes PostgreSQL read and rank every document's vector).
"""

from __future__ import annotations

import time
from typing import Iterable

from django.db import connection, transaction
from django.utils import timezone

from search.documents import PreparedDocument, highlight
from search.engines.base import SearchEngine
from search.normalize import nfc
from search.models import SearchEntry
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


def _tsquery(groups: list[list[str]]) -> str:
    parts = []
    for group in groups:
        quoted = [f"'{token}'" for token in group]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts)


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
            keywords=nfc(prepared.keywords_text),
            facets={k: (v if isinstance(v, (str, int, float, bool)) or v is None else str(v)) for k, v in (doc.facets or {}).items()},
            title_exact=prepared.title_exact,
            title_folded=prepared.title_folded,
            text_exact=prepared.text_exact,
            text_folded=prepared.text_folded,
            **prepared.facet_values,
        )

    def index(self, documents: Iterable[PreparedDocument], replace: bool = True) -> int:
        count = 0
        batch: list[SearchEntry] = []
        with transaction.atomic():
            for prepared in documents:
                batch.append(self._entry(prepared))
                if len(batch) >= BATCH:
                    count += self._write(batch, replace)
                    batch = []
            if batch:
                count += self._write(batch, replace)
        return count

    def _write(self, batch: list[SearchEntry], replace: bool) -> int:
        # The last version of a document in a batch wins.
        unique = {entry.doc_id: entry for entry in batch}
        if replace:
            SearchEntry.objects.filter(doc_id__in=list(unique)).delete()
        if self.vendor == "postgresql":
            self._copy(unique.values())
        else:
            SearchEntry.objects.bulk_create(unique.values(), batch_size=BATCH)
        return len(unique)

    COPY_FIELDS = (
        "doc_id", "kind", "portal_id", "scope", "title", "summary", "body", "url", "date", "language", "keywords",
        "category", "document_type", "issuer", "field", "year", "facets", "title_exact", "title_folded",
        "text_exact", "text_folded", "indexed_at",
    )

    def _copy(self, entries) -> None:
        """PostgreSQL bulk load with COPY (several times faster than INSERT)."""
        from psycopg.types.json import Jsonb

        now = timezone.now()
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY search_searchentry ({', '.join(self.COPY_FIELDS)}) FROM STDIN") as copy:
                for e in entries:
                    copy.write_row(
                        (
                            e.doc_id, e.kind, e.portal_id, e.scope, e.title, e.summary, e.body, e.url, e.date,
                            e.language, e.keywords, e.category, e.document_type, e.issuer, e.field, e.year,
                            Jsonb(e.facets), e.title_exact, e.title_folded, e.text_exact, e.text_folded, now,
                        )
                    )

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        for start in range(0, len(ids), BATCH):
            SearchEntry.objects.filter(doc_id__in=ids[start : start + BATCH]).delete()

    def delete_where(self, portal_id=None, kinds=None) -> None:
        qs = SearchEntry.objects.all()
        if portal_id is not None:
            qs = qs.filter(portal_id=portal_id)
        if kinds is not None:
            qs = qs.filter(kind__in=list(kinds))
        qs._raw_delete(qs.db) if portal_id is None and kinds is None else qs.delete()

    def rebuild(self, documents, portal_id=None) -> int:
        # One transaction: readers see the old documents until the new ones commit.
        with transaction.atomic():
            self.delete_where(portal_id=portal_id)
            return self.index(documents, replace=False)

    def counts(self):
        from django.db.models import Count

        return [
            (row["portal_id"], row["kind"], row["n"])
            for row in SearchEntry.objects.values("portal_id", "kind").annotate(n=Count("id")).order_by("portal_id", "kind")
        ]

    def document_ids(self):
        return set(SearchEntry.objects.values_list("doc_id", flat=True))

    # -- reading ---------------------------------------------------------
    def _filters(self, query: SearchQuery) -> tuple[list[str], list]:
        where, params = [], []
        if query.scope:
            if self.vendor == "postgresql":
                where.append("e.scope_ids && %s::integer[]")
                params.append([int(pk) for pk in query.scope])
            else:
                where.append("(" + " OR ".join(["e.scope LIKE %s"] * len(query.scope)) + ")")
                params.extend(f"% {int(pk)} %" for pk in query.scope)
        columns = {"portal": "e.portal_id", "kind": "e.kind", **{f: f"e.{f}" for f in DOCUMENT_FACETS}}
        for name, values in query.filters.items():
            if name == "portal":
                values = [int(v) for v in values if str(v).isdigit()] or [-1]
            where.append(f"{columns[name]} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
        if query.language:
            where.append("e.language = %s")
            params.append(query.language)
        return where, params

    def _match(self, query: SearchQuery) -> tuple[str, str, list]:
        """(FROM clause, WHERE condition, params) selecting folded matches."""
        groups = query.parsed.folded
        if self.vendor == "postgresql":
            return "search_searchentry e", "e.vec_folded @@ to_tsquery('simple', %s)", [_tsquery(groups)]
        return (
            "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid",
            "search_fts MATCH %s",
            [_fts5_query(groups, "title_folded text_folded")],
        )

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        results = SearchResults(page=query.page, page_size=query.page_size)
        parsed = query.parsed
        if parsed.empty:
            results.took_ms = (time.perf_counter() - started) * 1000
            return results
        source, match, match_params = self._match(query)
        filters, filter_params = self._filters(query)
        where = " AND ".join([match, *filters])
        params = match_params + filter_params

        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # A common word matches most rows and tempts the planner into a
                # sequential scan that reads every large vector; the GIN index
                # answers without reading them.
                cursor.execute("SET LOCAL enable_seqscan = off")
            # Counts and facets over at most COUNT_CAP matches.
            facet_names = [f for f in query.facets if f != "kind"]
            facet_columns = {"portal": "CAST(portal_id AS TEXT)", "kind": "kind", **{f: f for f in DOCUMENT_FACETS}}
            selects = ["SELECT 'kind', kind, COUNT(*) FROM m GROUP BY kind"]
            for name in facet_names:
                column = facet_columns[name]
                selects.append(f"SELECT '{name}', {column}, COUNT(*) FROM m WHERE {column} <> '' GROUP BY {column}")
            cursor.execute(
                f"WITH m AS (SELECT e.portal_id, e.kind, e.category, e.document_type, e.issuer, e.field, e.year "
                f"FROM {source} WHERE {where} LIMIT {COUNT_CAP + 1}) " + " UNION ALL ".join(selects),
                params,
            )
            facets: dict[str, list[tuple[str, int]]] = {}
            for name, value, count in cursor.fetchall():
                facets.setdefault(name, []).append((str(value), count))
            total = sum(count for _v, count in facets.get("kind", []))
            results.total = min(total, COUNT_CAP)
            results.total_is_lower_bound = total > COUNT_CAP
            results.facets = {
                name: sorted(facets.get(name, []), key=lambda item: (-item[1], item[0])) for name in query.facets
            }

            if query.offset >= min(results.total, RESULT_WINDOW):
                results.took_ms = (time.perf_counter() - started) * 1000
                return results
            limit = min(query.page_size, RESULT_WINDOW - query.offset)
            ids = self._hit_ids(cursor, query, source, where, params, limit)

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

    def _hit_ids(self, cursor, query, source, where, params, limit) -> dict[int, float]:
        parsed = query.parsed
        exact = parsed.has_diacritics
        page = [limit, query.offset]
        if query.sort == "date":
            cursor.execute(
                f"SELECT e.id, 0 FROM {source} WHERE {where} ORDER BY e.date DESC, e.id DESC LIMIT %s OFFSET %s"
                if self.vendor == "sqlite"
                else f"SELECT e.id, 0 FROM {source} WHERE {where} "
                f"ORDER BY e.date DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s",
                params + page,
            )
            return {row[0]: row[1] for row in cursor.fetchall()}
        if self.vendor == "postgresql":
            # Candidates come from the GIN index alone (no large vector is read);
            # they are ranked on the short title vectors, then by date.
            folded_q = _tsquery(parsed.folded)
            exact_sql, exact_params = "0", []
            if exact:
                exact_sql, exact_params = "1000 * (c.vec_title_exact @@ to_tsquery('simple', %s))::int", [_tsquery(parsed.exact)]
            cursor.execute(
                f"SELECT c.id, {exact_sql} + 10 * ts_rank(c.vec_title, to_tsquery('simple', %s)) AS score "
                f"FROM (SELECT e.id, e.date, e.vec_title, e.vec_title_exact FROM {source} WHERE {where} "
                f"LIMIT {CANDIDATES}) c "
                f"ORDER BY score DESC, c.date DESC NULLS LAST, c.id DESC LIMIT %s OFFSET %s",
                exact_params + [folded_q] + params + page,
            )
            return {row[0]: row[1] for row in cursor.fetchall()}
        exact_sql, exact_params = "0", []
        if exact:
            exact_sql = "1000 * (e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
            exact_params = [_fts5_query(parsed.exact, "title_exact text_exact")]
        # bm25() is lower for better matches; weights: folded title 10, folded text 1.
        cursor.execute(
            f"SELECT e.id, {exact_sql} - bm25(search_fts, 10.0, 1.0, 0.0, 0.0) AS score FROM {source} "
            f"WHERE {where} ORDER BY score DESC, e.date DESC, e.id DESC LIMIT %s OFFSET %s",
            exact_params + params + page,
        )
        return {row[0]: row[1] for row in cursor.fetchall()}
