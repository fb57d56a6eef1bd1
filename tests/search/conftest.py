"""Fixtures for the search tests: engines, a small fixed Vietnamese corpus and
a test-only plugin with a provider over the test plugin's Gadget model."""

from __future__ import annotations

import datetime
import os
import uuid

import pytest
from django.utils import timezone

from cms.search_contract import SearchDocument, SearchProvider
from registry.plugins import Plugin, registry
from search.documents import portal_scopes, prepare
from search.engines import EngineUnavailable, SearchEngine, use_engine
from search.engines.database import DatabaseEngine


def _date(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 8, 30))


def corpus(network) -> list[SearchDocument]:
    p, a, b = network.province.pk, network.ward_a.pk, network.ward_b.pk
    return [
        SearchDocument(
            id="news:1",
            kind="news",
            portal_id=a,
            url="http://a.camau.localhost/tin-tuc/chinh-phu-dien-tu/",
            title="Phát triển chính phủ điện tử tại phường An Xuyên",
            summary="Phường đẩy mạnh chuyển đổi số và dịch vụ công trực tuyến.",
            body="Ủy ban nhân dân phường An Xuyên triển khai chính phủ điện tử, giúp người dân tỉnh Cà Mau nộp hồ sơ qua mạng.",
            date=_date(2025, 3, 1),
            facets={"category": "Chuyển đổi số"},
        ),
        SearchDocument(
            id="legal_document:1",
            kind="legal_document",
            portal_id=p,
            url="http://camau.localhost/van-ban/17-nq-cp/",
            title="Nghị quyết về Chính phủ điện tử",
            summary="Nghị quyết 17/NQ-CP về một số nhiệm vụ, giải pháp trọng tâm phát triển Chính phủ điện tử.",
            body="Giai đoạn 2019 - 2020, định hướng đến 2025. Áp dụng trên địa bàn tỉnh.",
            date=_date(2019, 3, 7),
            keywords=["17/NQ-CP"],
            facets={"document_type": "Nghị quyết", "issuer": "Chính phủ", "field": "Công nghệ thông tin"},
        ),
        SearchDocument(
            id="legal_document:2",
            kind="legal_document",
            portal_id=b,
            url="http://b.camau.localhost/van-ban/1234-qd-ubnd/",
            title="Quyết định ban hành kế hoạch phòng, chống dịch bệnh",
            summary="Quyết định số 1234/QĐ-UBND của Ủy ban nhân dân phường Tân Thành.",
            body="Kế hoạch phòng, chống dịch bệnh trên địa bàn phường năm 2024.",
            date=_date(2024, 5, 20),
            keywords=["1234/QĐ-UBND"],
            facets={"document_type": "Quyết định", "issuer": "UBND phường Tân Thành", "field": "Y tế"},
        ),
        SearchDocument(
            id="news:2",
            kind="news",
            portal_id=b,
            url="http://b.camau.localhost/tin-tuc/hoa-binh/",
            title="Hoà bình và hữu nghị giữa các dân tộc",
            summary="Tổ hoà giải ở cơ sở hoạt động hiệu quả.",
            body="Công tác hòa giải được người dân phường Tân Thành đánh giá cao.",
            date=_date(2025, 6, 2),
            facets={"category": "Văn hóa - Xã hội"},
        ),
        SearchDocument(
            id="news:3",
            kind="news",
            portal_id=p,
            url="http://camau.localhost/tin-tuc/dien-tap/",
            title="Diễn tập phòng cháy chữa cháy năm 2025",
            summary="Buổi diễn tập thu hút đông đảo lực lượng tham gia.",
            body="Cuộc diễn tập diễn ra tại trụ sở Ủy ban nhân dân tỉnh.",
            date=_date(2025, 9, 15),
            facets={"category": "An ninh - Trật tự"},
        ),
        SearchDocument(
            id="procedure:1",
            kind="procedure",
            portal_id=p,
            url="http://camau.localhost/thu-tuc/dang-ky-kinh-doanh/",
            title="Thủ tục đăng ký hộ kinh doanh",
            summary="Mã thủ tục 1.000948.H38, thực hiện tại cấp xã.",
            body="Thành phần hồ sơ: giấy đề nghị đăng ký hộ kinh doanh.",
            date=_date(2023, 1, 10),
            keywords=["1.000948.H38"],
            facets={"field": "Thành lập và hoạt động doanh nghiệp"},
        ),
        SearchDocument(
            id="page:9001",
            kind="page",
            portal_id=a,
            url="http://a.camau.localhost/gioi-thieu/",
            title="Giới thiệu phường An Xuyên",
            summary="Lịch sử hình thành phường An Xuyên, tỉnh Cà Mau.",
            body="Phường An Xuyên là trung tâm hành chính của tỉnh.",
            date=_date(2022, 2, 2),
        ),
    ]


def _engine_params():
    return [
        pytest.param("database", id="database"),
        pytest.param(
            "elasticsearch",
            id="elasticsearch",
            marks=[pytest.mark.elasticsearch],
        ),
    ]


@pytest.fixture(params=_engine_params())
def engine(request, db):
    if request.param == "database":
        instance = DatabaseEngine()
    elif not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("Elasticsearch behaviour tests skipped: set ELASTICSEARCH_URL to run them against a cluster")
    else:
        from search.engines.elasticsearch import ElasticsearchEngine

        instance = ElasticsearchEngine(os.environ["ELASTICSEARCH_URL"], prefix=f"test-portal-search-{uuid.uuid4().hex[:8]}")
    use_engine(instance)
    yield instance
    use_engine(None)
    if request.param == "elasticsearch":
        instance.client.indices.delete(index=f"{instance.alias}-*", ignore_unavailable=True)
        instance.client.indices.delete_index_template(name=f"{instance.alias}-template", ignore=[404])


@pytest.fixture
def indexed(engine, network):
    """The engine holding the fixed corpus."""
    scopes = portal_scopes()
    engine.rebuild([prepare(doc, scopes) for doc in corpus(network)])
    return engine


class GadgetSearchProvider(SearchProvider):
    """Test-only provider: the test plugin's Gadget snippets as documents."""

    kind = "gadget"
    label = "Gadget"
    plugin_name = "searchtest"

    def __init__(self):
        from tests.testplugin.models import Gadget

        self.models = (Gadget,)
        self.fail = False

    def documents(self, portal=None):
        from tests.testplugin.models import Gadget

        qs = Gadget.objects.select_related("portal")
        if portal is not None:
            qs = qs.filter(portal=portal)
        for gadget in qs:
            doc = self.document_for(gadget)
            if doc is not None:
                yield doc

    def document_for(self, instance):
        if self.fail:
            raise RuntimeError("provider broken (test double)")
        if not instance.portal.has_plugin(self.plugin_name):
            return None
        return SearchDocument(
            id=self.document_id(instance),
            kind=self.kind,
            portal_id=instance.portal_id,
            title=instance.name,
            url=f"{instance.portal.root_url}/gadgets/{instance.pk}/",
            body=f"Thiết bị {instance.name}",
        )


@pytest.fixture
def gadget_provider():
    """A test-only plugin "searchtest" with a provider, removed afterwards."""
    provider = GadgetSearchProvider()
    registry.register(Plugin(name="searchtest", label="Search test", search_providers=(provider,)))
    yield provider
    registry.unregister("searchtest")


class FailingEngine(SearchEngine):
    """Test double: the database engine behind a switch; while ``down`` every
    write and search raises EngineUnavailable, as an unreachable engine does."""

    name = "database"

    def __init__(self):
        self.down = True
        self.engine = DatabaseEngine()

    def _check(self):
        if self.down:
            raise EngineUnavailable("connection refused (test double)")

    def index(self, documents, replace=True):
        self._check()
        return self.engine.index(documents, replace)

    def delete(self, doc_ids):
        self._check()
        return self.engine.delete(doc_ids)

    def delete_where(self, portal_id=None, kinds=None):
        self._check()
        return self.engine.delete_where(portal_id, kinds)

    def search(self, query):
        self._check()
        return self.engine.search(query)

    def counts(self):
        return self.engine.counts()

    def document_ids(self):
        return self.engine.document_ids()
