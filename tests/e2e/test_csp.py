"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the
public pages (strict policy, nonces) or in the admin (Wagtail's looser policy).

Every ``securitypolicyviolation`` event of every frame and every console message
about a refused resource is collected; any one fails the test with its details.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from cms.demo import demo_image
from plugins.legal_documents.services import ensure_index_page
from sites.models import BlockPlacement
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import VIEWPORTS
from tests.factories import PollFactory
from tests.plugins.legal_documents.conftest import add_document, make_pdf
from tests.plugins.news.conftest import add_article, add_category
from tests.plugins.services.conftest import make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.heavy(35)]

# Runs in every frame before the page's own scripts; reports through a Playwright
# binding (neither is subject to the page's CSP).
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation && window.__cspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, page: document.location.href,
  });
}, true);
"""


@pytest.fixture
def csp_network(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS = False  # the admin walk signs in with a password only
    ward = network.ward_a
    ward.enabled_plugins = sorted({*ward.enabled_plugins, "news", "legal_documents", "polls", "services"})
    ward.save()
    news = add_category(ward.site.root_page, "Tin tức", "tin-tuc")
    image = demo_image("Ảnh hội nghị", collection=ward.collection)
    article = add_article(
        news,
        "Hội nghị xúc tiến đầu tư",
        date=timezone.now() - datetime.timedelta(days=1),
        featured_image=image,
        featured_image_caption="Quang cảnh hội nghị",
        body=[
            ("paragraph", '<p>Sáng nay, <b>UBND phường</b> tổ chức <a href="https://example.vn/">hội nghị</a>.</p>'),
            ("quote", {"text": "Lấy doanh nghiệp làm trung tâm.", "attribution": "Chủ tịch UBND phường"}),
        ],
    )
    ensure_index_page(ward)
    make_procedure("1.000001.H12", "Đăng ký khai sinh")
    add_document(ward, number_symbol="12/QĐ-UBND", files={"qd.pdf|Toàn văn": make_pdf(["Quyet dinh 12"])})
    question = "Ông/bà đánh giá thế nào về Bộ phận Một cửa?"
    poll = PollFactory(portal=ward, question=question, question_en=question, options=["Hài lòng", "Chưa hài lòng"], closes_days=5)
    home = ward.site.root_page.specific
    BlockPlacement.objects.create(page=home, slot="main", block="news.latest", title="Tin mới", limit=5)
    BlockPlacement.objects.create(page=home, slot="sidebar", block="polls.poll", title="Thăm dò ý kiến")
    admin = make_user("csp_admin", superuser=True)
    return {"ward": ward, "article": article, "poll": poll, "admin": admin}


@pytest.fixture
def watched(_browser):
    """A page whose CSP violations (all frames) and refusals in the console are collected."""
    context = _browser.new_context(locale="vi-VN", viewport=VIEWPORTS["desktop"])
    violations: list[dict] = []
    context.expose_binding("__cspViolation", lambda source, report: violations.append(report))
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on(
        "console",
        lambda message: (
            violations.append({"console": message.text, "page": page.url})
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield page, violations
    with contextlib.suppress(PlaywrightError):  # a page that never idles must not hide the test's result
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def _visit(page, url, ready=None):
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    assert response.headers.get("content-security-policy"), url
    if ready:
        page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    return response


PROBE = "() => { new Image().src = 'https://tracker.example/pixel.png'; }"


def _listener_works(page, violations):
    """An image the policy refuses is reported, so an empty list means something;
    only the probe's own reports are removed."""
    page.evaluate(PROBE)
    page.wait_for_timeout(300)
    probe = [v for v in violations if "tracker.example" in str(v)]
    assert probe, "the violation listener reported nothing"
    violations[:] = [v for v in violations if v not in probe]


def test_public_pages_have_no_csp_violation(csp_network, watched, live_url):
    page, violations = watched
    ward, article, poll = csp_network["ward"], csp_network["article"], csp_network["poll"]
    home = _visit(page, live_url(ward, "/"), ".block-polls")
    _listener_works(page, violations)
    policy = home.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'nonce-" in policy  # the layout's inline script carries it
    cached = _visit(page, live_url(ward, "/"), ".block-polls")  # the cached copy, its nonce renewed
    assert cached.headers.get("x-cache") == "HIT"
    assert cached.headers["content-security-policy"] != policy
    _visit(page, live_url(ward, article.get_url_parts()[2]), "main")
    _visit(page, live_url(ward, "/search/?q=h%E1%BB%99i+ngh%E1%BB%8B"), "main")
    _visit(page, live_url(ward, "/van-ban/"), "main")
    _visit(page, live_url(ward, "/thu-tuc/thong-ke/"), "main .services-bar")  # bars sized by style="width: …"
    _visit(page, live_url(ward, f"/tham-do/{poll.pk}/"), "main form.poll-form")
    page.locator("main").get_by_label("Hài lòng", exact=True).check()
    page.locator("main").get_by_role("button", name="Bình chọn").click()
    page.wait_for_selector("main [data-poll-results]")
    page.wait_for_load_state("networkidle")
    # The font-size/contrast script ran before first paint (it needs the nonce).
    page.evaluate("() => localStorage.setItem('portal.contrast', 'high')")
    page.reload()
    assert page.evaluate("() => document.documentElement.getAttribute('data-contrast')") == "high"
    assert violations == [], violations


def test_admin_has_no_csp_violation(csp_network, watched, live_url):
    page, violations = watched
    ward, article = csp_network["ward"], csp_network["article"]
    page.goto(live_url(ward, "/admin/login/"))
    page.fill("#id_username", "csp_admin")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    admin_policy = _visit(page, live_url(ward, "/admin/"), "main").headers["content-security-policy"]
    _listener_works(page, violations)
    assert "object-src 'none'" in admin_policy and "frame-ancestors 'self'" in admin_policy

    _visit(page, live_url(ward, f"/admin/pages/{article.pk}/edit/"), ".Draftail-Editor")
    page.wait_for_selector("[data-streamfield-stream-container], [data-streamfield-child]", state="attached")
    # Draftail: type into the first rich-text block of the StreamField.
    editor = page.locator(".Draftail-Editor .public-DraftEditor-content").first
    editor.click()
    page.keyboard.type(" Thêm một câu.")
    # The preview panel frames the page from the admin (same origin).
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    page.wait_for_selector("[data-side-panel='preview'] iframe", state="attached")
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
    # Framed under frame-src/frame-ancestors 'self' (it shows "preview not available"
    # while the form has an error, which is no CSP matter).
    assert any("/preview/" in frame.url for frame in page.frames)
    # The image chooser modal of the featured image.
    chooser = page.locator("#id_featured_image-chooser .chosen")
    chooser.locator('[data-w-dropdown-target="toggle"]').click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    page.wait_for_selector(".modal-dialog .modal-body", state="visible")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Escape")

    _visit(page, live_url(ward, reverse("wagtailsnippets_services_procedure:list")), "main")
    _visit(page, live_url(ward, "/admin/images/"), "main")
    # Uploading images: the preview of each chosen file is drawn from a blob: URL.
    _visit(page, live_url(ward, "/admin/images/multiple/add/"), "#fileupload")
    page.set_input_files("#fileupload", {"name": "hoi-nghi.png", "mimeType": "image/png", "buffer": _png()})
    page.wait_for_selector("#upload-list li.upload-success, #upload-list li .thumb img, #upload-list li", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    # Editing an image: the focal-point tool over the original.
    image = csp_network["article"].featured_image
    _visit(page, live_url(ward, f"/admin/images/{image.pk}/"), "main")
    # A public page seen by a signed-in editor: the strict policy with Wagtail's userbar
    # and its accessibility checker.
    _visit(page, live_url(ward, article.get_url_parts()[2]))
    page.locator("[data-wagtail-userbar-trigger]").click()  # inside the userbar's shadow root
    page.wait_for_timeout(1500)
    assert violations == [], violations
