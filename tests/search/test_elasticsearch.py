"""The Elasticsearch engine's index template and request bodies (no cluster
runs here; the shared behaviour suite runs against one when ELASTICSEARCH_URL
is set, see conftest.engine)."""

import datetime
import json
import re

import pytest

from cms.search_contract import SearchDocument
from search import ranking
from search.documents import portal_scopes, prepare
from search.engines import EngineUnavailable
from search.engines.elasticsearch import EXACT_TIE_BREAKER, ElasticsearchEngine
from search.query import SearchQuery

from .conftest import corpus

NOW = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
FOLDED = ["title_folded^10", "lead_folded^4", "body_folded^1"]


@pytest.fixture
def es():
    return ElasticsearchEngine("http://127.0.0.1:9", prefix="portal-search")


def body_of(es, text, **kwargs):
    return es.build_search(SearchQuery(text=text, **kwargs), now=NOW).to_dict()


def relevance(body) -> dict:
    """The function_score clause: the groups' relevance times recency."""
    [clause] = body["query"]["bool"]["must"]
    return clause["function_score"]


def group_queries(body) -> list[str]:
    return [m["multi_match"]["query"] for m in relevance(body)["query"]["bool"]["must"]]


def should(body) -> list[dict]:
    return [clause["constant_score"] for clause in body["query"]["bool"].get("should", [])]


def test_index_template_indexes_the_normalised_tokens(es):
    """Issue #13: Elasticsearch indexes search.normalize's tokens, split on spaces only,
    so document numbers, dotted codes, Ð and i/y behave as on the database engines."""
    body = es.template_body()
    assert body["index_patterns"] == ["portal-search-*"]
    analysis = body["template"]["settings"]["analysis"]
    assert analysis["analyzer"] == {"tokens": {"type": "custom", "tokenizer": "tokens"}}
    # Whitespace only, no lowercase or folding filter; long enough for search.normalize.TOKEN (500 characters).
    assert analysis["tokenizer"] == {"tokens": {"type": "whitespace", "max_token_length": 1000}}
    assert "filter" not in analysis and "asciifolding" not in json.dumps(body)
    props = body["template"]["mappings"]["properties"]
    for name in ("title_folded", "lead_folded", "body_folded", "title_exact", "text_exact"):
        assert props[name]["type"] == "text" and props[name]["analyzer"] == "tokens"
    # Shown, not searched: in _source only.
    for name in ("title", "summary", "body", "keywords"):
        assert props[name] == {"type": "text", "index": False}
    assert props["url"] == {"type": "keyword", "index": False, "doc_values": False}
    for name in ("kind", "category", "document_type", "issuer", "field", "year", "doc_id", "language"):
        assert props[name]["type"] == "keyword"
    assert props["scope"]["type"] == "integer" and props["portal_id"]["type"] == "integer"


def test_document_source_holds_the_normalised_tokens(es):
    doc = SearchDocument(
        id="legal_document:9",
        kind="legal_document",
        portal_id=5,
        url="http://camau.localhost/van-ban/9/",
        title="Quyết định 1234/QĐ-UBND về kết quả quí IV",
        summary="Thủ tục 1.000948.H38 của \u00d0ẢNG ỦY xã.",  # Ð (U+00D0), written for Đ by old encodings
        body="Tỷ lệ hồ sơ đúng hạn.",
        keywords=["17/NQ-CP"],
        facets={"category": "", "issuer": "UBND tỉnh"},
    )
    source = es.source(prepare(doc, {}))
    # Document numbers and dotted codes split into their tokens, folded; quí/quý → qui; Ð → d.
    assert source["title_folded"] == "quyet dinh 1234 qd ubnd ve ket qua qui iv"
    assert source["lead_folded"] == "thu tuc 1 000948 h38 cua dang uy xa"
    # ... then the other names of what the text names (search.synonyms: UBND).
    assert source["body_folded"] == "ti le ho so dung han 17 nq cp uy ban nhan dan"
    # With their marks (one i/y spelling too), for the exact-marks tie-breaker.
    assert source["title_exact"] == "quyết định 1234 qđ ubnd về kết quả quí iv"
    assert source["text_exact"].startswith("thủ tục 1 000948 h38") and "tỉ lệ" in source["text_exact"]
    # Shown as written (as by the database engines).
    assert source["title"] == doc.title and source["summary"] == doc.summary and source["keywords"] == "17/NQ-CP"
    assert source["scope"] == [5]
    # An empty facet value is no value: no blank bucket.
    assert source["category"] is None and source["issuer"] == "UBND tỉnh" and source["year"] is None


def test_document_source_of_the_corpus(es, network):
    docs = corpus(network)
    source = es.source(prepare(docs[3], portal_scopes()))  # "Hoà bình ..." (new-style tone)
    assert source["title"] == "Hoà bình và hữu nghị giữa các dân tộc"
    assert source["title_exact"].startswith("hòa bình")  # one tone placement
    assert source["title_folded"].startswith("hoa binh")
    assert source["scope"] == [network.ward_b.pk, network.province.pk]
    assert source["doc_id"] == "news:2" and source["year"] == "2025" and source["category"] == "Văn hóa - Xã hội"


def test_search_body_of_a_three_word_query(es):
    """search.ranking on Elasticsearch: score = tier × TIER_SCALE + relevance × recency."""
    body = body_of(es, "dịch vụ công")
    # Every group in one of the folded fields, weighted by field, the fields' scores summed.
    clauses = relevance(body)["query"]["bool"]["must"]
    assert clauses == [
        {"multi_match": {"query": word, "fields": FOLDED, "type": "phrase", "tie_breaker": 1.0}}
        for word in ("dich", "vu", "cong")
    ]
    # Recency: a mild factor, with the clock as a parameter.
    function = relevance(body)
    assert function["boost_mode"] == "multiply"
    [script_score] = function["functions"]
    script = script_score["script_score"]["script"]
    assert script["params"] == {
        "now": int(NOW.timestamp() * 1000),
        "boost": ranking.RECENCY_BOOST,
        "days": ranking.RECENCY_DAYS,
    }
    assert "doc['date'].size() == 0 ? 1.0" in script["source"]  # undated: 1
    # The tiers: the phrase (1000 on top of near's 1000), near, then the exact-marks tie-breaker.
    phrase, near, exact = should(body)
    assert phrase == {
        "filter": {
            "multi_match": {
                "query": "dich vu cong",
                "fields": ["title_folded", "lead_folded", "body_folded"],
                "type": "phrase",
            }
        },
        "boost": 1000,
    }
    assert (ranking.PHRASE - ranking.NEAR) * ranking.TIER_SCALE == 1000
    assert near["boost"] == ranking.NEAR * ranking.TIER_SCALE
    pairs = near["filter"]["bool"]["filter"]
    assert len(pairs) == 2  # dịch-vụ, vụ-công
    for pair, (a, b) in zip(pairs, [("dich", "vu"), ("vu", "cong")]):
        assert pair["bool"]["minimum_should_match"] == 1
        per_field = [clause["span_near"] for clause in pair["bool"]["should"]]
        assert [list(c["clauses"][0]["span_term"]) for c in per_field] == [["title_folded"], ["lead_folded"], ["body_folded"]]
        for span in per_field:
            assert span["slop"] == ranking.NEAR_WINDOW and span["in_order"] is False
            assert [list(c["span_term"].values()) for c in span["clauses"]] == [[a], [b]]
    assert exact["boost"] == EXACT_TIE_BREAKER < 0.01
    assert [m["multi_match"]["query"] for m in exact["filter"]["bool"]["filter"]] == ["dịch", "vụ", "công"]
    assert all(m["multi_match"]["fields"] == ["title_exact", "text_exact"] for m in exact["filter"]["bool"]["filter"])
    assert body["sort"] == ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"}]
    # Highlights are made from _source, in Python: no highlighting request.
    assert "highlight" not in body
    assert {"summary", "body", "keywords", "title"} <= set(body["_source"])
    # The same clock gives the same body.
    assert body_of(es, "dịch vụ công") == body


def test_exact_marks_only_break_ties(es):
    """Typed without marks, the query has the same clauses but the tie-breaker."""
    marked, unmarked = body_of(es, "Dịch vụ công"), body_of(es, "dich vu cong")
    assert len(should(marked)) == 3 and len(should(unmarked)) == 2
    assert should(marked)[:2] == should(unmarked)
    assert marked["query"]["bool"]["must"] == unmarked["query"]["bool"]["must"]


def test_single_word_queries_have_no_tiers(es):
    body = body_of(es, "dien")
    assert "should" not in body["query"]["bool"] and "span_near" not in json.dumps(body)
    assert group_queries(body) == ["dien"] and "function_score" in body["query"]["bool"]["must"][0]
    assert [c["boost"] for c in should(body_of(es, "điện"))] == [EXACT_TIE_BREAKER]  # the tie-breaker only
    # One quoted phrase or one document number is one group: matched as a phrase, no tiers either.
    for text in ('"dịch vụ công"', "1234/QĐ-UBND"):
        body = body_of(es, text)
        assert len(group_queries(body)) == 1
        assert [c["boost"] for c in should(body)] == [EXACT_TIE_BREAKER]


def test_search_body(es, network):
    body = body_of(
        es,
        'điện tử "dịch vụ công" 1234/QĐ-UBND',
        scope=(network.ward_a.pk,),
        filters={"kind": ["news"], "portal": ["x"]},
        page=2,
    )
    # Groups as phrases of folded tokens: the quoted phrase and the document number split (1234 qd ubnd).
    assert group_queries(body) == ["dien", "tu", "dich vu cong", "1234 qd ubnd"]
    phrase, near, exact = should(body)
    assert phrase["filter"]["multi_match"]["query"] == "dien tu dich vu cong 1234 qd ubnd"
    # A group of several tokens is an in-order span of adjacent tokens inside the near pairs.
    tu_dich_vu_cong = near["filter"]["bool"]["filter"][1]["bool"]["should"][0]["span_near"]
    assert tu_dich_vu_cong["clauses"][1] == {
        "span_near": {
            "clauses": [{"span_term": {"title_folded": t}} for t in ("dich", "vu", "cong")],
            "slop": 0,
            "in_order": True,
        }
    }
    assert [m["multi_match"]["query"] for m in exact["filter"]["bool"]["filter"]] == [
        "điện",
        "tử",
        "dịch vụ công",
        "1234 qđ ubnd",
    ]
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"scope": [network.ward_a.pk]}} in filters
    assert {"terms": {"kind": ["news"]}} in filters
    assert {"terms": {"portal_id": [-1]}} in filters  # a bad portal id matches nothing
    assert set(body["aggs"]) == {"portal", "kind", "category", "document_type", "issuer", "field", "year"}
    # Every portal of a big network has its bucket; the other facets their biggest 50.
    assert body["aggs"]["portal"] == {"terms": {"field": "portal_id", "size": 10000}}
    assert body["aggs"]["category"] == {"terms": {"field": "category", "size": 50}}
    assert body["from"] == 10 and body["size"] == 10 and body["track_total_hits"] == 10000
    assert body["sort"][0] == "_score"
    assert body["sort"][-1] == {"doc_id": "desc"}  # equal scores and dates: one final order
    # Copies of one text (an article republished by several portals) show once.
    assert body["collapse"]["field"] == "fingerprint"
    assert body["collapse"]["inner_hits"]["sort"] == [{"date": "asc"}]


def test_shared_levels_mapping_source_and_filter(es):
    """Issue #18: documents shared with the levels below their portal (SearchDocument.shared_levels)."""
    assert es.template_body()["template"]["mappings"]["properties"]["shared_levels"] == {"type": "keyword"}
    doc = SearchDocument(id="procedure:1", kind="procedure", portal_id=1, url="http://camau.localhost/", title="Khai sinh")
    doc.shared_levels = ("ward", "commune", "ward")
    assert es.source(prepare(doc, {1: [1]}))["shared_levels"] == ["commune", "ward"]
    # A ward (5) under the province (1): its scope, or the province's documents shared with wards.
    body = body_of(es, "khai sinh", scope=(5,), shared=((1, "ward"),), shared_except_kinds=("news",))
    shared = {"bool": {"filter": [{"term": {"portal_id": 1}}, {"term": {"shared_levels": "ward"}}]}}
    scope = {
        "bool": {
            "should": [
                {"terms": {"scope": [5]}},
                {"bool": {"should": [shared], "minimum_should_match": 1, "must_not": [{"terms": {"kind": ["news"]}}]}},
            ],
            "minimum_should_match": 1,
        }
    }
    assert scope in body["query"]["bool"]["filter"]
    # Without shared levels the scope is the plain terms filter; the whole network has none.
    assert {"terms": {"scope": [5]}} in body_of(es, "khai sinh", scope=(5,))["query"]["bool"]["filter"]
    assert "filter" not in body_of(es, "khai sinh", shared=((1, "ward"),))["query"]["bool"]


def test_search_body_sort_by_date_and_deep_pages(es):
    body = body_of(es, "dich vu", sort="date", page=500)
    assert body["sort"] == [{"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"}]
    # Newest first: the groups filter, nothing is scored.
    assert set(body["query"]["bool"]) == {"filter"}
    assert "function_score" not in json.dumps(body) and "constant_score" not in json.dumps(body)
    assert body["size"] == 0  # past the result window: no hits asked for


def test_user_operators_never_reach_a_query_parser(es):
    body = body_of(es, 'title:x AND (y OR z*) NEAR "w')
    text = json.dumps(body["query"])
    assert "query_string" not in text and "simple_query_string" not in text
    assert group_queries(body) == ["title", "x", "and", "y", "or", "z", "near", "w"]
    phrase, _near = should(body)
    assert phrase["filter"]["multi_match"]["query"] == "title x and y or z near w"
    # Only tokens (letters and digits, joined by spaces) reach Elasticsearch, in every clause.
    texts = []

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "multi_match":
                    texts.append(value["query"])
                elif key == "span_term":
                    texts.extend(value.values())
                else:
                    collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(body["query"])
    assert len(texts) > 8 and all(re.fullmatch(r"[^\W_]+( [^\W_]+)*", t) for t in texts)


def test_alias_swap_is_one_atomic_call(es):
    actions = es.swap_actions("portal-search-2", ["portal-search-1"])
    assert actions == [
        {"remove": {"index": "portal-search-1", "alias": "portal-search"}},
        {"add": {"index": "portal-search-2", "alias": "portal-search"}},
    ]


class RecordingIndices:
    """Test double of the client's indices API (records calls)."""

    def __init__(self, calls):
        self.calls = calls

    def __getattr__(self, name):
        def call(**kwargs):
            self.calls.append((name, kwargs))
            if name == "exists_alias":
                return True
            if name == "get_alias":
                return {"portal-search-old": {}}
            return {}

        return call


class RecordingClient:
    """Test double of the Elasticsearch client: records requests."""

    def __init__(self, response=None):
        self.calls = []
        self.indices = RecordingIndices(self.calls)
        self.response = response or {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return self.response


def test_hits_are_highlighted_as_by_the_database_engines():
    """Issue #13: highlights come from search.documents.highlight over _source (the lead,
    body and keywords, else the title), so <mark> is the same on every engine; empty
    facet values make no bucket."""
    hit = {
        "doc_id": "news:1",
        "kind": "news",
        "portal_id": 3,
        "title": "Thống kê dịch vụ công",
        "url": "http://camau.localhost/tin-tuc/1/",
        "date": "2025-03-01T08:30:00+07:00",
        "summary": "Số liệu thống kê và thông tin: VH&TT.",
        "body": "",
        "keywords": "",
    }
    title_only = {**hit, "doc_id": "news:2", "summary": "", "date": None}
    response = {
        "hits": {
            "total": {"value": 2, "relation": "eq"},
            "hits": [
                {
                    "_source": hit,
                    "_score": 2012.5,
                    "inner_hits": {  # copies of the first hit on portals 3 (itself), 4, 5 and 4 again
                        "copies": {
                            "hits": {
                                "hits": [
                                    {"_source": {"portal_id": p, "url": f"http://p{p}.localhost/{n}/"}}
                                    for n, p in enumerate((4, 3, 5, 4))
                                ]
                            }
                        }
                    },
                },
                {"_source": title_only, "_score": 9.25},
            ],
        },
        "aggregations": {
            "portal": {"buckets": [{"key": 3, "doc_count": 2}]},
            "category": {"buckets": [{"key": "Chuyển đổi số", "doc_count": 1}, {"key": "", "doc_count": 1}]},
        },
    }
    client = RecordingClient(response)
    engine = ElasticsearchEngine(prefix="portal-search", client=client)
    results = engine.search(SearchQuery(text="thống kê", facets=("portal", "category")))
    request = dict(client.calls)["search"]["body"]
    assert "highlight" not in request
    first, second = results.hits
    assert "<mark>thống</mark> <mark>kê</mark>" in first.highlight and "<mark>thông</mark>" not in first.highlight
    assert "VH&amp;TT" in first.highlight and "&amp;amp;" not in first.highlight  # escaped once
    assert second.highlight == "<mark>Thống</mark> <mark>kê</mark> dịch vụ công"  # a title-only match
    assert first.score == 2012.5 and first.date == datetime.datetime.fromisoformat(hit["date"]) and second.date is None
    assert results.facets == {"portal": [("3", 2)], "category": [("Chuyển đổi số", 1)]}
    assert first.also_on == [(4, "http://p4.localhost/0/"), (5, "http://p5.localhost/2/")] and second.also_on == []


def test_searches_only_read_and_the_template_is_written_once_per_process(network, monkeypatch):
    """Issue #13: the index template is installed when the index is written (once per
    process, and by search_rebuild), never by a search."""
    client = RecordingClient()
    monkeypatch.setattr("elasticsearch.helpers.bulk", lambda es_client, actions, **kwargs: (len(list(actions)), []))
    engine = ElasticsearchEngine(prefix="portal-search", client=client)
    for _ in range(3):
        engine.search(SearchQuery(text="dien tu"))
    names = [name for name, _ in client.calls]
    assert names.count("search") == 3 and "put_index_template" not in names and "create" not in names
    for _ in range(2):
        engine.index([prepare(corpus(network)[0], portal_scopes())])
    assert [name for name, _ in client.calls].count("put_index_template") == 1


def test_rebuild_fills_a_new_index_then_swaps_the_alias(network, monkeypatch):
    client = RecordingClient()

    def fake_bulk(es_client, actions, **kwargs):
        actions = list(actions)
        es_client.calls.append(("bulk", actions))
        return len(actions), []

    monkeypatch.setattr("elasticsearch.helpers.bulk", fake_bulk)
    engine = ElasticsearchEngine(prefix="portal-search", client=client)
    docs = [prepare(d, portal_scopes()) for d in corpus(network)]
    engine.rebuild(docs)
    names = [name for name, _ in client.calls]
    assert names.index("put_index_template") < names.index("create") < names.index("bulk")
    assert names.index("bulk") < names.index("update_aliases") < names.index("delete")
    created = dict(client.calls)["create"]["index"]
    bulk = dict(client.calls)["bulk"]
    assert len(bulk) == 7 and {a["_index"] for a in bulk} == {created}
    assert bulk[0]["_id"] == "news:1" and bulk[0]["_source"]["title"].startswith("Phát triển")
    assert bulk[0]["_source"]["title_folded"].startswith("phat trien chinh phu dien tu")
    by_id = {a["_id"]: a["_source"] for a in bulk}
    assert "1 000948 h38" in by_id["procedure:1"]["lead_folded"]  # the dotted code, split as on the database
    swap = dict(client.calls)["update_aliases"]["actions"]
    assert swap == [
        {"remove": {"index": "portal-search-old", "alias": "portal-search"}},
        {"add": {"index": created, "alias": "portal-search"}},
    ]
    assert dict(client.calls)["delete"]["index"] == "portal-search-old"


def test_unreachable_cluster_is_engine_unavailable(es, network):
    with pytest.raises(EngineUnavailable):
        es.search(SearchQuery(text="dien"))
    with pytest.raises(EngineUnavailable):
        es.index([prepare(corpus(network)[0], portal_scopes())])


def test_a_phrase_in_other_words_is_a_phrase_tier_too(es):
    """ "cấp sổ đỏ" is also read with the other names of "sổ đỏ" (search.synonyms.other_readings)."""
    phrase, near = should(body_of(es, "cap so do"))
    readings = [clause["multi_match"]["query"] for clause in phrase["filter"]["bool"]["should"]]
    assert readings == ["cap so do", "cap giay chung nhan quyen su dung dat", "cap so hong"]
    assert len(near["filter"]["bool"]["should"]) == 3


class ScriptedClient(RecordingClient):
    """Test double of the Elasticsearch client: records requests and answers each kind
    with a recorded response (the known-words aggregation; the term
    suggester; searches, by the words they ask for)."""

    def __init__(self, known, suggestions, finds):
        super().__init__()
        self.known, self.suggestions, self.finds = known, suggestions, finds

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        body = kwargs["body"]
        if "aggs" in body and "known" in body["aggs"]:
            words = body["aggs"]["known"]["filters"]["filters"]
            return {"aggregations": {"known": {"buckets": {w: {"doc_count": int(w in self.known)} for w in words}}}}
        if "suggest" in body:
            return {
                "suggest": {
                    field: [{"text": spec["text"], "options": self.suggestions.get(field, [])}]
                    for field, spec in body["suggest"].items()
                }
            }
        words = " ".join(group_queries(body))
        total = int(words in self.finds)
        return {"hits": {"total": {"value": total, "relation": "eq"}, "hits": []}}


def test_elasticsearch_suggests_from_the_index_words_with_its_term_suggester():
    """Issue #13: "Có phải bạn muốn tìm" on Elasticsearch too: the words the index does not
    hold (a filters aggregation) replaced by close index words (the term suggester on the
    folded fields), chosen as on the database engines (search.engines.base.close_words:
    fewest edits, then the most common) and only when the suggestion finds something."""
    client = ScriptedClient(
        known={"chinh", "phu", "dien"},
        suggestions={
            "title_folded": [{"text": "tu", "score": 0.5, "freq": 40}, {"text": "tuy", "score": 0.5, "freq": 3}],
            "body_folded": [{"text": "tu", "score": 0.5, "freq": 90}, {"text": "tuan", "score": 0.3, "freq": 12}],
        },
        finds={"chinh phu dien tu"},
    )
    engine = ElasticsearchEngine(prefix="portal-search", client=client)
    assert engine.suggest(SearchQuery(text="chinh phu dien tuw")) == "chinh phu dien tu"
    bodies = [kwargs["body"] for name, kwargs in client.calls if name == "search"]
    known, like = bodies[0], bodies[1]
    assert set(known["aggs"]["known"]["filters"]["filters"]) == {"chinh", "phu", "dien", "tuw"}
    assert known["size"] == 0
    assert set(like["suggest"]) == {"title_folded", "lead_folded", "body_folded"}
    term = like["suggest"]["body_folded"]["term"]
    assert like["suggest"]["body_folded"]["text"] == "tuw"
    assert term["prefix_length"] == 1 and term["max_edits"] == 2 and term["suggest_mode"] == "always"
    # Every word known: nothing to suggest, no suggester asked.
    client.calls.clear()
    assert engine.suggest(SearchQuery(text="chinh phu dien")) == ""
    assert not any("suggest" in kwargs["body"] for name, kwargs in client.calls if name == "search")
    # A close word that finds nothing with the others is not suggested.
    client.finds = set()
    assert engine.suggest(SearchQuery(text="chinh phu dien tuw")) == ""
