"""The Elasticsearch engine, built with elasticsearch-dsl.

* An index template (``<prefix>-*``) carries the mapping and the "vietnamese"
  analyzer: standard tokenizer, lowercase, then ASCII folding with
  ``preserve_original`` - "điện" is indexed as both "điện" and "dien" at the
  same position, so a query without diacritics finds it and a query with
  diacritics matches both tokens and ranks exact matches first. đ → d is part
  of Lucene's ASCII folding. Text is NFC and tone-placement normalised in
  Python before it is sent (search.normalize), for documents and queries alike.
* Searches and writes go through the alias ``<prefix>``; a full rebuild fills a
  new index and swaps the alias in one atomic call, so the live index is never
  empty; the old index is deleted afterwards.
* Highlighting (<mark>, HTML-encoded) and terms aggregations for the facets.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable

from elasticsearch_dsl import Date, Document, Index, Integer, Keyword, Object, Q, Search, Text, analyzer, token_filter
from elasticsearch_dsl.connections import connections

from search.documents import PreparedDocument
from search.engines.base import EngineUnavailable, SearchEngine
from search.normalize import normalize_tones
from search.query import DOCUMENT_FACETS, TOTAL_CAP, Hit, SearchQuery, SearchResults

RESULT_WINDOW = 1000

vi_folding = token_filter("vi_folding", "asciifolding", preserve_original=True)
vietnamese = analyzer("vietnamese", tokenizer="standard", filter=["lowercase", vi_folding])

FACET_FIELDS = {"portal": "portal_id", "kind": "kind", **{f: f for f in DOCUMENT_FACETS}}


class SearchDoc(Document):
    doc_id = Keyword()
    kind = Keyword()
    portal_id = Integer()
    scope = Integer(multi=True)
    title = Text(analyzer=vietnamese, fields={"raw": Keyword(ignore_above=512)})
    summary = Text(analyzer=vietnamese)
    body = Text(analyzer=vietnamese)
    keywords = Text(analyzer=vietnamese, fields={"raw": Keyword(ignore_above=256)})
    url = Keyword(index=False)
    date = Date()
    language = Keyword()
    category = Keyword()
    document_type = Keyword()
    issuer = Keyword()
    field = Keyword()
    year = Keyword()
    facets = Object(enabled=False)


def index_settings():
    return {"number_of_shards": 1, "number_of_replicas": 0, "max_result_window": RESULT_WINDOW}


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"
    _shared: dict = {}

    def __init__(self, url: str = "", prefix: str = "portal-search", client=None):
        self.url = url
        self.alias = prefix
        self._client = client
        self._index_ready = False  # template and alias written by this process (ensure_index)

    @classmethod
    def shared(cls, url, prefix):
        key = (url, prefix)
        if key not in cls._shared:
            cls._shared[key] = cls(url, prefix)
        return cls._shared[key]

    # -- definitions (unit-tested without a cluster) ---------------------------
    def index_definition(self, name: str | None = None) -> Index:
        index = Index(name or f"{self.alias}-template")
        index.settings(**index_settings())
        index.document(SearchDoc)
        return index

    def template(self):
        return self.index_definition().as_composable_template(f"{self.alias}-template", f"{self.alias}-*", priority=100)

    def template_body(self) -> dict:
        return self.template().to_dict()

    def source(self, prepared: PreparedDocument) -> dict:
        doc = prepared.doc
        return {
            "doc_id": doc.id,
            "kind": doc.kind,
            "portal_id": doc.portal_id,
            "scope": prepared.scope,
            "title": normalize_tones(doc.title),
            "summary": normalize_tones(doc.summary or ""),
            "body": normalize_tones(prepared.body),
            "keywords": normalize_tones(prepared.keywords_text),
            "url": doc.url,
            "date": prepared.date.isoformat() if prepared.date else None,
            "language": doc.language or "vi",
            **prepared.facet_values,
            "facets": {k: str(v) for k, v in (doc.facets or {}).items()},
        }

    def build_search(self, query: SearchQuery) -> Search:
        parsed = query.parsed
        search = Search(index=self.alias)
        must = []
        for group in parsed.exact:
            text = normalize_tones(" ".join(group))
            fields = ["title^4", "keywords^4", "summary^2", "body"]
            if len(group) > 1:
                must.append(Q("multi_match", query=text, fields=fields, type="phrase"))
            else:
                must.append(Q("multi_match", query=text, fields=fields, type="best_fields"))
        filters = []
        if query.scope:
            filters.append(Q("terms", scope=[int(pk) for pk in query.scope]))
        for name, values in query.filters.items():
            if name == "portal":
                values = [int(v) for v in values if str(v).isdigit()] or [-1]
            filters.append(Q("terms", **{FACET_FIELDS[name]: values}))
        if query.language:
            filters.append(Q("term", language=query.language))
        search = search.query(Q("bool", must=must, filter=filters))
        for name in query.facets:
            search.aggs.bucket(name, "terms", field=FACET_FIELDS[name], size=50)
        search = search.highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html", fragment_size=240, number_of_fragments=1
        ).highlight("summary", "body", "title", "keywords")
        if query.sort == "date":
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"})
        else:
            # The document id last: equal scores and dates keep one order from page to page.
            search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"})
        size = max(0, min(query.page_size, RESULT_WINDOW - query.offset))
        search = search.extra(from_=query.offset if size else 0, size=size, track_total_hits=TOTAL_CAP)
        return search.source(["doc_id", "kind", "portal_id", "title", "url", "date", "summary"])

    # -- talking to the cluster ------------------------------------------
    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch([u.strip() for u in self.url.split(",") if u.strip()], request_timeout=10)
        return self._client

    def _call(self, func, *args, **kwargs):
        from elasticsearch import ApiError, TransportError

        try:
            return func(*args, **kwargs)
        except (TransportError, ApiError, ConnectionError) as error:
            raise EngineUnavailable(str(error)) from error

    def ensure_index(self) -> None:
        """The index template and the alias, written once per process before its first
        write (``search_rebuild`` writes the template again, with the new index)."""
        if self._index_ready:
            return
        self._call(self.client.indices.put_index_template, name=f"{self.alias}-template", **self.template_body())
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            name = self._new_index_name()
            self._call(self.client.indices.create, index=name, aliases={self.alias: {}})
        self._index_ready = True

    def _new_index_name(self) -> str:
        return f"{self.alias}-{datetime.datetime.now(datetime.UTC).strftime('%Y%m%d%H%M%S%f')}"

    def _bulk(self, index: str, documents: Iterable[PreparedDocument]) -> int:
        from elasticsearch.helpers import bulk

        def actions():
            for prepared in documents:
                yield {"_op_type": "index", "_index": index, "_id": prepared.doc.id, "_source": self.source(prepared)}

        done, _errors = self._call(bulk, self.client, actions(), chunk_size=1000, raise_on_error=True)
        return done

    def index(self, documents, replace=True) -> int:
        self.ensure_index()
        done = self._bulk(self.alias, documents)
        self._call(self.client.indices.refresh, index=self.alias)
        return done

    def delete(self, doc_ids) -> None:
        from elasticsearch.helpers import bulk

        ids = list(doc_ids)
        if not ids:
            return
        self.ensure_index()
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in ids)
        self._call(bulk, self.client, actions, raise_on_error=False)
        self._call(self.client.indices.refresh, index=self.alias)

    def delete_where(self, portal_id=None, kinds=None) -> None:
        self.ensure_index()
        self._call(
            self.client.delete_by_query,
            index=self.alias,
            query=self.where_query(portal_id, kinds),
            refresh=True,
            conflicts="proceed",
        )

    @staticmethod
    def where_query(portal_id=None, kinds=None) -> dict:
        filters = []
        if portal_id is not None:
            filters.append({"term": {"portal_id": portal_id}})
        if kinds is not None:
            filters.append({"terms": {"kind": list(kinds)}})
        return {"bool": {"filter": filters}} if filters else {"match_all": {}}

    def swap_actions(self, new_index: str, old_indices: list[str]) -> list[dict]:
        return [{"remove": {"index": name, "alias": self.alias}} for name in old_indices] + [
            {"add": {"index": new_index, "alias": self.alias}}
        ]

    def rebuild(self, documents, portal_id=None) -> int:
        if portal_id is not None:
            self.delete_where(portal_id=portal_id)
            return self.index(documents)
        self._call(self.client.indices.put_index_template, name=f"{self.alias}-template", **self.template_body())
        new_index = self._new_index_name()
        self._call(self.client.indices.create, index=new_index)
        done = self._bulk(new_index, documents)
        self._call(self.client.indices.refresh, index=new_index)
        old = []
        if self._call(self.client.indices.exists_alias, name=self.alias):
            old = list(self._call(self.client.indices.get_alias, name=self.alias).keys())
        self._call(self.client.indices.update_aliases, actions=self.swap_actions(new_index, old))
        for name in old:
            self._call(self.client.indices.delete, index=name, ignore_unavailable=True)
        self._index_ready = True
        return done

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        results = SearchResults(page=query.page, page_size=query.page_size)
        if query.parsed.empty:
            return results
        # A search only reads: nothing indexed yet (no alias: run search_rebuild) finds nothing.
        if not self._index_ready and not self._call(self.client.indices.exists_alias, name=self.alias):
            return results
        body = self.build_search(query).to_dict()
        response = self._call(self.client.search, index=self.alias, body=body)
        total = response["hits"]["total"]
        results.total = min(total["value"], TOTAL_CAP)
        results.total_is_lower_bound = total.get("relation") == "gte"
        results.facets = {
            name: [(str(b["key"]), b["doc_count"]) for b in response.get("aggregations", {}).get(name, {}).get("buckets", [])]
            for name in query.facets
        }
        for item in response["hits"]["hits"]:
            source = item["_source"]
            highlights = item.get("highlight", {})
            fragment = next((highlights[f][0] for f in ("summary", "body", "keywords", "title") if highlights.get(f)), "")
            date = source.get("date")
            results.hits.append(
                Hit(
                    id=source["doc_id"],
                    kind=source["kind"],
                    portal_id=source["portal_id"],
                    title=source["title"],
                    url=source["url"],
                    date=datetime.datetime.fromisoformat(date) if date else None,
                    summary=source.get("summary", ""),
                    highlight=fragment,
                    score=float(item.get("_score") or 0),
                )
            )
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def counts(self):
        self.ensure_index()
        body = {
            "size": 0,
            "aggs": {
                "portal": {
                    "terms": {"field": "portal_id", "size": 10000},
                    "aggs": {"kind": {"terms": {"field": "kind", "size": 100}}},
                }
            },
        }
        response = self._call(self.client.search, index=self.alias, body=body)
        return [
            (p["key"], k["key"], k["doc_count"])
            for p in response["aggregations"]["portal"]["buckets"]
            for k in p["kind"]["buckets"]
        ]

    def document_ids(self):
        from elasticsearch.helpers import scan

        self.ensure_index()
        return {hit["_id"] for hit in scan(self.client, index=self.alias, query={"query": {"match_all": {}}}, _source=False)}


__all__ = ["ElasticsearchEngine", "SearchDoc", "connections"]
