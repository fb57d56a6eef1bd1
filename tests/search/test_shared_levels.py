"""Documents shared with the levels below their portal (issue #18): a ward's search
finds what its province keeps for the ward level, on every engine (conftest.engine)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from cms.search_contract import SearchDocument
from search import service
from search.documents import portal_scopes, prepare
from search.engines.database import DatabaseEngine
from search.query import SearchQuery
from sites.models import Portal
from tests.conftest import make_portal


@dataclass
class Portals:
    province: Portal
    ward_a: Portal
    ward_b: Portal
    department: Portal
    commune: Portal
    other_province: Portal
    other_ward: Portal


@pytest.fixture
def portals(network) -> Portals:
    """The network's province and wards, a department and a commune of the province,
    and a second province with a ward of its own."""
    department = make_portal("Sở Tư pháp", "stp.camau.localhost", level="department", parent=network.province)
    commune = make_portal("Xã Tân Lộc", "tanloc.camau.localhost", level="commune", parent=network.province)
    other = make_portal("Tỉnh Bạc Liêu", "baclieu.localhost", level="province", codename="bac-lieu")
    other_ward = make_portal("Phường Nhà Mát", "nhamat.baclieu.localhost", parent=other)
    ids = [network.province.pk, network.ward_a.pk, network.ward_b.pk, department.pk, commune.pk, other.pk, other_ward.pk]
    found = Portal.objects.select_related("level", "parent__parent").in_bulk(ids)
    return Portals(*(found[pk] for pk in ids))


def _doc(pk, portal, title, shared=(), day=1, kind="procedure"):
    return SearchDocument(
        id=f"{kind}:{pk}",
        kind=kind,
        portal_id=portal.pk,
        url=f"{portal.root_url}/thu-tuc/{pk}/",
        title=title,
        body="Thành phần hồ sơ: tờ khai theo mẫu.",
        date=timezone.make_aware(datetime.datetime(2025, 1, day, 8, 0)),
        shared_levels=shared,
    )


@pytest.fixture
def shared_index(engine, portals):
    p = portals
    documents = [
        _doc(501, p.province, "Đăng ký khai sinh", shared=("ward",)),
        _doc(502, p.province, "Đăng ký khai sinh lưu động"),  # the province's own: no level shares it
        _doc(503, p.other_province, "Đăng ký khai sinh tại Bạc Liêu", shared=("ward",)),
        _doc(504, p.department, "Cấp bản sao trích lục khai sinh", shared=("ward",)),  # no ward is below it
        _doc(505, p.province, "Đăng ký khai sinh kết hợp thường trú", shared=("commune", "ward")),
    ]
    engine.rebuild([prepare(doc, portal_scopes()) for doc in documents])
    return engine


def _found(engine, portal, text="khai sinh", **kwargs):
    query = SearchQuery(text=text, page_size=50, **service.scope_arguments(portal), **kwargs)
    return engine.search(query)


def _ids(results) -> list[str]:
    return sorted(hit.id for hit in results.hits)


def test_a_portal_finds_what_its_ancestors_share_with_its_level(shared_index, portals):
    p = portals
    ward = _found(shared_index, p.ward_a)
    assert _ids(ward) == ["procedure:501", "procedure:505"]
    assert ward.total == 2 and dict(ward.facets["kind"]) == {"procedure": 2}  # counts follow the same rule
    assert _ids(_found(shared_index, p.ward_b)) == ["procedure:501", "procedure:505"]
    assert _ids(_found(shared_index, p.commune)) == ["procedure:505"]  # shared with communes too
    assert _ids(_found(shared_index, p.department)) == ["procedure:504"]  # its own only
    assert _ids(_found(shared_index, p.other_ward)) == ["procedure:503"]  # not the other province's
    # The province's search covers everything below it once; the network search is unchanged.
    province = _found(shared_index, p.province)
    assert _ids(province) == ["procedure:501", "procedure:502", "procedure:504", "procedure:505"]
    assert province.total == 4
    assert _ids(shared_index.search(SearchQuery(text="khai sinh", page_size=50))) == [f"procedure:{n}" for n in range(501, 506)]
    # Kinds whose plugin the searching portal has off are not shared with it.
    arguments = {**service.scope_arguments(p.ward_a), "shared_except_kinds": ("procedure",)}
    assert _ids(shared_index.search(SearchQuery(text="khai sinh", **arguments))) == []


def test_copies_and_suggestions_follow_the_shared_scope(engine, portals):
    p = portals
    # One text twice: on ward_b (the earlier copy) and on the province, shared with wards.
    copies = [
        _doc(601, p.ward_b, "Hướng dẫn chứng thực bản sao", day=1, kind="page"),
        _doc(602, p.province, "Hướng dẫn chứng thực bản sao", shared=("ward",), day=2, kind="page"),
    ]
    engine.rebuild([prepare(doc, portal_scopes()) for doc in copies])
    [hit] = _found(engine, p.ward_b, "chung thuc").hits
    assert hit.id == "page:601" and hit.also_on == [(p.province.pk, copies[1].url)]
    [hit] = _found(engine, p.ward_a, "chung thuc").hits
    assert hit.id == "page:602" and hit.also_on == []  # ward_b's copy is not in ward_a's scope
    assert _ids(_found(engine, p.department, "chung thuc")) == []
    if isinstance(engine, DatabaseEngine):  # suggestions from the index's words: the database engines
        query = SearchQuery(text="chung thuk", **service.scope_arguments(p.ward_a))
        assert engine.search(query).total == 0 and engine.suggest(query) == "chung thuc"
        assert engine.suggest(SearchQuery(text="chung thuk", **service.scope_arguments(p.department))) == ""


@pytest.mark.django_db
def test_shared_levels_survive_reencoding(portals):
    engine = DatabaseEngine()
    engine.rebuild([prepare(_doc(701, portals.province, "Đăng ký khai sinh", shared=("ward", "bad code")), portal_scopes())])
    assert engine.reencode_stored() == 1
    assert _ids(_found(engine, portals.ward_a)) == ["procedure:701"]
    assert _ids(_found(engine, portals.department)) == []
