import pytest

from cms.demo import demo_image
from plugins.organisation.models import LeadersPage, OrganisationPage

from .conftest import add_leader, add_unit

pytestmark = pytest.mark.django_db
A = "a.camau.localhost"


def get(client, path, host=A, **params):
    return client.get(path, params, HTTP_HOST=host)


@pytest.mark.parametrize("model", [OrganisationPage, LeadersPage])
def test_page_types_are_valid_with_title_and_slug_only(network, model):
    home = network.ward_b.site.root_page.specific
    page = model(title="Trang thử", slug=f"thu-{model.__name__.lower()}")
    home.add_child(instance=page)
    page.full_clean()
    page.save_revision().publish()
    with_intro = model(title="Có giới thiệu", slug=f"gt-{model.__name__.lower()}", intro="Giới thiệu ngắn.")
    home.add_child(instance=with_intro)
    with_intro.full_clean()
    assert model.can_create_at(home)


def test_chart_nests_units_with_functions_and_contacts(org, client):
    html = get(client, "/co-cau-to-chuc/").content.decode()
    assert "Phòng Nội vụ" in html and "Tổ chức bộ máy, công chức" in html
    # the sub-unit sits inside its parent's list item, one heading level down
    parent_at, child_at = html.index(f'id="don-vi-{org["home_affairs"].pk}"'), html.index(f'id="don-vi-{org["desk"].pk}"')
    assert parent_at < child_at and '<h4 class="org-unit-name"' in html[child_at : child_at + 200]
    assert "Ngô Thị Mai" in html and "Hướng dẫn thủ tục hành chính" in html and "tel:02903822111" in html
    assert "Bí Mật" not in html  # ward B's organisation stays on ward B
    assert 'role="search"' in html and '<label for="org-q">' in html


def test_directory_finds_without_diacritics(org, client):
    html = get(client, "/co-cau-to-chuc/", q="phong noi vu").content.decode()
    directory = html[html.index('id="org-directory-title"') :]
    assert "Phòng Nội vụ" in directory and "Văn phòng HĐND" not in directory
    assert "Lê Thị Hoa" in directory  # a leader of that unit
    directory = get(client, "/co-cau-to-chuc/", q="NGO THI MAI").content.decode().split('id="org-directory-title"')[1]
    assert "Ngô Thị Mai" in directory and "Trần Văn Minh" not in directory
    nothing = get(client, "/co-cau-to-chuc/", q="khong co ai").content.decode()
    assert "0 kết quả" in nothing


@pytest.mark.parametrize("q", ["x" * 5000, "\x00<script>", "%", "'; --", "🙂"])
def test_directory_survives_odd_queries(org, client, q):
    response = get(client, "/co-cau-to-chuc/", q=q)
    assert response.status_code in (200, 400)  # the security middleware refuses control characters
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_chart_queries_do_not_grow_with_units(org, client, network, django_assert_max_num_queries):
    get(client, "/co-cau-to-chuc/")  # warm the portal map and caches
    from django.core.cache import cache

    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert get(client, "/co-cau-to-chuc/", q="a").status_code == 200
    parent = org["desk"]
    for n in range(15):
        unit = add_unit(network.ward_a, f"Tổ công tác {n}", parent=parent, email=f"to{n}@anxuyen.gov.vn")
        add_leader(network.ward_a, f"Cán bộ {n}", "Tổ trưởng", unit=unit)
        parent = unit
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = get(client, "/co-cau-to-chuc/", q="a")
    assert "Tổ công tác 14" in response.content.decode()


def test_english_page_shows_english_values(org, client):
    response = get(client, "/en/co-cau-to-chuc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Home Affairs Division" in html and "Organisation and civil servants" in html
    assert "Văn phòng HĐND và UBND" not in html  # its English name is shown instead
    leaders = get(client, "/en/lanh-dao/").content.decode()
    assert "Chairman of the Ward People&#x27;s Committee" in leaders
    assert "Phó Chủ tịch UBND phường" in leaders  # no English: falls back to Vietnamese


def test_leaders_page_in_order_with_photo(org, client, network, django_assert_max_num_queries):
    deputy = org["deputy"]
    deputy.photo = demo_image("Ảnh lãnh đạo thử", collection=network.ward_a.collection, size=(120, 150))
    deputy.biography_vi = "<p>Sinh năm 1975, thạc sĩ quản lý công.</p>"
    deputy.save()
    get(client, "/lanh-dao/")  # renditions made once
    with django_assert_max_num_queries(40):
        html = get(client, "/lanh-dao/").content.decode()
    assert html.index("Trần Văn Minh") < html.index("Lê Thị Hoa")
    assert 'alt="Lê Thị Hoa"' in html and "2021–2026" in html and "thạc sĩ quản lý công" in html
    assert "Bí Mật" not in html


def test_pages_answer_404_where_the_plugin_is_off(org, client, network):
    portal = network.ward_a
    portal.enabled_plugins = [name for name in portal.enabled_plugins if name != "organisation"]
    portal.save()
    assert get(client, "/co-cau-to-chuc/").status_code == 404
    assert get(client, "/lanh-dao/").status_code == 404
    assert not OrganisationPage.can_create_at(portal.site.root_page)
