"""Malformed admin POSTs answer a form error, a refusal or a 404: never a server error.

Generated from the admin URL resolver like ``test_admin_walk`` (its helpers
are imported, not copied): every route whose view accepts POST is posted to as
ward A's editor and as a superuser, with the ids of A's own objects in its
parameters (pages in every state, images, documents, collections, staff, one
object of every portal model of every installed plugin), once with an empty
body and once with junk: the field names of the form the route shows (or a
few common ones), every value garbage (no control characters; those are the
hostile-input middleware's business), plus random field names. One request
per route and user keeps it well under a minute: empty and junk alternate by
route index, and the two users take opposite turns, so every route gets both.
Routes that delete, unpublish, move or revert run after all the others.

The named cases of issue #20 have tests of their own below.
"""

from __future__ import annotations

import json
import random
import re
import traceback
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import IntegrityError, transaction
from django.urls import resolve
from django.urls.exceptions import Resolver404
from wagtail.models import Page

from sites.models import StandardPage
from tests.security.test_admin_walk import (
    PARAM_RE,
    Marker,
    World,
    _fill_required,
    admin_patterns,
    build_ward_b,
    fill,
    requests_for,
)

# Scheduled first (tests/conftest.py): about 120 s on a 2-core machine.
pytestmark = pytest.mark.heavy(120)

DESTRUCTIVE = re.compile(r"delete|unpublish|revert|move|convert_alias|logout|unlock|cancel|disable")

JUNK_VALUES = [
    "",
    " ",
    "x",
    "-1",
    "0",
    "1.5",
    "1e400",
    "99999999999999999999999",
    "NaN",
    "null",
    "true",
    "[]",
    '{"a":',
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n%x",
    "2025-02-30",
    "31/12/2025 25:61",
    "Đường Trần Hưng Đạo số 1",
    "\u202e\ufeff\u200b",
    "🙂🙃",
    "a" * 3000,
    "1,2,3",
    "http://",
    "javascript:alert(1)",
    "mailto:",
    "#",
    "/admin/",
]
COMMON_NAMES = [
    "id",
    "pk",
    "title",
    "slug",
    "q",
    "next",
    "action",
    "url",
    "link_text",
    "email_address",
    "phone_number",
    "body-count",
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
    "collection",
    "parent_page",
    "new_parent_page",
    "page",
    "user",
    "file",
    "tags",
    "locale",
    "portal",
    "go_live_at",
]


def _text(response) -> str:
    if getattr(response, "streaming", False) or response.status_code != 200:
        return ""
    content_type = response.get("Content-Type", "")
    if "html" not in content_type and "json" not in content_type:
        return ""
    return response.content.decode(errors="replace")


def form_field_names(response) -> tuple[list[str], set[str]]:
    """(field names, file field names) of the forms in an HTML page or a modal's JSON."""
    names, files = [], set()
    text = _text(response)
    for tag in re.finditer(r"<(?:input|select|textarea)\b[^>]*>", text, re.DOTALL):
        match = re.search(r'\bname=\\?"([^"\\]+)\\?"', tag.group(0))
        if not match or match.group(1) == "csrfmiddlewaretoken":
            continue
        names.append(match.group(1))
        if re.search(r'\btype=\\?"file\\?"', tag.group(0)):
            files.add(match.group(1))
    return list(dict.fromkeys(names)), files


def junk_data(rng: random.Random, names, files) -> dict:
    data = {}
    for name in [*(names or COMMON_NAMES), *(f"{rng.choice('abcxyz')}{rng.randrange(10**6)}" for _ in range(3))]:
        if name in files:
            data[name] = SimpleUploadedFile(f"{rng.choice(JUNK_VALUES[:8]) or 'f'}.bin", rng.randbytes(64).replace(b"\x00", b"0"))
        else:
            data[name] = [rng.choice(JUNK_VALUES) for _ in range(rng.choice((1, 1, 2)))]
    return data


def post_routes(world):
    """(name, path) of every admin route whose view takes POST, with A's ids; destructive ones last."""
    safe, destructive, skipped = [], [], 0
    for route, name in admin_patterns():
        path = None
        for candidate, _family in requests_for(world, route, name):
            try:
                match = resolve(candidate)
            except Resolver404:
                continue
            path = candidate
            break
        if path is None:
            skipped += 1
            continue
        view_class = getattr(match.func, "view_class", None)
        if view_class is not None and not hasattr(view_class, "post"):
            skipped += 1  # answers 405 to any POST
            continue
        (destructive if DESTRUCTIVE.search(f"{name} {route}") else safe).append((name or route, path))
    return safe, destructive, skipped


@pytest.fixture
def own_world(network):
    """Ward A's objects in every state, built by the admin walk's builder (A in B's place)."""
    return build_ward_b(SimpleNamespace(ward_b=network.ward_a, editor_b=network.editor_a))


@pytest.mark.django_db
def test_no_admin_route_answers_5xx_to_empty_or_junk_posts(client, network, own_world, admin_user):
    errors = {}
    current = {}

    def record(sender, request=None, **kwargs):
        errors.setdefault(current["key"], traceback.format_exc()[-1500:])

    got_request_exception.connect(record, weak=False, dispatch_uid="robustness-walk")
    client.raise_request_exception = False
    safe, destructive, skipped = post_routes(own_world)
    users = (network.editor_a, admin_user)
    requests = 0
    try:
        for routes in (safe, destructive):
            for turn, user in enumerate(users):
                client.force_login(user)
                for index, (name, path) in enumerate(routes):
                    if "_auth_user_id" not in client.session:
                        client.force_login(user)
                    junk = (index + turn) % 2 == 1
                    data = {}
                    if junk:
                        rng = random.Random(f"{index}:{path}")
                        names, files = form_field_names(client.get(path))
                        requests += 1
                        data = junk_data(rng, names, files)
                    current["key"] = f"{user.username} POST {path} ({name}, {'junk' if junk else 'empty'})"
                    response = client.post(path, data)
                    requests += 1
                    if response.status_code >= 500:
                        errors.setdefault(current["key"], f"-> {response.status_code}")
    finally:
        got_request_exception.disconnect(dispatch_uid="robustness-walk")
    summary = (
        f"admin POST robustness: {len(safe) + len(destructive)} routes taking POST ({skipped} without) x {len(users)} users, "
        f"{requests} requests, {len(errors)} server errors"
    )
    print(summary)
    assert not errors, summary + "\n" + "\n\n".join(f"{key}\n{value}" for key, value in list(errors.items())[:20])
    assert len(safe) + len(destructive) > 150, summary


JUNK_IDS = ["abc", "99999999999999999999", "1.5", "0"]
MODEL_PARAMS = {
    "app_label": "testplugin",
    "app_name": "testplugin",
    "content_type_app_name": "testplugin",
    "model_name": "gadget",
    "content_type_model_name": "gadget",
}


@pytest.mark.django_db
def test_junk_ids_in_admin_urls_answer_not_found_rather_than_5xx(client, network, admin_user):
    """Every admin route with parameters, given ids that cannot be ids, as a superuser (who gets furthest)."""
    client.raise_request_exception = False
    client.force_login(admin_user)
    errors, requests = [], 0
    for index, (route, name) in enumerate(admin_patterns()):
        params = [m.group("name") or m.group("rname") for m in PARAM_RE.finditer(route)]
        if not params:
            continue
        junk = JUNK_IDS[index % len(JUNK_IDS)]
        path = fill(route, {p: MODEL_PARAMS.get(p, junk) for p in params})
        try:
            match = resolve(path)
        except Resolver404:
            continue
        view_class = getattr(match.func, "view_class", None)
        method = "post" if view_class is None or hasattr(view_class, "post") else "get"
        if "_auth_user_id" not in client.session:
            client.force_login(admin_user)
        response = getattr(client, method)(path)
        requests += 1
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {path} ({name}) -> {response.status_code}")
    assert requests > 150 and not errors, f"{requests} requests\n" + "\n".join(errors)


# --- the cases of issue #20 -----------------------------------------------------------


def _shows(response, message) -> bool:
    """``message`` in the page, as text or inside a block widget's JSON."""
    html = response.content.decode()
    return message in html or json.dumps(message)[1:-1] in html


def _own_standard_page(network) -> StandardPage:
    home = network.ward_a.site.root_page.specific
    page = StandardPage(title="Trang thử", slug="trang-thu")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [None, "", "x", "1.5", "99999999999999999999"])
def test_page_edit_without_a_readable_stream_count_is_a_form_error(client, network, count):
    page = _own_standard_page(network)
    client.force_login(network.editor_a)
    data = {"title": "Tiêu đề mới", "slug": "trang-thu"}
    if count is not None:
        data["body-count"] = count
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert _shows(response, "Dữ liệu biểu mẫu của trường này không đầy đủ hoặc không hợp lệ")
    page.refresh_from_db()
    assert page.title == "Trang thử" and page.latest_revision.content["title"] == "Trang thử"


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["99999999999999999999999", "-99999999999999999999999"])
def test_an_id_past_the_databases_integers_in_a_multiple_choice_is_a_form_error(client, network, group):
    from django.contrib.auth import get_user_model

    client.force_login(network.network_admin)
    data = {"username": "nguoimoi", "email": "moi@example.vn", "first_name": "Mới", "last_name": "Người", "groups": group}
    response = client.post("/admin/users/new/", data)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["groups"]] == ["invalid_choice"]
    assert not get_user_model().objects.filter(username="nguoimoi").exists()


@pytest.mark.django_db
def test_page_edit_with_a_well_formed_stream_still_saves(client, network):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        streamfield,
    )

    page = _own_standard_page(network)
    client.force_login(network.editor_a)
    data = nested_form_data(
        {"title": "Tiêu đề mới", "slug": "trang-thu", "body": streamfield([]), "comments": inline_formset([])}
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Tiêu đề mới"


@pytest.mark.django_db
@pytest.mark.parametrize("management", [{}, {"placements-TOTAL_FORMS": "x", "placements-INITIAL_FORMS": "y"}])
def test_inline_panel_without_management_form_is_a_form_error(client, network, management):
    home = network.ward_a.site.root_page
    client.force_login(network.editor_a)
    response = client.post(
        f"/admin/pages/{home.pk}/edit/", {"title": "Trang chủ mới", "slug": home.slug, "body-count": "0", **management}
    )
    assert response.status_code == 200
    home.refresh_from_db()
    assert home.title != "Trang chủ mới"


@pytest.mark.django_db
def test_a_huge_inline_form_count_is_refused_without_rendering_a_thousand_forms(client, network):
    """A junk TOTAL_FORMS used to render a thousand empty inline forms (20 MB, 19 s of a worker)."""
    from cms.admin_robustness import INLINE_FORMS_LIMIT

    home = network.ward_a.site.root_page
    client.force_login(network.editor_a)
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        {
            "title": "Trang chủ mới",
            "slug": home.slug,
            "body-count": "0",
            "placements-TOTAL_FORMS": "99999999999999999999",
            "placements-INITIAL_FORMS": "0",
            "placements-MIN_NUM_FORMS": "0",
            "placements-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{INLINE_FORMS_LIMIT}" in body and "placements-100-" not in body  # Django's "at most N forms", N forms at most
    assert len(response.content) < 2_000_000
    home.refresh_from_db()
    assert home.title != "Trang chủ mới"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["choose-external-link", "choose-email-link", "choose-phone-link", "choose-anchor-link"])
@pytest.mark.parametrize("data", [{}, {"url": "", "email_address": "x", "phone_number": "", "link_text": "a" * 3000}])
def test_link_choosers_answer_empty_or_junk_posts_with_form_errors(client, network, route, data):
    client.force_login(network.editor_a)
    response = client.post(f"/admin/{route}/", data)
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert "error" in payload["html"] or "Trường này là bắt buộc" in payload["html"], payload["html"][:500]


def _snippet_models():
    from wagtail.snippets.models import get_snippet_models

    return get_snippet_models()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"title": "x", "name": "y", "portal": "abc", "zzz": "1"}])
def test_snippet_chooser_create_views_refuse_without_5xx(client, network, admin_user, data):
    client.raise_request_exception = False
    for user in (network.editor_a, admin_user):
        client.force_login(user)
        for model in _snippet_models():
            url = f"/admin/snippets/choose/{model._meta.app_label}/{model._meta.model_name}/create/"
            try:
                resolve(url)
            except Resolver404:
                continue
            for response in (client.get(url), client.post(url, data)):
                assert response.status_code in (200, 302, 403, 404), (user.username, url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_failwhale_is_not_found(client, network, admin_user, method):
    client.raise_request_exception = False
    client.force_login(admin_user)
    assert getattr(client, method)("/admin/failwhale/").status_code == 404
    client.logout()
    assert getattr(client, method)("/admin/failwhale/").status_code == 302  # still asks for a login first


@pytest.mark.django_db
def test_snippet_history_answers_portal_staff(client, network):
    """Every history route, for A's editor and moderator, on one object of every portal model of A's."""
    from wagtail.log_actions import log

    from cms.permissions import portal_models

    client.raise_request_exception = False
    world = World(network=network, portal=network.ward_a, ids={"page": [network.ward_a.site.root_page_id]})
    for model, portal_field in portal_models(with_network=False):
        obj = model._default_manager.filter(**{portal_field: network.ward_a}).first()
        if obj is None:
            try:
                with transaction.atomic():
                    obj = _fill_required(model, portal_field, network.ward_a, Marker())
            except IntegrityError:
                continue  # needs an object of another plugin first (a syndication offer, an article)
        label = model._meta.label_lower
        world.model_families[label] = label
        world.ids[label] = [obj.pk]
        log(obj, "wagtail.edit", user=network.network_admin)
        log(obj, "wagtail.edit", user=network.editor_a)
    checked = 0
    for user in (network.editor_a, network.moderator_a):
        client.force_login(user)
        for route, name in admin_patterns():
            if "history" not in route:
                continue
            for path, _family in requests_for(world, route, name)[:1]:
                for query in ("", f"?user={network.editor_a.pk}&action=wagtail.edit", "?user=abc&timestamp_from=zz&p=99"):
                    response = client.get(path + query)
                    checked += 1
                    assert response.status_code < 500, (user.username, path + query, response.status_code)
    assert checked > 30


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["history", "history-results", "usage"])
def test_a_portal_administrator_sees_a_staff_members_history_and_usage(client, network, view):
    """They listed users where log entries (history) and references (usage) belong: 500 for every portal admin."""
    from wagtail.log_actions import log

    from tests.conftest import make_user

    admin_a = make_user("admin_a", [network.ward_a.admins_group])
    log(network.editor_a, "wagtail.edit", user=admin_a)
    client.force_login(admin_a)
    response = client.get(f"/admin/users/{view}/{network.editor_a.pk}/")
    assert response.status_code == 200
    if view.startswith("history"):
        assert "admin_a" in response.content.decode() or "Admin_a" in response.content.decode()
    assert client.get(f"/admin/users/{view}/{network.editor_b.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "abc", "99999999", "-1"])
def test_page_copy_with_a_bad_destination_is_a_form_error(client, network, value):
    page = _own_standard_page(network)
    client.force_login(network.editor_a)
    data = {"new_title": "Bản sao", "new_slug": "ban-sao"}
    if value is not None:
        data["new_parent_page"] = value
    response = client.post(f"/admin/pages/{page.pk}/copy/", data)
    assert response.status_code == 200
    assert not Page.objects.filter(slug="ban-sao").exists()


@pytest.mark.django_db
def test_page_copy_never_prefills_another_portals_page(client, network):
    page = _own_standard_page(network)
    home_b = network.ward_b.site.root_page
    secret = StandardPage(title="Bản nháp bí mật của phường B", slug="bi-mat-b", live=False)
    home_b.add_child(instance=secret)
    client.force_login(network.editor_a)
    response = client.post(f"/admin/pages/{page.pk}/copy/", {"new_title": "", "new_slug": "", "new_parent_page": secret.pk})
    assert response.status_code == 200
    assert "Bản nháp bí mật" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"import_file_name": "x", "input_format": "y"}])
def test_redirect_import_without_its_signed_fields_is_a_bad_request(client, network, admin_user, data):
    if not _has_route("/admin/redirects/import/process/"):
        pytest.skip("redirects are not installed")
    client.raise_request_exception = False
    client.force_login(admin_user)
    assert client.post("/admin/redirects/import/process/", data).status_code == 400


def _has_route(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@pytest.mark.django_db
def test_a_refused_reference_is_shown_again_without_its_title(ld, client):
    from wagtail.models import CollectionViewRestriction

    from tests.plugins.legal_documents.conftest import make_pdf
    from tests.plugins.legal_documents.test_admin import form, post_as, upload

    private = ld.ward_b.collection.add_child(name="Hồ sơ mật phường B")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="password", password="matkhau")
    secret = upload(ld.ward_b, "mat.pdf", make_pdf(["Noi dung mat cua phuong B"]))
    secret.title = "Tài liệu mật Bxq của phường B"
    secret.collection = private
    secret.save()

    for files in ([secret.pk], ["abc"], ["99999999999999999999"]):
        data = form()
        data.update(
            {"files-TOTAL_FORMS": "1", "files-0-document": files[0], "files-0-label": "", "files-0-ORDER": "1", "files-0-id": ""}
        )
        response = post_as(client, ld.editor_a, ld.ward_a, data)
        assert response.status_code == 200
        assert "Bxq" not in response.content.decode()
