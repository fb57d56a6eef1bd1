"""Host handling: only a portal's hostname serves public pages, the page cache is keyed
by hostname and never answers a host Django refuses, and absolute URLs (robots.txt,
RSS, the open-data APIs) come from the portal's configured Site, never from the
request's Host header."""

from __future__ import annotations

import feedparser
import pytest
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.documents import get_document_model

from cms import cache as page_cache
from cms.demo import demo_image
from plugins.services.models import RequiredDocument
from tests.plugins.legal_documents.conftest import add_document, make_pdf
from tests.plugins.news.conftest import add_article, add_category
from tests.plugins.services.conftest import make_procedure

pytestmark = pytest.mark.django_db

UNKNOWN = "xyz.camau.localhost"  # allowed by ALLOWED_HOSTS (.localhost), no portal's
# The same portal reached another way: letter case, trailing dot, another port.
ALIAS = "A.Camau.Localhost.:8443"


@pytest.fixture
def stored_keys(monkeypatch):
    """Every key the page cache stores during the test."""
    keys = []
    original = page_cache.cache.set

    def recording_set(key, *args, **kwargs):
        keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "set", recording_set)
    return keys


@pytest.fixture
def everything(ld, settings, tmp_path):
    """ward_a with news (a category, an article with an image), a legal document with
    a file, a procedure with a form file; every plugin on."""
    settings.MEDIA_ROOT = tmp_path / "media"
    network = ld
    for portal in (network.province, network.ward_a, network.ward_b):
        portal.enabled_plugins = sorted({*portal.enabled_plugins, "news", "legal_documents", "services"})
        portal.save()
    news = add_category(network.ward_a.site.root_page, "Tin tức", "tin-tuc")
    image = demo_image("Ảnh bìa", collection=network.ward_a.collection)
    add_article(news, "Tin có ảnh", featured_image=image)
    add_document(network.ward_a, number_symbol="9/QĐ-UBND", files={"qd.pdf|Toàn văn": make_pdf(["Quyet dinh 9"])})
    procedure = make_procedure("1.000001.H12", "Đăng ký khai sinh", agency_portal=network.ward_a)
    form = get_document_model().objects.create(title="Tờ khai", file=demo_document_file(), collection=network.ward_a.collection)
    RequiredDocument.objects.create(procedure=procedure, name="Tờ khai đăng ký khai sinh", form=form)
    return network


def demo_document_file():
    from django.core.files.base import ContentFile

    return ContentFile(make_pdf(["To khai"]), name="to-khai.pdf")


PUBLIC_PATHS = [
    "/",
    "/tin-tuc/",
    "/robots.txt",
    "/sitemap.xml",
    "/news/rss/",
    "/news/feeds/",
    "/van-ban/",
    "/thu-tuc/",
    "/search/?q=a",
    "/api/procedures/",
    "/api/legal-documents/",
    "/api/portals/",
    "/en/",
]


def test_unknown_subdomain_is_404_everywhere_and_nothing_is_cached(everything, client, stored_keys):
    for path in PUBLIC_PATHS:
        for _ in range(2):
            response = client.get(path, HTTP_HOST=UNKNOWN)
            assert response.status_code == 404, path
            assert "X-Cache" not in response, path
            body = response.content.decode()
            assert "Phường An Xuyên" not in body and "Tỉnh Cà Mau" not in body, path
    assert not [key for key in stored_keys if key.startswith("pagecache:")]


def test_admin_and_static_work_on_any_allowed_host(network, client):
    for host in (UNKNOWN, "testserver", "camau.localhost"):
        assert client.get("/admin/login/", HTTP_HOST=host).status_code == 200, host
        assert client.get("/static/themes/base.css", HTTP_HOST=host).status_code == 200, host
    client.force_login(network.network_admin)
    assert client.get("/admin/", HTTP_HOST="testserver").status_code in (200, 302)


def test_disallowed_host_is_400_even_with_the_page_cached(network, client):
    assert client.get("/", HTTP_HOST="a.camau.localhost")["X-Cache"] == "MISS"
    assert client.get("/", HTTP_HOST="a.camau.localhost")["X-Cache"] == "HIT"
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400 and "X-Cache" not in response
    # Proxies differ in which Host they pass on: the cache itself checks the host
    # before it reads anything, whatever the middleware before it did.
    request = RequestFactory().get("/", HTTP_HOST="evil.example.com")
    request.portal = network.ward_a
    called = []
    middleware = page_cache.PortalCacheMiddleware(lambda r: called.append(r) or HttpResponse("x"))
    with pytest.raises(DisallowedHost):
        middleware(request)
    assert not called


def test_two_portals_never_share_a_cache_entry(network, client, stored_keys):
    a = client.get("/", HTTP_HOST="a.camau.localhost")
    b = client.get("/", HTTP_HOST="b.camau.localhost")
    assert a["X-Cache"] == b["X-Cache"] == "MISS"
    assert "Phường An Xuyên" in a.content.decode() and "Phường Tân Thành" in b.content.decode()
    assert "Phường An Xuyên" not in client.get("/", HTTP_HOST="b.camau.localhost").content.decode()
    assert len({key for key in stored_keys if key.startswith("pagecache:")}) == 2
    # The hostname is part of the key: the same portal and path under another Host is another entry.
    factory = RequestFactory()
    first = page_cache.cache_key(factory.get("/", HTTP_HOST="a.camau.localhost"))
    other = page_cache.cache_key(factory.get("/", HTTP_HOST="a.camau.localhost:8000"))
    same = page_cache.cache_key(factory.get("/", HTTP_HOST="A.CAMAU.LOCALHOST"))
    assert first != other and first == same


def _hosts_in(text):
    return {host for host in ("a.camau.localhost.", ":8443", "A.Camau", "camau.localhost:") if host in text}


def test_absolute_urls_use_the_portal_hostname_not_the_host_header(everything, client):
    robots = client.get("/robots.txt", HTTP_HOST=ALIAS)
    assert robots.status_code == 200
    assert "Sitemap: http://a.camau.localhost/sitemap.xml" in robots.content.decode()

    rss = client.get("/news/rss/", HTTP_HOST=ALIAS)
    assert rss.status_code == 200 and not _hosts_in(rss.content.decode())
    feed = feedparser.parse(rss.content)
    assert feed.feed.link == "http://a.camau.localhost/"
    assert feed.entries and all(e.link.startswith("http://a.camau.localhost/") for e in feed.entries)
    assert feed.entries[0].enclosures[0].href.startswith("http://a.camau.localhost/media/")
    feeds_page = client.get("/news/feeds/", HTTP_HOST=ALIAS)
    assert feeds_page.status_code == 200 and "8443" not in feeds_page.content.decode()

    documents = client.get("/api/legal-documents/", HTTP_HOST=ALIAS)
    assert documents.status_code == 200 and not _hosts_in(documents.content.decode())
    [item] = documents.json()["results"]
    assert item["url"].startswith("http://a.camau.localhost/")
    assert item["files"][0]["url"].startswith("http://a.camau.localhost/documents/")

    procedures = client.get("/api/procedures/", HTTP_HOST=ALIAS)
    assert procedures.status_code == 200 and not _hosts_in(procedures.content.decode())
    [procedure] = [p for p in procedures.json()["results"] if p["code"] == "1.000001.H12"]
    assert procedure["documents"][0]["form_url"].startswith("http://a.camau.localhost/documents/")
    detail = client.get("/api/procedures/1.000001.H12/", HTTP_HOST=ALIAS).json()
    assert detail["documents"][0]["form_url"].startswith("http://a.camau.localhost/documents/")
    assert not _hosts_in(str(detail))
