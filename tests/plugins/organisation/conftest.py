"""The organisation world shared by this folder's modules: built once per module
(tests.conftest.module_world) and read afresh by each test (tests.conftest.fresh)."""

import pytest
from wagtail.models import Page

from plugins.organisation.demo import ensure_pages
from plugins.organisation.models import ContactOfficial, Leader, Unit
from tests.conftest import fresh, module_world


def add_unit(portal, name, name_en="", **kwargs):
    return Unit.objects.create(portal=portal, name=name, name_vi=name, name_en=name_en or None, **kwargs)


def add_leader(portal, full_name, position, position_en="", **kwargs):
    return Leader.objects.create(
        portal=portal, full_name=full_name, position=position, position_vi=position, position_en=position_en or None, **kwargs
    )


def add_contact(portal, full_name, position, **kwargs):
    return ContactOfficial.objects.create(portal=portal, full_name=full_name, position=position, position_vi=position, **kwargs)


def _build(network):
    a, b = network.ward_a, network.ward_b
    office = add_unit(a, "Văn phòng HĐND và UBND", "Office of the People's Council and Committee", sort_order=0)
    home_affairs = add_unit(
        a,
        "Phòng Nội vụ",
        "Home Affairs Division",
        functions="<p>Tổ chức bộ máy, công chức</p>",
        functions_vi="<p>Tổ chức bộ máy, công chức</p>",
        functions_en="<p>Organisation and civil servants</p>",
        phone="0290 3822 100",
        email="noivu@anxuyen.gov.vn",
        sort_order=10,
    )
    desk = add_unit(a, "Tổ Một cửa", "One-stop Desk", parent=home_affairs, sort_order=0)
    world = {
        "office": office,
        "home_affairs": home_affairs,
        "desk": desk,
        "chair": add_leader(
            a, "Trần Văn Minh", "Chủ tịch UBND phường", "Chairman of the Ward People's Committee", sort_order=0, term="2021–2026"
        ),
        "deputy": add_leader(a, "Lê Thị Hoa", "Phó Chủ tịch UBND phường", sort_order=1, unit=home_affairs),
        "contact": add_contact(
            a,
            "Ngô Thị Mai",
            "Chuyên viên",
            unit=desk,
            responsibility="Hướng dẫn thủ tục hành chính",
            responsibility_vi="Hướng dẫn thủ tục hành chính",
            phone="0290 3822 111",
        ),
        "b_unit": add_unit(b, "Phòng Bí Mật Tân Thành"),
        "b_leader": add_leader(b, "Người Bí Mật Tân Thành", "Chủ tịch"),
    }
    ensure_pages(a)
    pages = Page.objects.child_of(a.site.root_page)
    world["chart_page"] = pages.get(slug="co-cau-to-chuc").specific
    world["leaders_page"] = pages.get(slug="lanh-dao").specific
    return world


_org_world = module_world(_build)


@pytest.fixture
def org(_org_world, network):
    return fresh(_org_world)
