"""Security headers on every kind of page: the Content-Security-Policy (strict on public
pages, Wagtail's looser policy in the admin) and the Permissions-Policy.

tests/e2e/test_csp.py shows in Chromium that the policies break nothing.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import timezone

from cms.demo import demo_image
from plugins.questions.models import Question
from tests.factories import PollFactory
from tests.plugins.legal_documents.conftest import add_document, make_pdf
from tests.plugins.news.conftest import add_article, add_category
from tests.plugins.services.conftest import make_procedure

pytestmark = pytest.mark.django_db

HOST = "a.camau.localhost"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_common(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["Permissions-Policy"] == PERMISSIONS
    return policy


def assert_public(response):
    policy = assert_common(response)
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["connect-src"] == ["'self'"]
    # Every nonce in the page is the one this response's header allows.
    content = b"" if response.streaming else response.content
    nonces = set(re.findall(rb'nonce="([^"]+)"', content))
    assert {f"'nonce-{n.decode()}'" for n in nonces} <= set(scripts)
    return policy


def assert_admin(response):
    policy = assert_common(response)
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's own inline scripts
    assert "'unsafe-eval'" not in policy["script-src"]
    assert not [v for v in policy["script-src"] if v.startswith("'nonce-")]  # a nonce would void 'unsafe-inline'
    return policy


@pytest.fixture
def site(ld, settings, tmp_path):
    """ward_a with one of each: article in a category, legal document, procedure, poll, answered question."""
    settings.MEDIA_ROOT = tmp_path / "media"
    network = ld
    ward = network.ward_a
    ward.enabled_plugins = sorted({*ward.enabled_plugins, "news", "legal_documents", "services", "polls", "questions"})
    ward.save()
    news = add_category(ward.site.root_page, "Tin tức", "tin-tuc")
    image = demo_image("Ảnh bìa", collection=ward.collection)
    article = add_article(news, "Hội nghị xúc tiến đầu tư", featured_image=image, body=[("paragraph", "<p>Nội dung.</p>")])
    document = add_document(ward, number_symbol="9/QĐ-UBND", files={"qd.pdf|Toàn văn": make_pdf(["Quyet dinh 9"])})
    make_procedure("1.000001.H12", "Đăng ký khai sinh")
    question = "Ông/bà đánh giá thế nào về Bộ phận Một cửa?"
    poll = PollFactory(portal=ward, question=question, question_en=question, options=["Hài lòng", "Chưa hài lòng"], closes_days=5)
    Question.objects.create(
        portal=ward,
        name="Nguyễn Văn Dân",
        email="dan@example.vn",
        subject="Hỏi về thủ tục",
        content="Hồ sơ gồm những gì?",
        answer="Đơn và bản sao giấy tờ tùy thân.",
        status=Question.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    return {"network": network, "article": article, "category": news, "document": document, "poll": poll}


def test_every_public_page_type_has_the_strict_policy(site, client):
    article, category, document, poll = site["article"], site["category"], site["document"], site["poll"]
    pages = {
        "home": "/",
        "article": article.get_url_parts()[2],
        "category": category.get_url_parts()[2],
        "legal document list": "/van-ban/",
        "legal document": document.get_url_parts()[2],
        "procedure list": "/thu-tuc/",
        "search": "/search/?q=h%E1%BB%99i+ngh%E1%BB%8B",
        "poll": f"/tham-do/{poll.pk}/",
        "question list": "/hoi-dap/",
        "RSS": "/news/rss/",
        "robots.txt": "/robots.txt",
    }
    for name, path in pages.items():
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, (name, path, response.status_code)
        assert_public(response)
    home = client.get("/", HTTP_HOST=HOST)
    assert re.search(rb'<script nonce="[^"]+">', home.content), "the layout's inline script carries the nonce"


def test_api_json_and_the_404_page_have_the_headers(site, client):
    for path in ("/api/legal-documents/", "/api/procedures/", "/api/portals/", "/api/search/?q=a"):
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json"), path
        assert_public(response)
    missing = client.get("/khong-co-trang-nay/", HTTP_HOST=HOST)
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()
    assert_public(missing)
    unknown_host = client.get("/", HTTP_HOST="xyz.camau.localhost")
    assert unknown_host.status_code == 404
    assert_public(unknown_host)
    disallowed = client.get("/", HTTP_HOST="evil.example.com")
    assert disallowed.status_code == 400 and disallowed["Permissions-Policy"] == PERMISSIONS


def test_static_files_have_the_headers(client):
    response = client.get("/static/themes/base.css", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert_common(response)


def test_a_cached_page_gets_a_fresh_nonce_on_every_hit(site, client):
    first = client.get("/", HTTP_HOST=HOST)
    second = client.get("/", HTTP_HOST=HOST)
    third = client.get("/", HTTP_HOST=HOST)
    assert (first["X-Cache"], second["X-Cache"], third["X-Cache"]) == ("MISS", "HIT", "HIT")
    nonces = []
    for response in (first, second, third):
        assert_public(response)  # the body's nonce is the header's
        [nonce] = set(re.findall(rb'nonce="([^"]+)"', response.content))
        nonces.append(nonce)
        assert len(response.content) == int(response["Content-Length"])
    assert len(set(nonces)) == 3


def test_admin_pages_have_the_admin_policy(site, client):
    network, article = site["network"], site["article"]
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert_admin(login)
    client.force_login(network.editor_a)
    for path in ("/admin/", f"/admin/pages/{article.pk}/edit/", "/admin/images/", "/admin/images/chooser/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = assert_admin(response)
        assert "blob:" in policy["img-src"]
    # The admin on a portal's hostname gets the admin policy too, and the preview its frame.
    edit = client.get(f"/admin/pages/{article.pk}/edit/", HTTP_HOST="camau.localhost")
    assert edit.status_code == 200
    assert "'self'" in assert_admin(edit)["frame-src"]


def test_the_policies_come_from_settings():
    public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    admin = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
    assert "'unsafe-inline'" not in public["script-src"] and "'unsafe-inline'" in admin["script-src"]
    assert settings.PERMISSIONS_POLICY == PERMISSIONS
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
