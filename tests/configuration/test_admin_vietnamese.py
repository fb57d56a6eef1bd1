"""A Vietnamese admin (issue #14): a ward moderator sees Wagtail's admin in Vietnamese.

Wagtail's own Vietnamese catalogue is incomplete; the project completes it with a
LOCALE_PATHS catalogue (cms/wagtail_vi/locale, see README "Languages"). These tests render
the main admin screens as a Vietnamese user, keep the visible text only (no markup, script
or attribute value) and fail on any English string of the list below, each one seen on
these screens before the catalogue was completed. They also check that no msgid is
translated two ways across the project's catalogues (GLOSSARY.md) and that the workflow
buttons name the portal, never its codename.
"""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from sites.models import StandardPage
from tests.conftest import fresh, module_world

ROOT = Path(settings.BASE_DIR)
WARD_NAME = "Phường An Xuyên"

# English seen on these screens before the catalogue was completed (whole words, case-sensitive).
ENGLISH = [
    # login
    "Sign in",
    "Forgotten password",
    "Remember me",
    "Password",
    "JavaScript is required",
    # chrome, dashboard
    "Dashboard",
    "Search",
    "Skip to main content",
    "Site summary",
    "Awaiting your review",
    "Your pages and snippets in a workflow",
    "Privacy and access",
    "editor guide",
    "Task submitted by",
    "Task started",
    "Just now",
    "just now",
    # explorer and listings
    "Pages",
    "Add child page",
    "Sort menu order",
    "Filter by",
    "Date updated",
    "Owner",
    "Edited by",
    "Has child pages",
    "Page type",
    "View draft",
    "Current page status",
    "live + draft",
    "live + in moderation",
    "Bulk actions",
    "Move",
    "Edit",
    "Delete",
    "Copy",
    "Unpublish",
    "Next",
    "Previous",
    "Newest",
    "Oldest",
    "Usage count",
    "Add an image",
    "Add a document",
    "Documents",
    "Images",
    "Add to collection",
    "You haven't uploaded",
    "Why not",
    "add one",
    "upload one now",
    "Sort by",
    # page editor
    "Save draft",
    "More actions",
    "Page title",
    "Publish",
    "Submit to",
    "Submit for moderation",
    "Resubmit",
    "Cancel",
    "Preview",
    "Content",
    "Promote",
    "Comments",
    "Checks",
    "Content metrics",
    "Reading time",
    "Saved",
    "Autosave",
    "Set schedule",
    "No publishing schedule set",
    "View history",
    "Live",
    "Status",
    "Locale",
    "Locking",
    "Anyone can edit",
    "Page visibility",
    "Visible to all",
    "Change privacy",
    "Usage",
    "Referenced",
    "For search engines",
    "For site menus",
    "Title tag",
    "Meta description",
    "The page title as you'd like",
    "The name of the page",
    "Whether a link to this page",
    "Create a page in",
    "Choose which type of page",
    "To be created by",
    # history, workflow
    "Create",
    "system",
    "page log entry",
    "Workflow history",
    "Requested by",
    "Started at",
    "Needs changes",
    "Incomplete task",
    "Workflow state",
    "In Moderation",
    "View details",
    "Changes requested",
    "Request changes",
    "Approve",
    "Locked by workflow",
    "Only reviewers",
    "Reviewers can edit",
    "awaiting moderation",
    # status messages
    "has been updated",
    "created",
    "could not be saved",
    "could not be created",
    "validation errors",
    "This field is required",
]
ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(e) for e in ENGLISH) + r")(?![\w-])")


class _Text(HTMLParser):
    """The text a person reads: text nodes outside script/style/template, no attribute values."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.lines = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.hidden:
            self.lines.append(text)


def visible_text(response) -> list[str]:
    parser = _Text()
    parser.feed(response.content.decode())
    return parser.lines + [str(m) for m in get_messages(response.wsgi_request)]


def assert_vietnamese(response, screen):
    assert response.status_code == 200, (screen, response.status_code)
    english = sorted({m.group(1) for line in visible_text(response) for m in ENGLISH_RE.finditer(line)})
    assert not english, f"{screen} shows English: {english}"


def build(network):
    home = network.ward_a.site.root_page
    about = StandardPage(title="Giới thiệu phường", slug="gioi-thieu", summary="Tóm tắt")
    home.add_child(instance=about)
    about.save_revision(user=network.editor_a)
    # One page sent back by the moderator (the editor resubmits it), one waiting for review.
    rejected = StandardPage(title="Lịch tiếp công dân", slug="lich-tiep-cong-dan", summary="Tóm tắt")
    home.add_child(instance=rejected)
    rejected.save_revision(user=network.editor_a)
    state = rejected.get_workflow().start(rejected, network.editor_a)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, network.moderator_a, "reject")
    waiting = StandardPage(title="Thông báo tuyển dụng", slug="thong-bao-tuyen-dung", summary="Tóm tắt")
    home.add_child(instance=waiting)
    waiting.save_revision(user=network.editor_a)
    waiting.get_workflow().start(waiting, network.editor_a)
    return {"home": home, "about": about, "rejected": rejected, "waiting": waiting}


_world = module_world(build)


@pytest.fixture
def world(_world, db):
    return fresh(_world)


def page_data(page, **extra):
    return {"title": page.title, "slug": page.slug, "summary": page.summary, "body-count": "0", **extra}


def test_login_page(client, db):
    assert_vietnamese(client.get(reverse("wagtailadmin_login")), "login")


SCREENS = {
    "dashboard": lambda w: reverse("wagtailadmin_home"),
    "explorer": lambda w: reverse("wagtailadmin_explore", args=[w["home"].pk]),
    "edit": lambda w: reverse("wagtailadmin_pages:edit", args=[w["about"].pk]),
    "add": lambda w: reverse("wagtailadmin_pages:add", args=["sites", "standardpage", w["home"].pk]),
    "choose page type": lambda w: reverse("wagtailadmin_pages:add_subpage", args=[w["home"].pk]),
    "history": lambda w: reverse("wagtailadmin_pages:history", args=[w["about"].pk]),
    "images": lambda w: reverse("wagtailimages:index"),
    "documents": lambda w: reverse("wagtaildocs:index"),
    "plugin snippets": lambda w: reverse("wagtailsnippets_services_procedure:list"),
    "needs changes": lambda w: reverse("wagtailadmin_pages:edit", args=[w["rejected"].pk]),
    "in moderation": lambda w: reverse("wagtailadmin_pages:edit", args=[w["waiting"].pk]),
    "workflow history": lambda w: reverse("wagtailadmin_pages:workflow_history", args=[w["rejected"].pk]),
}


@pytest.mark.parametrize("screen", SCREENS)
def test_moderator_screens(client, network, world, screen):
    client.force_login(network.moderator_a)
    assert_vietnamese(client.get(SCREENS[screen](world)), screen)


@pytest.mark.parametrize("screen", ["dashboard", "needs changes", "in moderation"])
def test_editor_screens(client, network, world, screen):
    client.force_login(network.editor_a)
    assert_vietnamese(client.get(SCREENS[screen](world)), f"editor: {screen}")


def test_status_messages(client, network, world):
    client.force_login(network.moderator_a)
    about, home = world["about"], world["home"]
    edit = reverse("wagtailadmin_pages:edit", args=[about.pk])

    saved = client.post(edit, page_data(about), follow=True)
    assert_vietnamese(saved, "saved draft")
    assert f"Đã cập nhật trang '{about.title}'." in visible_text(saved)

    refused = client.post(edit, page_data(about, title=""), follow=True)
    assert_vietnamese(refused, "validation error")
    text = visible_text(refused)
    assert "Không lưu được trang vì có lỗi nhập liệu." in text and "Trường này là bắt buộc." in text

    add = reverse("wagtailadmin_pages:add", args=["sites", "standardpage", home.pk])
    new = StandardPage(title="Sơ đồ tổ chức", slug="so-do-to-chuc", summary="Tóm tắt")
    created = client.post(add, page_data(new, **{"action-publish": "1"}), follow=True)
    assert_vietnamese(created, "created and published")
    assert "Đã tạo và xuất bản trang 'Sơ đồ tổ chức'." in visible_text(created)


def test_editor_submits_for_moderation(client, network, world):
    client.force_login(network.editor_a)
    about = world["about"]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[about.pk]), page_data(about, **{"action-submit": "1"}), follow=True
    )
    assert_vietnamese(response, "submitted")
    assert f"Trang '{about.title}' đã được gửi duyệt." in visible_text(response)


def test_workflow_buttons_name_the_portal(client, network, world):
    """The resubmit button read "Thực hiện lạiNgười duyệt phuong-bac-lieu": no space, and
    the codename where the ward's name belongs."""
    codename = network.ward_a.codename
    client.force_login(network.editor_a)
    resubmit = visible_text(client.get(SCREENS["needs changes"](world)))
    assert f"Gửi lại cho Người duyệt {WARD_NAME}" in resubmit
    submit = visible_text(client.get(SCREENS["edit"](world)))
    assert f"Gửi vào quy trình Duyệt tin {WARD_NAME}" in submit
    for line in resubmit + submit:
        assert not re.search(rf"(Người duyệt|Duyệt tin):? {re.escape(codename)}\b", line), line


def test_models_and_menus_say_what_they_mean():
    """One English word, two Vietnamese words: the pgettext contexts of GLOSSARY.md."""
    from plugins.services.models import RequiredDocument, ServiceLevel
    from sites.models import PortalLevel

    with translation.override("vi"):
        assert str(ServiceLevel._meta.get_field("name").verbose_name) == "tên mức độ"
        assert str(PortalLevel._meta.get_field("name").verbose_name) == "tên cấp"
        assert str(RequiredDocument._meta.get_field("name").verbose_name) == "giấy tờ"
        assert translation.gettext("Pages") == "Trang"
        assert translation.pgettext("pagination", "Pages") == "Phân trang"
        assert translation.pgettext("administrative procedures", "Procedures") == "Thủ tục hành chính"
        assert translation.gettext("Save draft") == "Lưu bản nháp"


def project_catalogues(domain="django"):
    for mo in sorted(ROOT.glob(f"**/locale/vi/LC_MESSAGES/{domain}.mo")):
        relative = mo.relative_to(ROOT)
        if relative.parts[0] in {".venv", "venv", "node_modules"}:
            continue
        with mo.open("rb") as handle:
            yield str(relative), gettext.GNUTranslations(handle)._catalog


def test_no_msgid_is_translated_two_ways():
    seen: dict[object, dict[str, list[str]]] = {}
    for name, catalog in project_catalogues():
        for msgid, msgstr in catalog.items():
            if msgid and msgstr:
                seen.setdefault(msgid, {}).setdefault(msgstr, []).append(name)
    twice = {msgid: ways for msgid, ways in seen.items() if len(ways) > 1}
    assert not twice, "translated two ways (add a pgettext context, see GLOSSARY.md): " + repr(twice)


def test_the_override_catalogue_is_found_first():
    override = ROOT / "cms" / "wagtail_vi" / "locale"
    assert [Path(p) for p in settings.LOCALE_PATHS] == [override]
    assert (override / "vi" / "LC_MESSAGES" / "django.mo").is_file()
    assert (override / "vi" / "LC_MESSAGES" / "djangojs.mo").is_file()
