"""sitemap.xml lists what a visitor can open on that portal, and nothing else."""

import re
from urllib.parse import urlsplit

import pytest
from wagtail.models import PageViewRestriction

from plugins.legal_documents.services import ensure_index_page
from sites.provisioning import set_portal_plugins
from tests.plugins.legal_documents.conftest import add_document
from tests.testplugin.models import GadgetPage

pytestmark = pytest.mark.django_db


def sitemap_urls(client, portal) -> list[str]:
    response = client.get("/sitemap.xml", HTTP_HOST=portal.site.hostname)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def add_gadget(portal, title, slug):
    page = GadgetPage(title=title, slug=slug)
    portal.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def province(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    province = network.province
    set_portal_plugins(province, ["gadgets", "legal_documents"])
    ensure_index_page(province)
    add_document(province, number_symbol="05/CT-UBND", type="chi-thi", summary="Về tăng cường chuyển đổi số")
    add_gadget(province, "Thiết bị", "thiet-bi")
    secret = add_gadget(province, "Thiết bị nội bộ", "noi-bo")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau")
    return province


def test_enabled_plugins_pages_are_listed_and_every_url_answers_200(client, province):
    urls = sitemap_urls(client, province)
    paths = {urlsplit(url).path for url in urls}
    assert {"/", "/van-ban/", "/thiet-bi/"} <= paths
    assert any(path.startswith("/van-ban/05-ct-ubnd") for path in paths)
    assert "/noi-bo/" not in paths  # private (password): not listed
    for url in urls:
        parts = urlsplit(url)
        assert parts.hostname == province.site.hostname
        assert client.get(parts.path, HTTP_HOST=parts.hostname).status_code == 200, url


def test_a_switched_off_plugins_pages_are_left_out(client, province):
    assert "/thiet-bi/" in {urlsplit(url).path for url in sitemap_urls(client, province)}
    set_portal_plugins(province, ["legal_documents"])
    urls = sitemap_urls(client, province)
    paths = {urlsplit(url).path for url in urls}
    assert "/thiet-bi/" not in paths
    assert "/van-ban/" in paths  # the plugin still on keeps its pages
    for url in urls:
        parts = urlsplit(url)
        assert client.get(parts.path, HTTP_HOST=parts.hostname).status_code == 200, url
    set_portal_plugins(province, ["gadgets"])
    paths = {urlsplit(url).path for url in sitemap_urls(client, province)}
    assert "/thiet-bi/" in paths
    assert not any(path.startswith("/van-ban/") for path in paths)
