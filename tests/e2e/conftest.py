"""Browser tests: Playwright driving Debian's Chromium against the live server.

Fixtures for every area's browser tests (tests/e2e/test_<area>.py):

* ``live_url(portal, path="/")``: an absolute URL of ``portal`` on the live server;
* ``browser_page``: a Playwright page in a fresh context (Vietnamese locale, 1280 px wide),
  and :func:`open_tab` for one with other options (JavaScript off, a phone's width);
* ``axe(page)``: the axe-core violations of WCAG 2.1 A/AA on the current page;
* ``viewport_tabs``: a desktop and a phone tab, and :func:`reader_mode_failures`, which
  checks pages in both at once, in normal and high contrast.

Chromium comes from Debian (``/usr/bin/chromium``, installed by .ci/run);
Playwright never downloads a browser. Outside CI a missing Chromium skips
these tests with a clear reason; in CI (CI=true) it fails them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import is_browser_test

# Playwright's sync API runs an event loop in this thread; the ORM calls that
# tests make next to it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data (tests/conftest.py keeps the
            # seeded lists for the tests that follow).
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


def _missing_tools() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE_JS.exists():
        return f"axe-core not found at {AXE_JS} (npm ci)"
    return None


class _InFlight:
    """Requests the live server is still answering (Django's request_started and
    request_finished signals, sent from its threads: one thread per request).

    Counted per server thread, and a thread that has ended is never waited for: a
    request whose request_finished never came (a connection the browser dropped) or
    a test client's request in the main thread must not make every later browser test
    wait out the timeout (a full PostgreSQL run spent 5 s in each such teardown)."""

    def __init__(self):
        self.threads: dict[threading.Thread, int] = {}
        self.lock = threading.Lock()

    def started(self, **kwargs):
        thread = threading.current_thread()
        if thread is threading.main_thread():
            return
        with self.lock:
            self.threads[thread] = self.threads.get(thread, 0) + 1

    def finished(self, **kwargs):
        thread = threading.current_thread()
        with self.lock:
            if self.threads.get(thread, 0) > 1:
                self.threads[thread] -= 1
            else:
                self.threads.pop(thread, None)

    def busy(self) -> bool:
        with self.lock:
            for thread in [t for t in self.threads if not t.is_alive()]:
                del self.threads[thread]
            return bool(self.threads)

    def wait_until_idle(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.01)


_in_flight = _InFlight()


@pytest.fixture(scope="session")
def _browser(_serialized_database):
    missing = _missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests cannot run in CI: {missing}")
        pytest.skip(f"Browser tests skipped: {missing}")
    from django.core.signals import request_finished, request_started
    from playwright.sync_api import sync_playwright

    request_started.connect(_in_flight.started, weak=False)
    request_finished.connect(_in_flight.finished, weak=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _close(context):
    """Close a browser context, then let the live server finish every request it made
    before the database is flushed: its threads share the test database connection.
    Closing the context stops its pages from starting more (waiting for "networkidle"
    instead cost 5 s on every page that polls, e.g. the visitors-online counter); a
    request already sent is waited for on the server's side."""
    with contextlib.suppress(Exception):  # a context that fails to close must not hide the test's own result
        context.close()
    time.sleep(0.05)
    _in_flight.wait_until_idle()


@contextlib.contextmanager
def open_tab(browser, viewport, **options):
    """A page in a fresh browser context (Vietnamese locale, ``viewport``, Playwright's
    context ``options`` such as ``java_script_enabled=False``), closed with :func:`_close`."""
    context = browser.new_context(locale="vi-VN", viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        _close(context)


@pytest.fixture
def browser_page(_browser):
    with open_tab(_browser, VIEWPORTS["desktop"]) as page:
        yield page


@pytest.fixture
def viewport_tabs(_browser):
    """One tab per reader width of :data:`VIEWPORTS` (desktop 1280 px, phone 360 px), each
    in a context of its own: work started in both before either is awaited overlaps
    (each tab has its own renderer), which is what :func:`reader_mode_failures` does."""
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(open_tab(_browser, viewport)) for name, viewport in VIEWPORTS.items()}


@pytest.fixture
def live_url(live_server):
    port = live_server.url.rsplit(":", 1)[1]

    def build(portal, path="/"):
        return f"http://{portal.site.hostname}:{port}{path}"

    return build


# axe-core over the page (WCAG 2.1 A/AA), its violations in short, kept as a promise in
# window.__axeRun: runs in several tabs can be started before any is awaited, and overlap.
START_AXE = """(tags) => {
  window.__axeRun = axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 8).map((n) => n.target.join(" ")),
      summary: (v.nodes[0] || {}).failureSummary || "",
    })));
}"""


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def start_axe(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not
        # govern; an inline <script> tag would be refused by the strict public policy.
        page.evaluate(_axe_source())
    page.evaluate(START_AXE, WCAG_TAGS)


def axe_violations(page) -> list[dict]:
    """The result of the run :func:`start_axe` started on ``page`` (printed when not empty)."""
    violations = page.evaluate("() => window.__axeRun")
    if violations:
        print(f"axe-core violations on {page.url}:\n" + json.dumps(violations, ensure_ascii=False, indent=2))
    return violations


@pytest.fixture
def axe():
    def run(page) -> list[dict]:
        start_axe(page)
        return axe_violations(page)

    return run


# -- Reader modes: every page at both widths, in normal and high contrast -----------------


def set_contrast(page, on: bool):
    """The header's high-contrast button pressed or released (the setting lives in
    localStorage); its name is the page's language."""
    name = "Độ tương phản cao" if page.get_attribute("html", "lang") == "vi" else "High contrast"
    button = page.get_by_role("button", name=name)
    if (button.get_attribute("aria-pressed") == "true") != on:
        button.click()
    assert (page.get_attribute("html", "data-contrast") == "high") == on


def horizontal_overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def reader_mode_failures(tabs, targets: dict[str, str]) -> dict[str, list]:
    """Each of ``targets`` ({name: absolute URL}) in every tab of :func:`viewport_tabs`:
    it answers 200, passes axe-core (WCAG 2.1 A/AA) in normal and in high contrast, and
    never scrolls sideways. Returns {where: violations} of what failed."""
    failures = {}
    for name, url in targets.items():
        for tab in tabs.values():
            response = tab.goto(url)
            assert response is not None and response.status == 200, (name, url, response and response.status)
        for contrast in (False, True):
            for tab in tabs.values():
                set_contrast(tab, contrast)
                start_axe(tab)
            for viewport, tab in tabs.items():
                where = f"{name} ({url}) at {viewport}, {'high contrast' if contrast else 'normal'}"
                violations = axe_violations(tab)
                if violations:
                    failures[where] = violations
                if (overflow := horizontal_overflow(tab)) > 0:
                    failures[f"{where}: scrolls sideways by {overflow} px"] = []
        for tab in tabs.values():
            set_contrast(tab, False)
    return failures
