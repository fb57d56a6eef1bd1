"""/api/docs/ works in Chromium under the public Content-Security-Policy: Swagger UI
(from this server's static files) reads /api/schema/, lists every operation in
Vietnamese, and "Execute" (try-it-out is on) answers from the API; the browser reports no CSP
violation and the page asks no other origin for anything."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import VIEWPORTS

pytestmark = pytest.mark.browser

LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation && window.__cspViolation({directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample});
}, true);
"""


def test_the_documentation_page_works_under_the_csp(network, _browser, live_url):
    context = _browser.new_context(locale="vi-VN", viewport=VIEWPORTS["desktop"])
    violations, foreign = [], []
    context.expose_binding("__cspViolation", lambda source, report: violations.append(report))
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(20_000)
    origin = live_url(network.province, "")
    page.on("request", lambda request: None if request.url.startswith(origin) else foreign.append(request.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        response = page.goto(live_url(network.province, "/api/docs/"))
        assert response.status == 200 and response.headers.get("content-security-policy")
        page.wait_for_selector(".opblock-summary", state="attached")
        assert "API dữ liệu mở" in page.locator(".information-container").inner_text()
        assert page.locator(".opblock").count() >= 11  # every open-data operation
        assert "Tìm kiếm trên toàn mạng" in page.content() or "Tìm trong toàn mạng" in page.content()

        page.locator("#operations-portals-portals_list .opblock-summary").click()
        page.locator("#operations-portals-portals_list").get_by_role("button", name="Execute").click()  # tryItOutEnabled
        page.wait_for_selector("#operations-portals-portals_list .live-responses-table .response-col_status")
        assert "camau.localhost" in page.locator("#operations-portals-portals_list .responses-wrapper").inner_text()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not violations, violations
    assert not foreign, foreign
