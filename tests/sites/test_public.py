"""What citizens see: home pages per portal, languages, caching, sitemap, robots, bad hosts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.models import StandardPage


def add_page(portal, title, slug, in_menu=True):
    page = StandardPage(title=title, slug=slug, show_in_menus=in_menu, summary=title)
    portal.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_home_page_shows_portal_layout_and_legal_notice(network, portal_client):
    add_page(network.province, "Giới thiệu", "gioi-thieu")
    body = portal_client(network.province).get("/").content.decode()
    assert '<html lang="vi">' in body
    assert "Tỉnh Cà Mau" in body
    assert 'href="/gioi-thieu/"' in body  # main menu from the page tree
    assert "Ủy ban nhân dân tỉnh Cà Mau" in body and "Giấy phép số 01/GP-TTĐT" in body  # legal notice
    assert 'class="skip-link" href="#main"' in body
    assert "Cỡ chữ" in body or "A+" in body


def test_english_tree_at_en(network, portal_client):
    response = portal_client(network.province).get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Ca Mau Province" in body
    assert 'hreflang="vi"' in body and 'hreflang="en"' in body  # language switcher


def test_pages_of_one_portal_are_not_served_on_another(network, portal_client):
    add_page(network.ward_a, "Lịch tiếp công dân", "lich-tiep-cong-dan")
    assert portal_client(network.ward_a).get("/lich-tiep-cong-dan/").status_code == 200
    assert portal_client(network.ward_b).get("/lich-tiep-cong-dan/").status_code == 404


def test_home_page_query_count_is_bounded(network, portal_client, django_assert_max_num_queries):
    for i in range(8):
        add_page(network.province, f"Mục {i}", f"muc-{i}")
    portal_client(network.province).get("/")  # warm Wagtail's site cache
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(25):
        response = portal_client(network.province).get("/")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert portal_client(network.province).get("/")["X-Cache"] == "HIT"
    assert len(second) <= 3


def test_anonymous_pages_cached_per_portal_and_purged_on_publish(network, portal_client):
    page = add_page(network.ward_a, "Thông báo", "thong-bao")
    first = portal_client(network.ward_a).get("/thong-bao/")
    assert first["X-Cache"] == "MISS"
    assert portal_client(network.ward_a).get("/thong-bao/")["X-Cache"] == "HIT"
    assert portal_client(network.ward_b).get("/thong-bao/").status_code == 404  # per portal
    page.title = "Thông báo mới"
    page.save_revision().publish()
    again = portal_client(network.ward_a).get("/thong-bao/")
    assert again["X-Cache"] == "MISS" and "Thông báo mới" in again.content.decode()


def test_logged_in_editors_are_not_served_cached_pages(client, network):
    client.get("/", HTTP_HOST="a.camau.localhost")
    client.force_login(network.editor_a)
    response = client.get("/", HTTP_HOST="a.camau.localhost")
    assert response.get("X-Cache") != "HIT"


def test_sitemap_and_robots_per_portal(network, portal_client):
    add_page(network.ward_a, "Giới thiệu phường", "gioi-thieu-phuong")
    sitemap = portal_client(network.ward_a).get("/sitemap.xml").content.decode()
    assert "http://a.camau.localhost/gioi-thieu-phuong/" in sitemap
    assert "b.camau.localhost" not in sitemap and "http://camau.localhost/" not in sitemap
    robots = portal_client(network.ward_a).get("/robots.txt").content.decode()
    assert "Sitemap: http://a.camau.localhost/sitemap.xml" in robots and "Disallow: /admin/" in robots


@pytest.mark.parametrize("host", ["unknown.localhost", "xyz.camau.localhost"])
def test_unknown_hostname_is_not_found(network, client, host):
    """No default-portal fallback: a hostname that is no portal's answers 404
    (tests/security/test_hosts.py covers the cache and the absolute URLs)."""
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 404
    assert "Tỉnh Cà Mau" not in response.content.decode()


def test_disallowed_host_and_missing_page_never_500(network, client):
    assert client.get("/", HTTP_HOST="evil.example.com").status_code == 400
    response = client.get("/khong-ton-tai/", HTTP_HOST="camau.localhost")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_portals_api(network, client):
    data = client.get("/api/portals/?parent=camau.localhost", HTTP_HOST="camau.localhost").json()
    assert data["count"] == 2
    assert {p["hostname"] for p in data["results"]} == {"a.camau.localhost", "b.camau.localhost"}
    assert client.get("/api/portals/?page=abc", HTTP_HOST="camau.localhost").status_code == 400
    assert client.get("/api/portals/?page=99", HTTP_HOST="camau.localhost").status_code == 404
    unknown = client.get("/api/portals/?portal=nope.localhost", HTTP_HOST="camau.localhost")
    assert unknown.status_code == 400 and "nope.localhost" in str(unknown.json()["portal"])
    # The level and parent filters (django-filter): a value that names nothing is a 400 naming the parameter.
    data = client.get("/api/portals/?level=ward&parent=CAMAU.localhost", HTTP_HOST="camau.localhost").json()
    assert {p["hostname"] for p in data["results"]} == {"a.camau.localhost", "b.camau.localhost"}
    response = client.get("/api/portals/?level=huyen&parent=nope.localhost", HTTP_HOST="camau.localhost")
    assert response.status_code == 400
    assert response.json() == {
        "level": ["Không có cấp cổng nào có mã huyen."],
        "parent": ["Không có cổng nào có tên miền nope.localhost."],
    }
