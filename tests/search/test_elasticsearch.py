"""The Elasticsearch engine's index template and request bodies (no cluster
runs here; the shared behaviour suite runs against one when ELASTICSEARCH_URL
is set, see conftest.engine)."""

import pytest

from search.documents import portal_scopes, prepare
from search.engines import EngineUnavailable
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchQuery

from .conftest import corpus


@pytest.fixture
def es():
    return ElasticsearchEngine("http://127.0.0.1:9", prefix="portal-search")


def test_index_template_has_vietnamese_folding_analyzer(es):
    body = es.template_body()
    assert body["index_patterns"] == ["portal-search-*"]
    analysis = body["template"]["settings"]["analysis"]
    assert analysis["analyzer"]["vietnamese"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "vi_folding"],
    }
    # ASCII folding turns đ into d and drops tone marks; preserve_original keeps "điện" next to "dien".
    assert analysis["filter"]["vi_folding"] == {"type": "asciifolding", "preserve_original": True}
    props = body["template"]["mappings"]["properties"]
    for name in ("title", "summary", "body", "keywords"):
        assert props[name]["analyzer"] == "vietnamese"
    for name in ("kind", "category", "document_type", "issuer", "field", "year", "doc_id", "language"):
        assert props[name]["type"] == "keyword"
    assert props["scope"]["type"] == "integer" and props["portal_id"]["type"] == "integer"
    assert props["url"] == {"type": "keyword", "index": False}


def test_document_source_is_normalised(es, network):
    docs = corpus(network)
    source = es.source(prepare(docs[3], portal_scopes()))  # "Hoà bình ..." (new-style tone)
    assert source["title"].startswith("Hòa bình")
    assert source["scope"] == [network.ward_b.pk, network.province.pk]
    assert source["doc_id"] == "news:2" and source["year"] == "2025" and source["category"] == "Văn hóa - Xã hội"


def test_search_body(es, network):
    body = es.build_search(
        SearchQuery(
            text='điện tử "dịch vụ công" 1234/QĐ-UBND',
            scope=(network.ward_a.pk,),
            filters={"kind": ["news"], "portal": ["x"]},
            page=2,
        )
    ).to_dict()
    must = body["query"]["bool"]["must"]
    assert must[0]["multi_match"]["query"] == "điện" and must[0]["multi_match"]["type"] == "best_fields"
    assert {"query": "dịch vụ công", "type": "phrase"}.items() <= must[2]["multi_match"].items()
    assert must[3]["multi_match"]["query"] == "1234 qđ ubnd" and must[3]["multi_match"]["type"] == "phrase"
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"scope": [network.ward_a.pk]}} in filters
    assert {"terms": {"kind": ["news"]}} in filters
    assert {"terms": {"portal_id": [-1]}} in filters  # a bad portal id matches nothing
    assert set(body["aggs"]) == {"portal", "kind", "category", "document_type", "issuer", "field", "year"}
    assert body["aggs"]["portal"] == {"terms": {"field": "portal_id", "size": 50}}
    assert body["highlight"]["pre_tags"] == ["<mark>"] and body["highlight"]["encoder"] == "html"
    assert body["from"] == 10 and body["size"] == 10 and body["track_total_hits"] == 10000
    assert body["sort"][0] == "_score"
    assert body["sort"][-1] == {"doc_id": "desc"}  # equal scores and dates: one final order


def test_search_body_sort_by_date_and_deep_pages(es):
    body = es.build_search(SearchQuery(text="dien", sort="date", page=500)).to_dict()
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert body["size"] == 0  # past the result window: no hits asked for


def test_user_operators_never_reach_a_query_parser(es):
    body = es.build_search(SearchQuery(text='title:x AND (y OR z*) NEAR "w')).to_dict()
    text = str(body["query"])
    assert "query_string" not in text and "simple_query_string" not in text
    assert [m["multi_match"]["query"] for m in body["query"]["bool"]["must"]] == [
        "title",
        "x",
        "and",
        "y",
        "or",
        "z",
        "near",
        "w",
    ]


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

    def __init__(self):
        self.calls = []
        self.indices = RecordingIndices(self.calls)

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}


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
    assert names.index("create") < names.index("bulk") < names.index("update_aliases") < names.index("delete")
    created = dict(client.calls)["create"]["index"]
    bulk = dict(client.calls)["bulk"]
    assert len(bulk) == 7 and {a["_index"] for a in bulk} == {created}
    assert bulk[0]["_id"] == "news:1" and bulk[0]["_source"]["title"].startswith("Phát triển")
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
