"""The database engine's storage: each vendor's own index table kept in step
with the documents, vectors built in Python for PostgreSQL, encoding in worker
processes, the engine chosen by settings and database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from cms.search_contract import SearchDocument
from search.documents import encode_all, portal_scopes, prepare
from search.engines import get_engine, use_engine
from search.engines.database import DatabaseEngine, engine_class
from search.engines.pgcopy import BINARY_HEADER, BINARY_TRAILER, tsvector_binary
from search.models import SearchEntry
from search.normalize import TOKEN, normalize
from search.query import SearchQuery

from .conftest import corpus

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL storage (DATABASE_URL=postgres://...)")

# The index table of each vendor, and the one it must not have.
INDEX_TABLES = {"sqlite": ("search_fts", "search_searchmatch"), "postgresql": ("search_searchmatch", "search_fts")}


def _index_row_ids() -> set[int]:
    """Ids of the documents in the vendor's own index table."""
    table, _other = INDEX_TABLES[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {'rowid' if table == 'search_fts' else 'id'} FROM {table}")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_each_vendor_has_its_own_index_table_and_no_other():
    own, other = INDEX_TABLES[connection.vendor]
    tables = set(connection.introspection.table_names())
    assert own in tables and other not in tables
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "search_searchentry")}
    # The documents' table holds what is shown and filtered, no vendor's tokens.
    assert not columns & {"title_exact", "title_folded", "text_exact", "text_folded", "vec", "vec_title"}
    assert {"doc_id", "title", "summary", "body", "url", "scope", "category"} <= columns


@pytest.mark.django_db
def test_the_engine_is_chosen_by_settings_and_database(settings):
    settings.SEARCH_ENGINE = ""
    settings.ELASTICSEARCH_URL = ""
    engine = get_engine()
    assert engine.name == "database" and engine.vendor == connection.vendor
    assert isinstance(engine, DatabaseEngine) and type(engine) is not DatabaseEngine
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert get_engine().name == "elasticsearch"  # chosen, not connected
    settings.SEARCH_ENGINE = "database"
    assert get_engine().name == "database"


def test_a_database_without_a_database_engine_is_told_to_use_elasticsearch():
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ENGINE=elasticsearch"):
        engine_class("mysql")


def _as_postgresql_reads_it(vector: bytes) -> str:
    """The text form PostgreSQL gives a binary vector (loaded with COPY)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE vectors (v tsvector)")
        with cursor.cursor.copy("COPY vectors (v) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(BINARY_HEADER + b"\0\1" + len(vector).to_bytes(4, "big") + vector + BINARY_TRAILER)
        cursor.execute("SELECT v::text FROM vectors")
        text = cursor.fetchone()[0]
        cursor.execute("DROP TABLE vectors")
    return text


@postgres_only
@pytest.mark.django_db
def test_vector_keeps_title_and_text_apart():
    # Positions for phrases; one position left free between title and text.
    vector = tsvector_binary(["dien", "tu"], body=["tu", "xa"], markers=["_knews"])
    assert _as_postgresql_reads_it(vector) == "'_knews' 'dien':1 'tu':2,4 'xa':5"
    # Ranked by field: the title's positions weigh A, the lead's B, the body's D.
    weighted = tsvector_binary(["dien"], ["tu"], ["tu", "xa"], weights=True)
    assert _as_postgresql_reads_it(weighted) == "'dien':1A 'tu':3B,5 'xa':6"


def test_a_word_too_long_for_any_engine_is_cut():
    assert [len(t) for t in TOKEN.findall("a" * 1200)] == [500, 500, 200]


@postgres_only
@pytest.mark.django_db
def test_vector_is_what_postgresql_builds_itself():
    tokens = TOKEN.findall(normalize("Nghị quyết 17/NQ-CP về Chính phủ điện tử, chính phủ số của tỉnh"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [" ".join(tokens)])
        expected = cursor.fetchone()[0]
    assert _as_postgresql_reads_it(tsvector_binary(tokens)) == expected
    # A word repeated past the positions PostgreSQL keeps still loads.
    assert _as_postgresql_reads_it(tsvector_binary(["tinh"] * 300)).startswith("'tinh':1,2,3")


@pytest.fixture
def engine(db):
    return DatabaseEngine()


def _search(engine, text, **kwargs):
    return [hit.id for hit in engine.search(SearchQuery(text=text, **kwargs)).hits]


def test_document_with_a_huge_word_is_indexed_and_found(engine, network):
    doc = SearchDocument(
        id="page:1",
        kind="page",
        portal_id=network.province.pk,
        url="http://camau.localhost/x/",
        title="Giới thiệu",
        body="x" * 5000 + " điện tử",
    )
    engine.index([prepare(doc, portal_scopes())])
    assert _search(engine, "dien tu") == ["page:1"]


def _in_step() -> bool:
    return _index_row_ids() == set(SearchEntry.objects.values_list("pk", flat=True))


def test_index_rows_follow_their_documents(engine, network):
    scopes = portal_scopes()
    engine.rebuild([prepare(doc, scopes) for doc in corpus(network)])
    in_step = _in_step

    assert SearchEntry.objects.count() == len(corpus(network)) and in_step()
    engine.index([prepare(corpus(network)[0], scopes)])  # replaced, not doubled
    assert SearchEntry.objects.count() == len(corpus(network)) and in_step()
    engine.delete(["news:1"])
    assert in_step() and not SearchEntry.objects.filter(doc_id="news:1").exists() and "news:1" not in _search(engine, "dien tu")
    engine.delete_where(portal_id=network.ward_b.pk, kinds=["news"])
    assert in_step() and _search(engine, "hoa binh") == []
    engine.delete_where(portal_id=network.province.pk)
    assert in_step() and _search(engine, "dien tap") == []
    engine.delete_where()
    assert _index_row_ids() == set() and not SearchEntry.objects.exists()


def test_encoding_in_worker_processes_gives_the_same_documents(engine, network):
    scopes = portal_scopes()
    docs = corpus(network) * 3  # more than one worker's share
    serial = list(encode_all(docs, scopes, engine, workers=1))
    parallel = list(encode_all(docs, scopes, engine, workers=2))
    assert [item.doc_id for item in parallel] == [doc.id for doc in docs]
    if connection.vendor == "postgresql":
        # The same match rows (the documents' lines differ only in their indexing time).
        assert [item.match for item in parallel] == [item.match for item in serial]
    else:
        assert parallel == serial
    engine.rebuild(parallel)
    assert set(_search(engine, "dien tu")) == {"news:1", "legal_document:1"}


def test_a_deleted_portal_leaves_nothing_in_the_index(engine, network, django_capture_on_commit_callbacks):
    use_engine(engine)
    try:
        engine.rebuild([prepare(doc, portal_scopes()) for doc in corpus(network)])
        gone = network.ward_b.pk
        assert "news:2" in _search(engine, "hoa binh")
        with django_capture_on_commit_callbacks(execute=True):
            network.ward_b.delete()
        assert _search(engine, "hoa binh") == [] and engine.search(SearchQuery(text="phuong")).facets["portal"]
        assert not SearchEntry.objects.filter(portal_id=gone).exists()
        assert _in_step()
        assert "news:1" in _search(engine, "dien tu")  # the others stay
    finally:
        use_engine(None)


def test_stored_documents_reencoded_as_a_migration_does(indexed):
    """Migration 0003 re-encodes the stored documents from their displayed text:
    every document stays, found and ranked as before."""
    queries = ["dien tu", "17/NQ-CP", "1234/qd-ubnd", "hoà giải", "phuong"]
    before = {text: _search(indexed, text) for text in queries}
    assert indexed.reencode_stored() == len(indexed.document_ids()) == 7
    assert {text: _search(indexed, text) for text in queries} == before


@pytest.mark.parametrize("filler_words", [0, 790, 900, 3000])
def test_highlight_finds_the_first_match_anywhere_in_a_long_body(filler_words):
    """The snippet looks at the start of a long body first: a match deep in the text, or
    just across where that look stops, is still found and every matched word marked."""
    from search.documents import highlight
    from search.normalize import parse_query

    text = "Lời mở đầu. " + "văn bản " * filler_words + "Hồ sơ xét duyệt hồ sơ trực tuyến. " + "kết thúc " * 50
    snippet = highlight(text, parse_query("hồ sơ").highlight_terms())
    assert snippet.count("<mark>") == 4, snippet
    assert "<mark>Hồ</mark> <mark>sơ</mark> xét duyệt <mark>hồ</mark> <mark>sơ</mark>" in snippet


def test_close_words_for_suggestions():
    from search.engines.base import close_words

    vocabulary = [("khai", 40), ("khoa", 90), ("kha", 5), ("sinh", 70), ("sanh", 2), ("thuong", 8)]
    assert close_words("khia", vocabulary) == ["khoa", "khai", "kha"]  # a slip, two letters swapped, one missing
    assert close_words("sjnh", vocabulary) == ["sinh", "sanh"]  # a slip of a key; the common one first
    assert close_words("khao", vocabulary)[:2] == ["khoa", "khai"]  # as long, more common
    assert close_words("xyz", vocabulary) == []
    assert close_words("thuongg", vocabulary) == ["thuong"]  # longer words allow two edits


def test_a_full_rebuild_leaves_no_index_row_without_its_document(indexed):
    """Index rows whose documents went around the engine (a database emptied by hand)
    would still be found: a rebuild of the whole index removes them too."""
    SearchEntry.objects.all()._raw_delete(SearchEntry.objects.db)  # the documents alone
    assert _index_row_ids()
    indexed.rebuild([])
    assert _index_row_ids() == set()
