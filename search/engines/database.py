"""The database engine: search in the project's own database.

``DatabaseEngine()`` gives the engine of the database in use (as
``pathlib.Path()`` gives a ``PosixPath``): search.engines.sqlite (FTS5) on
the embedded default, search.engines.postgresql (full-text search on a
narrow, partitioned match table) when DATABASE_URL is PostgreSQL. This
module holds what the two share:

* the documents as displayed (search.models.SearchEntry), written and
  deleted in batches, always with the vendor's index rows;
* one statement for a query's capped counts and facets: counting and facets
  stop at COUNT_CAP matches, so a word found in most of the index stays
  fast, and results are reachable to the RESULT_WINDOW-th;
* the page of hits, loaded from SearchEntry and highlighted.

Both vendors search pre-folded text (so "dien tu" finds "điện tử") and rank
by the same rules (search.ranking); each finds, ranks and stores its index
rows its own way (the hooks below).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.module_loading import import_string

from cms.search_contract import SearchDocument
from search.documents import PreparedDocument, highlight, prepare
from search.engines.base import SearchEngine
from search.models import SearchEntry
from search.query import DOCUMENT_FACETS, Hit, SearchQuery, SearchResults

# Counting and facets stop here: each counted row is read from the table, so a
# word found in most of the index costs at most this many row reads.
COUNT_CAP = 3000
RESULT_WINDOW = 1000  # deepest result reachable by paging (like Elasticsearch)
BATCH = 1000

# Copies of one text (PreparedDocument.fingerprint) show once, as the earliest (the
# original), with how many matched: columns of a ranking over the matches ``c``.
COPY_RANK = "row_number() OVER (PARTITION BY c.fingerprint ORDER BY c.date ASC NULLS LAST, c.id ASC) AS copy_rank"
COPIES = "count(*) OVER (PARTITION BY c.fingerprint) AS copies"


def shared_column(prepared: PreparedDocument) -> str:
    """SearchEntry.shared_levels of a document: " <code> <code> " (or "")."""
    return f" {' '.join(prepared.shared_levels)} " if prepared.shared_levels else ""


def scope_q(query: SearchQuery) -> Q:
    """The query's scope on SearchEntry: documents of its portals and their members,
    and documents shared with a level below their portal (SearchQuery.shared)."""
    scope = Q()
    for pk in query.scope:
        scope |= Q(scope__contains=f" {int(pk)} ")
    for pk, level in query.shared:
        shared = Q(portal_id=pk, shared_levels__contains=f" {level} ")
        if query.shared_except_kinds:
            shared &= ~Q(kind__in=query.shared_except_kinds)
        scope |= shared
    return scope


# The engine of each database vendor (Django's connection.vendor).
VENDOR_ENGINES = {
    "sqlite": "search.engines.sqlite.SQLiteEngine",
    "postgresql": "search.engines.postgresql.PostgreSQLEngine",
}


def engine_class(vendor: str) -> type[DatabaseEngine]:
    if vendor not in VENDOR_ENGINES:
        raise ImproperlyConfigured(
            f"The database search engine runs on SQLite or PostgreSQL, not {vendor}; set SEARCH_ENGINE=elasticsearch."
        )
    return import_string(VENDOR_ENGINES[vendor])


def facets_json(facets) -> dict:
    return {k: (v if isinstance(v, (str, int, float, bool)) or v is None else str(v)) for k, v in (facets or {}).items()}


class DatabaseEngine(SearchEngine):
    name = "database"
    vendor = ""  # the Django database vendor a subclass serves
    # SQL spelling a vendor needs in the shared statements.
    materialized = ""  # "MATERIALIZED ": the capped matches are computed once
    nulls_last = ""  # " NULLS LAST": undated documents last in date order
    statement_memory = ""  # memory a ranked search may sort and hold its matches in

    def __new__(cls, *args, **kwargs):
        if cls is DatabaseEngine:
            cls = engine_class(connection.vendor)
        return super().__new__(cls)

    # -- vendor hooks ------------------------------------------------------
    def _insert(self, documents: list) -> None:
        """Write these documents (encoded, none of them stored yet): their
        SearchEntry rows and the vendor's index rows."""
        raise NotImplementedError

    def _delete_index_rows(self, entries) -> None:
        """Delete the vendor's index rows of these SearchEntry rows (a queryset;
        None: every index row)."""
        raise NotImplementedError

    def _where(self, query: SearchQuery) -> tuple[str, str, list]:
        """(FROM clause, WHERE condition, params) selecting the query's matches
        as ``e``, with the columns the counting statement reads."""
        raise NotImplementedError

    def _ranked_page(self, query: SearchQuery, page: list[int]) -> tuple[str, str, list] | None:
        """Relevance ranking in the counting statement, if the vendor does it
        there: (columns the ranking reads from the matches, the SELECT of
        rows ('', id, position, score, copies) over ``m``, its params)."""
        return None

    def _relevance_ids(self, cursor, query: SearchQuery, source: str, where: str, params: list, page: list[int]):
        """{entry id: (score, copies)} of the page by relevance, in order, when
        _ranked_page does not rank."""
        raise NotImplementedError

    # -- writing ---------------------------------------------------------
    def index(self, documents: Iterable, replace: bool = True) -> int:
        count = 0
        batch: list = []
        with transaction.atomic():
            for item in documents:
                batch.append(item)
                if len(batch) >= BATCH:
                    count += self._write(batch, replace)
                    batch = []
            if batch:
                count += self._write(batch, replace)
        return count

    def _write(self, batch: list, replace: bool) -> int:
        encoded = [self.encode(item) if isinstance(item, PreparedDocument) else item for item in batch]
        # The last version of a document in a batch wins.
        unique = {item.doc_id: item for item in encoded}
        if replace:
            self.delete_entries(SearchEntry.objects.filter(doc_id__in=list(unique)))
        self._insert(list(unique.values()))
        return len(unique)

    def delete_entries(self, entries) -> None:
        """Delete these SearchEntry rows (a queryset) with their index rows:
        the one way documents are deleted."""
        self._delete_index_rows(entries)
        entries._raw_delete(entries.db)

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        for start in range(0, len(ids), BATCH):
            self.delete_entries(SearchEntry.objects.filter(doc_id__in=ids[start : start + BATCH]))

    def delete_where(self, portal_id=None, kinds=None) -> None:
        entries = SearchEntry.objects.all()
        if portal_id is None and kinds is None:
            # The whole index: index rows left without a document (a database emptied
            # around the engine) go too, or they would be found, and fold real copies.
            self._delete_index_rows(None)
        if portal_id is not None:
            entries = entries.filter(portal_id=portal_id)
        if kinds is not None:
            entries = entries.filter(kind__in=list(kinds))
        self.delete_entries(entries)

    def rebuild(self, documents, portal_id=None) -> int:
        # One transaction: readers see the old documents until the new ones commit.
        with transaction.atomic():
            self.delete_where(portal_id=portal_id)
            count = self.index(documents, replace=False)
            if portal_id is None:
                self.analyze()
            return count

    def reencode_stored(self) -> int:
        """Write every stored document again from its displayed text (when the
        engine's encoding changes: a migration, not a rebuild from the plugins)."""
        last = SearchEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        count, start = 0, 0
        while start < last:
            entries = list(SearchEntry.objects.filter(pk__gt=start, pk__lte=last).order_by("pk")[:BATCH])
            if not entries:
                break
            start = entries[-1].pk
            batch = []
            for entry in entries:
                doc = SearchDocument(
                    id=entry.doc_id,
                    kind=entry.kind,
                    portal_id=entry.portal_id,
                    title=entry.title,
                    url=entry.url,
                    date=entry.date,
                    summary=entry.summary,
                    body=entry.body,
                    language=entry.language,
                    keywords=[entry.keywords] if entry.keywords else [],
                    facets=entry.facets,
                    shared_levels=tuple(entry.shared_levels.split()),
                )
                scope = {entry.portal_id: [int(pk) for pk in entry.scope.split()]}
                batch.append(self.encode(prepare(doc, scope)))
            count += self._write(batch, replace=True)
        return count

    def counts(self):
        return [
            (row["portal_id"], row["kind"], row["n"])
            for row in SearchEntry.objects.values("portal_id", "kind").annotate(n=Count("id")).order_by("portal_id", "kind")
        ]

    def document_ids(self):
        return set(SearchEntry.objects.values_list("doc_id", flat=True))

    # -- reading ---------------------------------------------------------
    @staticmethod
    def _filters(query: SearchQuery) -> dict[str, list]:
        """The query's facet filters; portal ids that are not numbers match nothing."""
        filters = dict(query.filters)
        if filters.get("portal"):
            filters["portal"] = [int(v) for v in filters["portal"] if str(v).isdigit()] or [-1]
        return filters

    @staticmethod
    def _column_conditions(filters: dict[str, list], where: list[str], params: list) -> None:
        """Filters on the columns of ``e``, added to ``where`` / ``params``."""
        columns = {"portal": "e.portal_id", "kind": "e.kind", **{f: f"e.{f}" for f in DOCUMENT_FACETS}}
        for name, values in filters.items():
            where.append(f"{columns[name]} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)

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
        no_score = "CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS BIGINT)"
        selects = [f"SELECT 'kind', kind, COUNT(*), {no_score} FROM m GROUP BY kind"]
        for name in query.facets:
            if name != "kind":
                column = facet_columns[name]
                selects.append(f"SELECT '{name}', {column}, COUNT(*), {no_score} FROM m WHERE {column} <> '' GROUP BY {column}")
        columns = "e.id, e.portal_id, e.kind, e.category, e.document_type, e.issuer, e.field, e.year, e.date"
        ranked_params: list = []
        ranking = self._ranked_page(query, page) if query.sort == "relevance" and page else None
        if ranking:
            ranked_columns, ranked_select, ranked_params = ranking
            columns += ranked_columns
            selects.append(ranked_select)
        with transaction.atomic(), connection.cursor() as cursor:
            if self.statement_memory and ranking:
                # The counted matches hold the ranked candidates' vectors: in memory, not spilled.
                cursor.execute(f"SET LOCAL work_mem = '{self.statement_memory}'")
            cursor.execute(
                f"WITH m AS {self.materialized}(SELECT {columns} FROM {source} WHERE {where} LIMIT {COUNT_CAP + 1}) "
                + " UNION ALL ".join(selects),
                params + ranked_params,
            )
            facets: dict[str, list[tuple[str, int]]] = {}
            ranked: list[tuple[int, int, float, int]] = []
            for name, value, count, score, copies in cursor.fetchall():
                if name == "":
                    ranked.append((count, int(value), score, copies))
                else:
                    facets.setdefault(name, []).append((str(value), count))
            total = sum(count for _v, count in facets.get("kind", []))
            results.total = min(total, COUNT_CAP)
            results.total_is_lower_bound = total > COUNT_CAP
            results.facets = {name: sorted(facets.get(name, []), key=lambda item: (-item[1], item[0])) for name in query.facets}
            if page is None or query.offset >= results.total:
                results.took_ms = (time.perf_counter() - started) * 1000
                return results
            if ranking:
                ids = {pk: (score, copies) for _position, pk, score, copies in sorted(ranked)}
            elif query.sort == "date":
                ids = self._date_ids(cursor, source, where, params, page)
            else:
                ids = self._relevance_ids(cursor, query, source, where, params, page)

        entries = SearchEntry.objects.in_bulk(ids)
        terms = parsed.highlight_terms()
        also_on = self._copies_elsewhere(query, [entries[pk] for pk, (_s, copies) in ids.items() if copies > 1 and pk in entries])
        for pk, (score, _copies) in ids.items():
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
                    also_on=also_on.get(entry.fingerprint, []),
                )
            )
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    @staticmethod
    def _copies_elsewhere(query: SearchQuery, originals: list[SearchEntry]) -> dict[str, list[tuple[int, str]]]:
        """{fingerprint: [(portal id, url)]} of the other copies of these hits in
        the query's scope and language, one per portal (one query)."""
        if not originals:
            return {}
        copies = SearchEntry.objects.filter(fingerprint__in={e.fingerprint for e in originals}).exclude(
            pk__in=[e.pk for e in originals]
        )
        if query.scope:
            copies = copies.filter(scope_q(query))
        if query.language:
            copies = copies.filter(language=query.language)
        found: dict[str, list[tuple[int, str]]] = {}
        shown = {(e.fingerprint, e.portal_id) for e in originals}
        for fingerprint, portal_id, url in copies.order_by("date", "pk").values_list("fingerprint", "portal_id", "url")[:200]:
            if (fingerprint, portal_id) not in shown:
                shown.add((fingerprint, portal_id))
                found.setdefault(fingerprint, []).append((portal_id, url))
        return found

    def _date_ids(self, cursor, source: str, where: str, params: list, page: list[int]) -> dict[int, tuple[float, int]]:
        """{entry id: (0, 1)} of the page by date, newest first (copies not folded:
        the date order stops at the page without reading every match)."""
        cursor.execute(
            f"SELECT e.id FROM {source} WHERE {where} ORDER BY e.date DESC{self.nulls_last}, e.id DESC LIMIT %s OFFSET %s",
            params + page,
        )
        return {row[0]: (0.0, 1) for row in cursor.fetchall()}
