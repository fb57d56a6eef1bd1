"""The Elasticsearch engine, built with elasticsearch-dsl.

* Elasticsearch does no language analysis: it indexes the tokens that
  search.normalize produced (search.documents.PreparedDocument), exactly as
  the database engines store them - folded, one i/y spelling, Ð → d, document
  numbers and dotted codes (1.000948.H38) split - in ``title_folded``,
  ``lead_folded`` and ``body_folded``, and with their marks in ``title_exact``
  and ``text_exact``. Those fields are split on spaces only (the ``tokens``
  analyzer: no lowercasing, no folding; the tokens are already normal). The
  displayed fields (title, summary, body, keywords, url) are kept in
  ``_source`` for the results and their highlights, not indexed.
* Queries are built from the parsed query's token groups (never from the
  user's text, never through a query parser) and ranked by search.ranking, as
  on SQLite and PostgreSQL: tier (phrase > near > scattered) × TIER_SCALE +
  BM25 over the weighted folded fields × recency, the exact marks as a
  tie-breaker only, then date and document id.
* Highlights are made in Python from ``_source`` (search.documents.highlight),
  as by the database engines; facets are terms aggregations.
* Searches and writes go through the alias ``<prefix>``; a full rebuild fills a
  new index and swaps the alias in one atomic call, so the live index is never
  empty; the old index is deleted afterwards. The index template is written by
  a rebuild and once per process before its first write, never by a search.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable

from django.utils import timezone
from elasticsearch_dsl import SF, Date, Document, Index, Integer, Keyword, Object, Q, Search, Text, analyzer, tokenizer
from elasticsearch_dsl.connections import connections

from search import ranking
from search.documents import PreparedDocument, highlight
from search.engines.base import EngineUnavailable, SearchEngine
from search.normalize import nfc
from search.query import DOCUMENT_FACETS, TOTAL_CAP, Hit, SearchQuery, SearchResults

RESULT_WINDOW = 1000

# The tokens of search.normalize, joined by spaces: split on spaces and nothing
# else. search.normalize.TOKEN allows 500 characters, up to 1000 UTF-16 units
# (Lucene's unit): the whitespace tokenizer's default (255) would cut them.
search_tokens = analyzer("tokens", tokenizer=tokenizer("tokens", "whitespace", max_token_length=1000))

FOLDED_FIELDS = {"title": "title_folded", "lead": "lead_folded", "body": "body_folded"}
EXACT_FIELDS = ["title_exact", "text_exact"]

FACET_FIELDS = {"portal": "portal_id", "kind": "kind", **{f: f for f in DOCUMENT_FACETS}}
# Buckets per facet: every portal of a big network, the biggest 50 of the others.
FACET_SIZES = {"portal": 10_000}
FACET_SIZE = 50

# The exact-marks tie-breaker: a constant added to the score of a match that holds
# every word with the diacritics typed. A tie-breaker only: scores are 32-bit floats,
# and at a few thousand (tier × TIER_SCALE + relevance) one unit in the last place is
# 0.0001 to 0.0005, so 0.001 is a few of those units - it orders matches whose scores
# are otherwise equal and can only swap two whose scores differ by less than 0.001,
# about what float rounding already leaves undecided. The same query typed without
# marks orders alike.
OPTIONAL_TIE_BREAKER = 0.002  # above the exact-marks one: search.ranking's order
EXACT_TIE_BREAKER = 0.001

# Relevance × search.ranking.recency_factor of the document's date (1 when undated);
# ``now`` is a parameter (milliseconds), so the request is the same for a given clock.
RECENCY_SCRIPT = (
    "doc['date'].size() == 0 ? 1.0 : 1.0 + params.boost * params.days / (params.days + "
    "Math.max(0.0, (params.now - doc['date'].value.toInstant().toEpochMilli()) / 86400000.0))"
)

SOURCE_FIELDS = ["doc_id", "kind", "portal_id", "title", "url", "date", "summary", "body", "keywords"]


class SearchDoc(Document):
    doc_id = Keyword()
    fingerprint = Keyword()  # copies of one text share it (PreparedDocument.fingerprint)
    kind = Keyword()
    portal_id = Integer()
    scope = Integer(multi=True)
    # The levels below its portal it is shared with (SearchDocument.shared_levels).
    shared_levels = Keyword(multi=True)
    # What queries match and rank (search.normalize tokens).
    title_folded = Text(analyzer=search_tokens)
    lead_folded = Text(analyzer=search_tokens)
    body_folded = Text(analyzer=search_tokens)
    title_exact = Text(analyzer=search_tokens, norms=False)  # tie-breaker only: never scored
    text_exact = Text(analyzer=search_tokens, norms=False)
    # What is shown: in _source, not indexed.
    title = Text(index=False)
    summary = Text(index=False)
    body = Text(index=False)
    keywords = Text(index=False)
    url = Keyword(index=False, doc_values=False)
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


def _folded_fields() -> list[str]:
    return [f"{FOLDED_FIELDS[name]}^{weight:g}" for name, weight in ranking.FIELD_WEIGHTS.items()]


def _group(group: list[str], fields: list[str], scored: bool = False) -> Q:
    """A group of tokens (a word, a quoted phrase, a document number) in any of
    ``fields``, as a phrase (one token: a term). Tokens are letters and digits
    only (search.normalize.TOKEN), analysed by the fields' own ``tokens``
    analyzer: the text is no query syntax. ``scored``: the fields' scores add up
    (tie_breaker 1 over the per-field phrase queries), as bm25 and ts_rank
    add up the weighted columns."""
    if scored:
        return Q("multi_match", query=" ".join(group), fields=fields, type="phrase", tie_breaker=1.0)
    return Q("multi_match", query=" ".join(group), fields=fields, type="phrase")


def _span(group: list[str], field: str) -> Q:
    terms = [Q("span_term", **{field: token}) for token in group]
    return terms[0] if len(terms) == 1 else Q("span_near", clauses=terms, slop=0, in_order=True)


def _near(groups: list[list[str]]) -> Q:
    """search.ranking's NEAR tier: every two consecutive groups at most NEAR_WINDOW
    words apart, in either order, each pair within one field (any field)."""
    pairs = [
        Q(
            "bool",
            should=[
                Q("span_near", clauses=[_span(a, field), _span(b, field)], slop=ranking.NEAR_WINDOW, in_order=False)
                for field in FOLDED_FIELDS.values()
            ],
            minimum_should_match=1,
        )
        for a, b in ranking.near_pairs(groups)
    ]
    return Q("bool", filter=pairs)


def _scope(query: SearchQuery) -> Q:
    """Documents of the query's portals and their members, and those their portal
    shares with a level below it (SearchQuery.shared)."""
    scope = Q("terms", scope=[int(pk) for pk in query.scope])
    if not query.shared:
        return scope
    shared = [Q("bool", filter=[Q("term", portal_id=int(pk)), Q("term", shared_levels=level)]) for pk, level in query.shared]
    except_kinds = [Q("terms", kind=list(query.shared_except_kinds))] if query.shared_except_kinds else []
    shared_clause = Q("bool", should=shared, minimum_should_match=1, must_not=except_kinds)
    return Q("bool", should=[scope, shared_clause], minimum_should_match=1)


def _recency(query: Q, now: datetime.datetime) -> Q:
    script = {
        "source": RECENCY_SCRIPT,
        "params": {
            "now": int(now.timestamp() * 1000),
            "boost": ranking.RECENCY_BOOST,
            "days": ranking.RECENCY_DAYS,
        },
    }
    return Q("function_score", query=query, functions=[SF("script_score", script=script)], boost_mode="multiply")


def _copies(item: dict, source: dict) -> list[tuple[int, str]]:
    """[(portal id, url)] of a collapsed hit's other copies, one per portal."""
    found, seen = [], {source["portal_id"]}
    for copy in item.get("inner_hits", {}).get("copies", {}).get("hits", {}).get("hits", []):
        portal_id = copy["_source"]["portal_id"]
        if portal_id not in seen:
            seen.add(portal_id)
            found.append((portal_id, copy["_source"]["url"]))
    return found


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
            "fingerprint": prepared.fingerprint,
            "kind": doc.kind,
            "portal_id": doc.portal_id,
            "scope": prepared.scope,
            "shared_levels": prepared.shared_levels,
            "title_folded": prepared.title_folded,
            "lead_folded": prepared.lead_folded,
            "body_folded": prepared.body_folded,
            "title_exact": prepared.title_exact,
            "text_exact": prepared.text_exact,
            # Shown as the database engines show them.
            "title": nfc(doc.title),
            "summary": nfc(doc.summary or ""),
            "body": prepared.body,
            "keywords": prepared.keywords_text,
            "url": doc.url,
            "date": prepared.date.isoformat() if prepared.date else None,
            "language": doc.language or "vi",
            # An empty facet value is no value (no blank bucket).
            **{name: value or None for name, value in prepared.facet_values.items()},
            "facets": {k: str(v) for k, v in (doc.facets or {}).items()},
        }

    def build_search(self, query: SearchQuery, now: datetime.datetime | None = None) -> Search:
        """The request for ``query``; ``now``: the clock recency is measured by."""
        parsed = query.parsed
        search = Search(index=self.alias)
        # Every group in one of the folded fields.
        must = [_group(group, _folded_fields(), scored=True) for group in parsed.folded]
        filters = []
        if query.scope:
            filters.append(_scope(query))
        for name, values in query.filters.items():
            if name == "portal":
                values = [int(v) for v in values if str(v).isdigit()] or [-1]
            filters.append(Q("terms", **{FACET_FIELDS[name]: values}))
        if query.language:
            filters.append(Q("term", language=query.language))
        if query.sort == "date":  # no scores: newest first (as the database engines)
            search = search.query(Q("bool", filter=[*must, *filters]))
        else:
            # search.ranking: score = tier × TIER_SCALE + relevance × recency.
            should = []
            readings = ranking.tier_readings(parsed)
            if readings:  # several groups: the tiers (a phrase also matches near)
                fields = list(FOLDED_FIELDS.values())
                phrases = [_group(ranking.phrase(groups), fields) for groups in readings]
                near = [_near(groups) for groups in readings]
                should.append(
                    Q(
                        "constant_score",
                        filter=phrases[0] if len(phrases) == 1 else Q("bool", should=phrases, minimum_should_match=1),
                        boost=(ranking.PHRASE - ranking.NEAR) * ranking.TIER_SCALE,
                    )
                )
                should.append(
                    Q(
                        "constant_score",
                        filter=near[0] if len(near) == 1 else Q("bool", should=near, minimum_should_match=1),
                        boost=ranking.NEAR * ranking.TIER_SCALE,
                    )
                )
            if parsed.optional:  # a tie-breaker too: every optional word, in any field (not needed)
                optional = Q("bool", filter=[_group(group, list(FOLDED_FIELDS.values())) for group in parsed.optional])
                should.append(Q("constant_score", filter=optional, boost=OPTIONAL_TIE_BREAKER))
            if parsed.has_diacritics:
                # A tie-breaker only (EXACT_TIE_BREAKER): every group with the marks typed.
                exact = Q("bool", filter=[_group(group, EXACT_FIELDS) for group in parsed.exact])
                should.append(Q("constant_score", filter=exact, boost=EXACT_TIE_BREAKER))
            relevance = _recency(Q("bool", must=must), now or timezone.now())
            search = search.query(Q("bool", must=[relevance], should=should, filter=filters))
            # Copies of one text show once (the best-ranked), the others listed.
            search = search.extra(
                collapse={
                    "field": "fingerprint",
                    "inner_hits": {"name": "copies", "size": 20, "sort": [{"date": "asc"}], "_source": ["portal_id", "url"]},
                }
            )
        for name in query.facets:
            search.aggs.bucket(name, "terms", field=FACET_FIELDS[name], size=FACET_SIZES.get(name, FACET_SIZE))
        if query.sort == "date":
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"})
        else:
            # The document id last: equal scores and dates keep one order from page to page.
            search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"})
        size = max(0, min(query.page_size, RESULT_WINDOW - query.offset))
        search = search.extra(from_=query.offset if size else 0, size=size, track_total_hits=TOTAL_CAP)
        return search.source(SOURCE_FIELDS)

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
        parsed = query.parsed
        if parsed.empty:
            return results
        # A search only reads: nothing indexed yet (no alias: run search_rebuild) finds nothing.
        if not self._index_ready and not self._call(self.client.indices.exists_alias, name=self.alias):
            return results
        body = self.build_search(query).to_dict()
        response = self._call(self.client.search, index=self.alias, body=body)
        total = response["hits"]["total"]
        results.total = min(total["value"], TOTAL_CAP)
        results.total_is_lower_bound = total.get("relation") == "gte"
        aggregations = response.get("aggregations", {})
        results.facets = {
            name: [(str(b["key"]), b["doc_count"]) for b in aggregations.get(name, {}).get("buckets", []) if str(b["key"]) != ""]
            for name in query.facets
        }
        terms = parsed.highlight_terms()
        for item in response["hits"]["hits"]:
            source = item["_source"]
            summary = source.get("summary") or ""
            date = source.get("date")
            results.hits.append(
                Hit(
                    id=source["doc_id"],
                    kind=source["kind"],
                    portal_id=source["portal_id"],
                    title=source["title"],
                    url=source["url"],
                    date=datetime.datetime.fromisoformat(date) if date else None,
                    summary=summary,
                    # As the database engines: the lead, body and keywords, else the title.
                    highlight=highlight(f"{summary}\n{source.get('body') or ''}\n{source.get('keywords') or ''}", terms)
                    or highlight(source["title"], terms),
                    score=float(item.get("_score") or 0),
                    also_on=_copies(item, source),
                )
            )
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    # -- suggestions: the index's own words (SearchEngine.suggest) ----------------
    def known_words_body(self, words: list[str]) -> dict:
        """One filter per word over the folded fields: a bucket with documents is a word the index holds."""
        fields = list(FOLDED_FIELDS.values())
        filters = {word: Q("multi_match", query=word, fields=fields).to_dict() for word in words}
        return {"size": 0, "aggs": {"known": {"filters": {"filters": filters}}}}

    def words_like_body(self, word: str) -> dict:
        """Elasticsearch's term suggester on each folded field: index words a few edits
        away that start with the same letter (as the database engines' vocabularies)."""
        return {
            "size": 0,
            "suggest": {
                field: {
                    "text": word,
                    "term": {
                        "field": field,
                        "suggest_mode": "always",
                        "max_edits": 2,
                        "prefix_length": 1,
                        "min_word_length": 2,
                        "size": 20,
                    },
                }
                for field in FOLDED_FIELDS.values()
            },
        }

    def _known_words(self, words):
        if not self._index_ready and not self._call(self.client.indices.exists_alias, name=self.alias):
            return set(words)  # nothing indexed yet: nothing to suggest from
        response = self._call(self.client.search, index=self.alias, body=self.known_words_body(words))
        buckets = response.get("aggregations", {}).get("known", {}).get("buckets", {})
        return {word for word in words if buckets.get(word, {}).get("doc_count", 0) > 0}

    def _words_like(self, word):
        response = self._call(self.client.search, index=self.alias, body=self.words_like_body(word))
        found: dict[str, int] = {}
        for entries in response.get("suggest", {}).values():
            for entry in entries:
                for option in entry.get("options", []):
                    found[option["text"]] = max(found.get(option["text"], 0), int(option.get("freq", 0)))
        return sorted(found.items())

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
