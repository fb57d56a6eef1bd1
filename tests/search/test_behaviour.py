"""One behaviour suite for every available engine (see conftest.engine)."""

import datetime

import pytest
from django.utils import timezone

from cms.search_contract import SearchDocument
from search.documents import portal_scopes, prepare
from search.query import SearchQuery

# Scheduled first (tests/conftest.py): about 60 s on a 2-core machine.
pytestmark = pytest.mark.heavy(60)


def ids(results):
    return [hit.id for hit in results.hits]


def search(engine, text, **kwargs):
    kwargs.setdefault("page_size", 50)
    return engine.search(SearchQuery(text=text, **kwargs))


@pytest.mark.parametrize("typed, suggested", [("chinh phu dien tuu", "chinh phu dien tu"), ("hoa giao", "hoa giai")])
def test_every_engine_suggests_the_query_in_the_index_words(indexed, typed, suggested):
    """Nothing found: each engine offers the query with its unknown words replaced by
    close words of its own index (SQLite: fts5vocab; PostgreSQL: pg_trgm; Elasticsearch:
    the term suggester), only when that finds something."""
    assert search(indexed, typed).total == 0
    assert indexed.suggest(SearchQuery(text=typed)) == suggested
    assert search(indexed, suggested).total >= 1
    assert indexed.suggest(SearchQuery(text="khai sinh hoa giai")) == ""  # all words known


def test_query_without_diacritics_finds_vietnamese_text(indexed):
    found = ids(search(indexed, "chinh phu dien tu"))
    assert set(found) == {"news:1", "legal_document:1"}


def test_marks_typed_do_not_change_the_order(indexed):
    """Diacritics typed are a tie-breaker only: "điện" and "dien" give the same order
    (issue #13), so a citizen typing without marks gets what one typing with them does."""
    folded = ids(search(indexed, "dien"))
    assert {"news:1", "legal_document:1", "news:3"} <= set(folded)
    assert ids(search(indexed, "điện")) == folded
    assert ids(search(indexed, "DIỄN")) == folded


def test_marks_typed_break_ties(engine, network):
    # Two documents alike but for their marks: the one as typed comes first, either way.
    province = network.province.pk
    twins = [
        SearchDocument(id=f"news:{pk}", kind="news", portal_id=province, url=f"http://camau.localhost/{pk}/", title=title)
        for pk, title in ((71, "Lịch diễn tập tháng 5"), (72, "Lịch điện tập tháng 5"))
    ]
    _index(engine, twins)
    assert ids(search(engine, "điện tập")) == ["news:72", "news:71"]
    assert ids(search(engine, "diễn tập")) == ["news:71", "news:72"]


@pytest.mark.parametrize("typed", ["17/NQ-CP", "17/nq-cp", "17 NQ CP"])
def test_document_number_matches_as_typed(indexed, typed):
    assert ids(search(indexed, typed)) == ["legal_document:1"]


@pytest.mark.parametrize("typed", ["1234/QĐ-UBND", "1234/QD-UBND", "1234/qđ-ubnd", "1234/qd-ubnd"])
def test_document_number_with_and_without_d_stroke(indexed, typed):
    assert ids(search(indexed, typed)) == ["legal_document:2"]


def test_procedure_code_with_dots(indexed):
    assert ids(search(indexed, "1.000948.H38")) == ["procedure:1"]


def test_other_number_does_not_match(indexed):
    assert ids(search(indexed, "18/NQ-CP")) == []


@pytest.mark.parametrize("typed", ["hoà giải", "hòa giải", "hoa giai", "HOÀ GIẢI"])
def test_both_tone_placements(indexed, typed):
    assert ids(search(indexed, typed)) == ["news:2"]


def test_every_word_must_match(indexed):
    assert ids(search(indexed, "dien tu ca mau")) == ["news:1"]


def test_quoted_phrase(indexed):
    assert ids(search(indexed, '"phong chong dich"')) == ["legal_document:2"]
    assert ids(search(indexed, '"dich phong"')) == []


def test_empty_query_returns_nothing(indexed):
    for text in ["", "   ", "***", '"', "&&&"]:
        results = search(indexed, text)
        assert results.total == 0 and results.hits == []


def test_scope_member_portal_and_province(indexed, network):
    ward = search(indexed, "phuong", scope=(network.ward_a.pk,))
    assert set(ids(ward)) == {"news:1", "page:9001"}
    province = search(indexed, "phuong", scope=(network.province.pk,))
    assert {"news:1", "page:9001", "legal_document:2", "news:2"} <= set(ids(province))
    assert set(ids(search(indexed, "phuong"))) == set(ids(province))


def test_filters(indexed, network):
    assert set(ids(search(indexed, "dien tu", filters={"kind": ["legal_document"]}))) == {"legal_document:1"}
    assert ids(search(indexed, "phuong", filters={"document_type": ["Quyết định"]})) == ["legal_document:2"]
    assert ids(search(indexed, "dien", filters={"year": ["2019"]})) == ["legal_document:1"]
    assert set(ids(search(indexed, "phuong", filters={"portal": [str(network.ward_b.pk)]}))) == {
        "legal_document:2",
        "news:2",
    }
    # A bad portal id filters everything out instead of failing.
    assert ids(search(indexed, "phuong", filters={"portal": ["abc"]})) == []


def test_facets(indexed, network):
    results = search(indexed, "phuong")
    kinds = dict(results.facets["kind"])
    assert kinds == {"news": 2, "page": 1, "legal_document": 1}
    portals = dict(results.facets["portal"])
    assert portals[str(network.ward_a.pk)] == 2 and portals[str(network.ward_b.pk)] == 2
    assert dict(results.facets["document_type"]) == {"Quyết định": 1}
    assert dict(results.facets["year"])["2025"] == 2
    assert results.total == 4


def test_sort_by_date(indexed):
    results = search(indexed, "tinh", sort="date")
    dates = [hit.date for hit in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) >= 3


def test_title_matches_rank_above_body_matches(indexed):
    # "giới thiệu" is in the page title only.
    assert ids(search(indexed, "gioi thieu"))[0] == "page:9001"


def test_highlight_marks_matched_words(indexed):
    hit = search(indexed, "hoa giai").hits[0]
    assert "<mark>" in hit.highlight
    assert "hoà giải" in hit.highlight.lower().replace("<mark>", "").replace(
        "</mark>", ""
    ) or "hòa giải" in hit.highlight.lower().replace("<mark>", "").replace("</mark>", "")


def test_result_shape(indexed, network):
    hit = search(indexed, "17/NQ-CP").hits[0]
    assert hit.kind == "legal_document"
    assert hit.portal_id == network.province.pk
    assert hit.title == "Nghị quyết về Chính phủ điện tử"
    assert hit.url == "http://camau.localhost/van-ban/17-nq-cp/"
    assert hit.date.year == 2019


def test_pagination(indexed):
    first = search(indexed, "phuong", page_size=2, page=1)
    second = search(indexed, "phuong", page_size=2, page=2)
    assert first.total == second.total == 4
    assert len(first.hits) == len(second.hits) == 2
    assert not set(ids(first)) & set(ids(second))
    past = search(indexed, "phuong", page_size=2, page=99)
    assert past.hits == [] and past.total == 4


@pytest.mark.parametrize(
    "text",
    [
        "dien AND tu",
        "dien OR tu",
        "NEAR(dien tu)",
        "dien*",
        "^dien",
        'dien "tu',
        '"""',
        "'; DROP TABLE search_searchentry; --",
        "dien\x00tu\x1b[31m",
        "a" * 10_000,
        "điện " * 3000,
        "(((",
        "title_folded:dien",
        "{title_exact}: x",
        "-dien",
        "dien & tu | !x <-> y",
        "\\",
        "%_%",
    ],
)
def test_bad_input_never_fails(indexed, text):
    results = search(indexed, text)
    assert results.total >= 0


def test_operators_are_plain_words(indexed):
    assert ids(search(indexed, "dien AND tu chinh")) == []  # "and" is a word, not an operator
    assert set(ids(search(indexed, "dien* tu"))) == {"news:1", "legal_document:1"}


def test_update_and_delete(indexed, network):
    from cms.search_contract import SearchDocument
    from search.documents import portal_scopes, prepare

    doc = SearchDocument(
        id="news:1", kind="news", portal_id=network.ward_a.pk, url="http://a.camau.localhost/x/", title="Bản tin nông nghiệp"
    )
    indexed.index([prepare(doc, portal_scopes())])
    assert ids(search(indexed, "nong nghiep")) == ["news:1"]
    assert "news:1" not in ids(search(indexed, "chinh phu dien tu"))
    indexed.delete(["news:1"])
    assert ids(search(indexed, "nong nghiep")) == []
    indexed.delete_where(portal_id=network.ward_b.pk)
    assert ids(search(indexed, "phuong", scope=(network.ward_b.pk,))) == []
    counts = {(p, k): n for p, k, n in indexed.counts()}
    assert counts[(network.province.pk, "news")] == 1
    assert (network.ward_b.pk, "news") not in counts


def _spelling_corpus(network):
    from cms.search_contract import SearchDocument

    province = network.province.pk
    return [
        SearchDocument(
            id="news:91",
            kind="news",
            portal_id=province,
            url="http://camau.localhost/tin-tuc/bao-cao-quy-iii/",
            title="Báo cáo quý III về cải cách hành chính",
            body="Tỷ lệ hồ sơ trực tuyến tăng; kỹ thuật số hóa được Sở Khoa học hướng dẫn.",
        ),
        SearchDocument(
            id="news:92",
            kind="news",
            portal_id=province,
            url="http://camau.localhost/tin-tuc/ket-qua-qui-iv/",
            title="Kết quả quí IV: tỉ lệ giải quyết đúng hạn",
            body="Tỉ lệ giải quyết đúng hạn đạt 98%. Cán bộ được tập huấn kĩ thuật nghiệp vụ; thủy lợi và tay nghề.",
        ),
    ]


@pytest.mark.parametrize("typed", ["quý", "quí", "QUY", "qui", "tỷ lệ", "tỉ lệ", "ty le", "kỹ thuật", "kĩ thuật", "ki thuat"])
def test_i_and_y_spellings_find_each_other(engine, network, typed, request):
    """quý/quí, tỷ/tỉ, kỹ/kĩ are one word in two spellings, both in real texts (issue #13)."""

    _index(engine, _spelling_corpus(network))
    results = search(engine, typed)
    assert set(ids(results)) == {"news:91", "news:92"}
    if "l" in typed:  # tỷ lệ / tỉ lệ: in both bodies, each highlighted in its own spelling
        highlights = {hit.id: hit.highlight for hit in results.hits}
        assert "<mark>Tỷ</mark> <mark>lệ</mark>" in highlights["news:91"]
        assert "<mark>Tỉ</mark> <mark>lệ</mark>" in highlights["news:92"]


@pytest.mark.parametrize("typed, other", [("tay", "tai"), ("thuy", "thui")])
def test_words_that_only_look_like_variants_stay_apart(engine, network, typed, other):
    """ "tay" (hand) and "tai" (ear), "thủy" and "thui" are different words: no unification."""

    _index(engine, _spelling_corpus(network))
    assert ids(search(engine, typed)) == ["news:92"]
    assert ids(search(engine, other)) == []


@pytest.mark.parametrize(
    "typed, marked, unmarked",
    [
        ("thống kê", ["thống", "kê"], ["thông"]),  # typed with marks: the look-alike stays plain
        ("thong ke", ["thống", "kê", "thông"], []),  # typed without: every word that folds to it
        ("tỷ lệ", ["Tỉ", "lệ"], []),  # the other spelling of the same word counts as typed
    ],
)
def test_highlight_marks_words_as_typed(typed, marked, unmarked):
    """Issue #13: a query with marks highlights words with those marks, not look-alikes."""
    from search.documents import highlight
    from search.normalize import parse_query

    snippet = highlight("Số liệu thống kê và thông tin: Tỉ lệ hồ sơ.", parse_query(typed).highlight_terms())
    for word in marked:
        assert f"<mark>{word}</mark>" in snippet, snippet
    for word in unmarked:
        assert f"<mark>{word}</mark>" not in snippet and word in snippet, snippet


def test_either_spelling_typed_with_marks_ranks_alike(engine, network, request):
    """quý and quí typed with marks give the same order: the exact-marks tier sees one
    spelling too, so neither document is pushed down for the other's spelling (issue #13)."""

    _index(engine, _spelling_corpus(network))
    assert ids(search(engine, "quý")) == ids(search(engine, "quí"))
    assert ids(search(engine, "tỷ lệ")) == ids(search(engine, "tỉ lệ"))


def _news(portal_id, pk, title, summary="", body="", age_days=None) -> SearchDocument:
    """A news document of the ranking tests (dated ``age_days`` ago, or undated)."""
    date = None if age_days is None else timezone.now() - datetime.timedelta(days=age_days)
    url = f"http://camau.localhost/tin-tuc/{pk}/"
    return SearchDocument(
        id=f"news:{pk}", kind="news", portal_id=portal_id, url=url, title=title, summary=summary, body=body, date=date
    )


def _index(engine, docs) -> None:
    engine.rebuild([prepare(doc, portal_scopes()) for doc in docs])


def _unrelated(network) -> list[SearchDocument]:
    """Documents about something else: what makes a word rare in a real index."""
    titles = ["Lịch tiếp công dân tháng 6", "Kết quả thi đấu thể thao", "Thời tiết tuần tới", "Tuyển dụng viên chức"]
    return [
        SearchDocument(id=f"page:{pk}", kind="page", portal_id=network.province.pk, url=f"http://camau.localhost/{pk}/", title=t)
        for pk, t in enumerate(titles, 700)
    ]


def _ranking_corpus(network):
    """Documents that hold the words of "dịch vụ công trực tuyến" in different ways."""

    def doc(pk, title, body):
        return _news(network.province.pk, pk, title, body=body, age_days=30)

    return [
        # Every word, scattered over unrelated phrases, some in the title.
        doc(
            1,
            "Công an tỉnh tuyên truyền trực tuyến về dịch bệnh",
            body="Các dịch vụ y tế được bảo đảm. Công tác phòng chống dịch được duy trì trực tuyến.",
        ),
        # The words within a few words of each other.
        doc(2, "Hướng dẫn người dân", body="Người dân dùng dịch vụ hành chính công qua mạng, trực tuyến tại nhà."),
        # The phrase itself, in the body only.
        doc(3, "Cải cách hành chính năm 2025", body="Tỷ lệ hồ sơ nộp qua dịch vụ công trực tuyến toàn trình đạt 80%."),
    ]


def test_phrase_ranks_above_near_above_scattered(engine, network):
    """All words adjacent in order > all within a small window > scattered, whatever
    the fields (issue #13: a scattered title match outranked the phrase)."""
    _index(engine, _ranking_corpus(network))
    for typed in ("dịch vụ công trực tuyến", "dich vu cong truc tuyen", "DỊCH VỤ CÔNG TRỰC TUYẾN"):
        assert ids(search(engine, typed)) == ["news:3", "news:2", "news:1"], typed


def test_quoted_phrase_and_two_syllable_word(engine, network):
    _index(engine, _ranking_corpus(network))
    assert ids(search(engine, '"dịch vụ công"')) == ["news:3"]


def test_fields_weigh_title_then_lead_then_body(engine, network):
    province = network.province.pk
    docs = [
        SearchDocument(id=f"news:{pk}", kind="news", portal_id=province, url=f"http://camau.localhost/{pk}/", **fields)
        for pk, fields in (
            (81, {"title": "Thông báo lịch tiếp dân", "body": "Nội dung về xâm nhập mặn ở các xã ven biển."}),
            (82, {"title": "Thông báo lịch tiếp dân", "summary": "Tình hình xâm nhập mặn tháng này."}),
            (83, {"title": "Xâm nhập mặn tháng này", "summary": "Thông báo lịch tiếp dân."}),
        )
    ]
    _index(engine, docs)
    assert ids(search(engine, "xam nhap man")) == ["news:83", "news:82", "news:81"]


def test_body_relevance_counts(engine, network):
    """A document whose body is about the query outranks one that mentions it once."""
    province = network.province.pk
    docs = [
        SearchDocument(
            id="news:61",
            kind="news",
            portal_id=province,
            url="http://camau.localhost/61/",
            title="Tin tổng hợp tuần",
            body="Họp giao ban. Một hộ nuôi tôm được hỗ trợ. Lịch trực lễ. Thi đấu thể thao. Tập huấn cán bộ văn thư.",
        ),
        SearchDocument(
            id="news:62",
            kind="news",
            portal_id=province,
            url="http://camau.localhost/62/",
            title="Tin tổng hợp tuần",
            body="Nuôi tôm siêu thâm canh giúp nông dân nuôi tôm có lãi; kỹ thuật nuôi tôm được chuyển giao.",
        ),
    ]
    _index(engine, docs)
    assert ids(search(engine, "nuôi tôm")) == ["news:62", "news:61"]


def test_recency_is_mild_and_orders_equals(engine, network):
    def doc(pk, title, body, age_days):
        return _news(network.province.pk, pk, title, body=body, age_days=age_days)

    docs = [
        doc(51, "Khai sinh", "Bản tin số một", 2000),  # old but exactly the query
        doc(52, "Thông báo về tiếp nhận hồ sơ khai sinh, kết hôn, khai tử và chứng thực tại phường", "Bản tin số ba", 1),
        doc(53, "Khai sinh", "Bản tin số hai", 10),
    ]
    _index(engine, docs + _unrelated(network))
    # Equal documents: the newer first; a much weaker match stays below an old exact one.
    assert ids(search(engine, "khai sinh")) == ["news:53", "news:51", "news:52"]


def test_copies_of_one_article_show_once(engine, network):
    """An article republished by several portals is one result: the earliest copy,
    with the others listed (issue #13: 6 of the top 10 were copies of one article)."""
    now = timezone.now()
    portals = [network.ward_b, network.ward_a, network.province]
    copies = [
        SearchDocument(
            id=f"news:{40 + n}",
            kind="news",
            portal_id=portal.pk,
            url=f"http://{portal.pk}.camau.localhost/tin-tuc/ngap-ung/",
            title="Khắc phục ngập úng sau mưa lớn",
            summary="Các lực lượng hỗ trợ người dân khắc phục ngập úng.",
            body="Mưa lớn kéo dài gây ngập úng nhiều tuyến đường.",
            date=now - datetime.timedelta(days=10 - n),
        )
        for n, portal in enumerate(portals)
    ]
    other = SearchDocument(
        id="news:49",
        kind="news",
        portal_id=network.province.pk,
        url="http://camau.localhost/tin-tuc/ngap-ung-2/",
        title="Ngập úng cục bộ ở khu dân cư",
        body="Một bài khác về ngập úng.",
        date=now,
    )
    _index(engine, [*copies, other] + _unrelated(network))
    results = search(engine, "ngap ung", scope=(network.province.pk,))
    assert sorted(ids(results)) == ["news:40", "news:49"]
    original = next(hit for hit in results.hits if hit.id == "news:40")
    assert original.portal_id == network.ward_b.pk  # the earliest copy
    assert original.also_on == [(network.ward_a.pk, copies[1].url), (network.province.pk, copies[2].url)]
    # A member portal's own search shows its own copy.
    assert ids(search(engine, "ngap ung", scope=(network.ward_a.pk,))) == ["news:41"]


def _named_corpus(network):
    def doc(pk, title, body=""):
        return _news(network.province.pk, pk, title, body=body)

    return [
        doc(21, "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Hồ sơ nộp tại bộ phận một cửa."),
        doc(22, "Học sinh tham gia BHYT", "Tỷ lệ tham gia đạt 98%."),
        doc(23, "Xuất khẩu tôm sang Hoa Kỳ tăng mạnh"),
        doc(24, "Đăng ký kết hôn", "Thành phần hồ sơ: tờ khai đăng ký kết hôn."),
        doc(25, "Thông báo lịch làm việc", "Các thủ tục hành chính được giải quyết đúng hạn; đăng ký trực tuyến, kết quả tốt."),
        doc(26, "Khu công nghiệp Khánh An thu hút đầu tư"),
        doc(27, "Phát triển lâm nghiệp bền vững"),
    ] + _unrelated(network)


@pytest.mark.parametrize(
    "typed, found",
    [
        ("sổ đỏ", "news:21"),
        ("bảo hiểm y tế học sinh", "news:22"),
        ("bao hiem y te", "news:22"),
        ("xuất khẩu tôm sang Mỹ", "news:23"),
        ("xuat khau tom my", "news:23"),
    ],
)
def test_other_names_find_a_document(engine, network, typed, found):
    """An abbreviation or everyday name finds the document using the other one
    (search.synonyms): BHYT / bảo hiểm y tế, sổ đỏ / giấy chứng nhận…, Mỹ / Hoa Kỳ."""
    _index(engine, _named_corpus(network))
    assert ids(search(engine, typed)) == [found]


@pytest.mark.parametrize("typed", ["cấp sổ đỏ", "cap so do", "CẤP SỔ HỒNG"])
def test_a_phrase_said_in_other_words_is_still_a_phrase(engine, network, typed):
    """ "cấp sổ đỏ" is the phrase "cấp giấy chứng nhận quyền sử dụng đất" in other words
    (search.synonyms.other_readings): that title ranks above one holding both words apart,
    however often."""
    _index(
        engine,
        [
            _news(network.province.pk, 31, "Đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
            _news(network.province.pk, 32, "Cấp điện, cấp nước sạch cho khu tái định cư, người dân đã có sổ đỏ"),
        ]
        + _unrelated(network),
    )
    assert ids(search(engine, typed)) == ["news:31", "news:32"]


@pytest.mark.parametrize("typed", ["thủ tục đăng ký kết hôn", "thu tuc dang ky ket hon", "đăng ký kết hôn ở đâu"])
def test_how_a_question_is_asked_is_not_required(engine, network, typed):
    """ "thủ tục", "ở đâu" need not be in a document (search.normalize.OPTIONAL_WORDS):
    the procedure titled "Đăng ký kết hôn" is found and first."""
    _index(engine, _named_corpus(network))
    assert ids(search(engine, typed))[0] == "news:24"
    # A query of such words alone needs them all.
    assert ids(search(engine, "thủ tục")) == ["news:25"]


@pytest.mark.parametrize("typed", ["lâm nghiệp", "lam nghiep"])
def test_a_word_like_an_optional_one_still_ranks_its_phrase_first(engine, network, typed):
    """ "lam" folds like "làm" (an optional word): "lâm nghiệp" is still first, by the
    phrase of the query as typed, above "công nghiệp"."""
    _index(engine, _named_corpus(network))
    assert ids(search(engine, typed))[0] == "news:27"
