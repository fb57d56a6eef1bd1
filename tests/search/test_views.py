"""The public search page and the JSON API."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from cms.search_contract import SearchDocument
from search.documents import portal_scopes, prepare
from search.engines import use_engine

from .conftest import FailingEngine, corpus

# Scheduled first (tests/conftest.py): about 60 s on a 2-core machine.
pytestmark = pytest.mark.heavy(60)


@pytest.fixture
def db_indexed(indexed):
    if indexed.name != "database":
        pytest.skip("views are tested on the database engine")
    return indexed


def test_member_portal_searches_itself_by_default(db_indexed, network, portal_client):
    response = portal_client(network.ward_a).get("/search/?q=phuong")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giới thiệu phường An Xuyên" in html
    assert "Quyết định ban hành kế hoạch" not in html  # ward_b's document
    assert "Tìm trong toàn mạng" in html or "Search the whole network" in html
    wide = portal_client(network.ward_a).get("/search/?q=phuong&scope=network").content.decode()
    assert "Quyết định ban hành kế hoạch" in wide


def test_province_searches_the_network(db_indexed, network, portal_client):
    html = portal_client(network.province).get("/search/?q=phuong").content.decode()
    assert "Giới thiệu phường An Xuyên" in html and "Quyết định ban hành kế hoạch" in html
    assert 'name="scope" value="network"' in html


def test_page_shows_highlights_facets_and_labels(db_indexed, network, portal_client):
    html = portal_client(network.province).get("/search/?q=dien+tu").content.decode()
    assert "<mark>" in html
    assert 'for="search-q"' in html
    text = " ".join(strip_tags(html).split())
    assert "Phường An Xuyên (1)" in text  # portal facet by name
    assert "Nghị quyết (1)" in text


def test_facet_filter_and_removal_links(db_indexed, network, portal_client):
    html = portal_client(network.province).get("/search/?q=dien+tu&kind=legal_document").content.decode()
    assert "Nghị quyết về Chính phủ điện tử" in html
    assert "Phát triển chính phủ điện tử" not in html
    assert "active-filters" in html


def test_empty_query_gets_help_not_everything(db_indexed, network, portal_client):
    for path in ["/search/", "/search/?q=", "/search/?q=%20%20", "/search/?q=%22%22%22"]:
        response = portal_client(network.province).get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "search-help" in html
        assert "search-result" not in html


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "a" * 10000,
        "q=%22dien+tu",
        "q=dien+AND+OR+NEAR+*+%5E",
        "q=%27%3B+DROP+TABLE+x%3B--",
        "q=dien%E2%80%AEtu%E2%80%8B",  # bidi and zero-width characters (control characters: 400, tests/security)
        "q=dien&portal=abc&year=%27&sort=evil&scope=evil",
        "q=dien&kind=" + "x" * 5000,
    ],
)
def test_bad_input_never_fails(db_indexed, network, portal_client, query):
    response = portal_client(network.ward_a).get("/search/?" + query)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["50", "abc", "-1", "0", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_a_404_with_a_message(db_indexed, network, portal_client, page):
    response = portal_client(network.province).get(f"/search/?q=dien+tu&page={page}")
    assert response.status_code == 404  # cms.pagination: no such page
    html = response.content.decode()
    assert "search-result-title" not in html
    assert f"Trang “{page[:20]}” không tồn tại: danh sách này có các trang từ 1 đến 1." in html
    assert 'href="?q=dien+tu"' in html  # back to the first page of the same search


def test_results_page_with_the_shared_pager(db_indexed, network, portal_client):
    extra = [
        SearchDocument(
            id=f"news:{100 + n}",
            kind="news",
            portal_id=network.province.pk,
            url=f"http://camau.localhost/tin-tuc/thong-bao-{n}/",
            title=f"Thông báo lịch tiếp dân số {n:02d}",
            summary="Lịch tiếp công dân định kỳ.",
            body="Thông báo lịch tiếp công dân.",
            date=timezone.make_aware(datetime.datetime(2025, 1, 1 + n, 8, 0)),
        )
        for n in range(25)
    ]
    scopes = portal_scopes()
    db_indexed.rebuild([prepare(doc, scopes) for doc in [*corpus(network), *extra]])
    client = portal_client(network.province)
    html = client.get("/search/?q=tiep+dan&sort=date").content.decode()
    assert 'aria-label="Phân trang"' in html and "Trang 1 / 3" in html
    assert 'href="?q=tiep+dan&amp;sort=date&amp;page=2" rel="next"' in html  # the query and sort are kept
    last = client.get("/search/?q=tiep+dan&sort=date&page=3")
    assert last.status_code == 200 and last.content.decode().count("search-result-title") == 5
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()
    past = client.get("/search/?q=tiep+dan&sort=date&page=4")
    assert past.status_code == 404
    assert "danh sách này có các trang từ 1 đến 3" in past.content.decode()


def test_engine_down_gives_a_message_not_500(db_indexed, network, portal_client):
    use_engine(FailingEngine())
    response = portal_client(network.province).get("/search/?q=dien")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    api = portal_client(network.province).get("/api/search/?q=dien")
    assert api.status_code == 503


def test_english_interface(db_indexed, network, portal_client):
    response = portal_client(network.province).get("/en/search/?q=dien")
    assert response.status_code == 200


def test_search_page_query_count(db_indexed, network, portal_client, django_assert_max_num_queries):
    portal_client(network.ward_a).get("/search/?q=phuong&scope=network")  # warm caches
    with django_assert_max_num_queries(20):
        response = portal_client(network.ward_a).get("/search/?q=tinh&scope=network&sort=date")
    assert response.status_code == 200


# -- API ---------------------------------------------------------------------
def test_api_shape(db_indexed, network, client):
    response = client.get("/api/search/?q=17/NQ-CP", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"total", "took_ms", "results", "facets"}
    assert data["total"] == 1
    result = data["results"][0]
    assert set(result) == {"id", "kind", "portal", "title", "url", "date", "highlight", "also_on"}
    assert result["id"] == "legal_document:1"
    assert result["portal"] == "camau.localhost"
    assert result["date"].startswith("2019-03-07")
    assert set(data["facets"]) == {"portal", "kind", "category", "document_type", "issuer", "field", "year"}
    assert [(f["value"], f["count"]) for f in data["facets"]["kind"]] == [("legal_document", 1)]


def test_api_filters(db_indexed, network, client):
    data = client.get("/api/search/?q=phuong&portal=a.camau.localhost", HTTP_HOST="camau.localhost").json()
    assert {r["id"] for r in data["results"]} == {"news:1", "page:9001"}
    data = client.get("/api/search/?q=phuong&kind=legal_document", HTTP_HOST="camau.localhost").json()
    assert [r["id"] for r in data["results"]] == ["legal_document:2"]
    data = client.get("/api/search/?q=phuong&page=2&page_size=3", HTTP_HOST="camau.localhost").json()
    assert data["total"] == 4 and len(data["results"]) == 1
    portals = {f["value"]: f["label"] for f in data["facets"]["portal"]}
    assert portals["a.camau.localhost"] == "Phường An Xuyên"


@pytest.mark.parametrize(
    "query,status",
    [
        ("", 400),
        ("q=", 400),
        ("q=%22%22", 400),
        ("q=dien&page=0", 400),
        ("q=dien&page=abc", 400),
        ("q=dien&page_size=1000", 400),
        ("q=dien&portal=nowhere.example", 400),
        ("q=dien&sort=evil", 400),
        ("q=dien&page=999", 200),
        ("q=" + "b" * 10000, 200),
        ("q=dien%00", 400),  # refused by cms.hostile before the view, as JSON under /api/
    ],
)
def test_api_bad_input(db_indexed, network, client, query, status):
    response = client.get("/api/search/?" + query, HTTP_HOST="camau.localhost")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


@pytest.fixture
def bilingual(db_indexed, network):
    """The corpus plus an English page of the province (the English site's content)."""
    english = SearchDocument(
        id="page:901",
        kind="page",
        portal_id=network.province.pk,
        url="http://camau.localhost/en/e-government/",
        title="E-government in Ca Mau province",
        body="Online public services for residents of the province (dien tu in English: electronic).",
        language="en",
    )
    db_indexed.rebuild([prepare(doc, portal_scopes()) for doc in [*corpus(network), english]])
    return db_indexed


def test_each_site_searches_content_in_its_language(bilingual, network, portal_client):
    """Issue #13: the English site finds English content, the Vietnamese site Vietnamese;
    a link widens either to every language, and the choice survives the next search."""
    client = portal_client(network.province)
    vietnamese = client.get("/search/?q=dien+tu").content.decode()
    assert "Phát triển chính phủ điện tử" in vietnamese and "E-government in Ca Mau" not in vietnamese
    assert "Bao gồm nội dung bằng ngôn ngữ khác" in vietnamese and "languages=all" in vietnamese

    english = client.get("/en/search/?q=dien+tu").content.decode()
    assert "E-government in Ca Mau" in english and "Phát triển chính phủ điện tử" not in english
    assert "Include content in other languages" in english

    everything = client.get("/en/search/?q=dien+tu&languages=all").content.decode()
    assert "E-government in Ca Mau" in everything and "Phát triển chính phủ điện tử" in everything
    assert 'name="languages" value="all"' in everything  # kept by the search form
    assert "Only content in this language" in everything


@pytest.mark.parametrize(
    "language, expected",
    [("en", {"page:901"}), ("vi", {"news:1", "legal_document:1"}), ("all", {"page:901", "news:1", "legal_document:1"})],
)
def test_api_language_parameter(bilingual, network, client, language, expected):
    response = client.get(f"/api/search/?q=dien+tu&language={language}", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    assert {hit["id"] for hit in response.json()["results"]} >= expected
    if language != "all":
        assert {hit["id"] for hit in response.json()["results"]}.isdisjoint({"page:901", "news:1"} - expected)


def test_api_refuses_an_unknown_language(bilingual, client):
    response = client.get("/api/search/?q=dien+tu&language=fr", HTTP_HOST="camau.localhost")
    assert response.status_code == 400
    assert response.json()["language"] == "Chọn một trong: vi, en, all."


def test_a_republished_article_is_one_result_with_its_copies(db_indexed, network, portal_client, client):
    """The province's search shows an article republished by two wards once, the
    original, naming the other portal (page and API)."""
    copies = [
        SearchDocument(
            id=f"news:{pk}",
            kind="news",
            portal_id=portal.pk,
            url=f"http://{portal.site.hostname}/tin-tuc/ra-quan-ve-sinh/",
            title="Ra quân tổng vệ sinh môi trường",
            body="Hưởng ứng ngày môi trường thế giới, các khu phố ra quân tổng vệ sinh.",
            date=timezone.now() - datetime.timedelta(days=pk),
        )
        for pk, portal in ((31, network.ward_a), (32, network.ward_b))
    ]
    db_indexed.rebuild([prepare(doc, portal_scopes()) for doc in [*corpus(network), *copies]])
    html = portal_client(network.province).get("/search/?q=tong+ve+sinh").content.decode()
    assert html.count("Ra quân tổng vệ sinh môi trường") == 1
    assert "Cũng đăng trên 1 cổng khác" in html
    assert f'href="{copies[0].url}">{network.ward_a.name}</a>' in html
    data = client.get("/api/search/?q=tong+ve+sinh", HTTP_HOST="camau.localhost").json()
    assert [r["id"] for r in data["results"]] == ["news:32"]  # the earliest
    assert data["results"][0]["also_on"] == [{"portal": network.ward_a.site.hostname, "url": copies[0].url}]


@pytest.mark.parametrize(
    "typed, suggested", [("khia sinh", "khai sinh"), ("hoa giao", "hoa giai"), ("chinh phu dien tuu", "chinh phu dien tu")]
)
def test_nothing_found_suggests_the_index_own_words(db_indexed, network, portal_client, client, typed, suggested):
    """A slip of one letter finds nothing (no fuzzy matching) but the page and the API
    suggest the query in the index's own words, which finds something."""
    extra = SearchDocument(
        id="news:77",
        kind="news",
        portal_id=network.province.pk,
        url="http://camau.localhost/tin-tuc/khai-sinh/",
        title="Đăng ký khai sinh trực tuyến",
        date=timezone.now(),
    )
    db_indexed.rebuild([prepare(doc, portal_scopes()) for doc in [*corpus(network), extra]])
    html = portal_client(network.province).get(f"/search/?q={typed}").content.decode()
    assert "Không tìm thấy kết quả" in html or "No results" in html
    assert "Có phải bạn muốn tìm:" in html and f">{suggested}</a>" in html
    data = client.get(f"/api/search/?q={typed}", HTTP_HOST="camau.localhost").json()
    assert data["total"] == 0 and data["suggestion"] == suggested
    assert client.get(f"/api/search/?q={suggested}", HTTP_HOST="camau.localhost").json()["total"] >= 1
    # A query whose words are all known but find nothing together gets no suggestion.
    assert "suggestion" not in client.get("/api/search/?q=khai+sinh+hoa+giai", HTTP_HOST="camau.localhost").json()
