"""Agencies manage their own staff (issue #17 item 8).

A ward A portal administrator works through Wagtail's users admin as a person
would: adds and invites ward A's editors, resets passwords, deactivates them;
never sees or touches ward B's people, network admins or superusers, never
hands out a group that is not ward A's, never makes anyone a superuser. Then
``manage.py import_staff``: dry run, bad rows, idempotence, invitations.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from sites.permissions import portals_for_user
from sites.staff import NETWORK_ADMINS_GROUP
from tests.conftest import make_user

User = get_user_model()
HOST_A = "a.camau.localhost"


@pytest.fixture
def staff(network):
    network.admin_a = make_user("admin_a", [network.ward_a.admins_group], first_name="Trần Thị", last_name="Hoa")
    network.admin_b = make_user("admin_b", [network.ward_b.admins_group])
    # Works for both wards: ward A's administrator must not manage them alone.
    network.shared = make_user("shared", [network.ward_a.editors_group, network.ward_b.editors_group])
    network.root = make_user("root", superuser=True)
    return network


@pytest.fixture
def admin_a_client(client, staff):
    client.force_login(staff.admin_a)
    return client


def users_url(name, *args):
    return reverse(f"wagtailusers_users:{name}", args=args)


def bulk_url(action, *ids, **params):
    query = "&".join([f"id={i}" for i in ids] + [f"{k}={v}" for k, v in params.items()])
    return reverse("wagtail_bulk_action", args=(User._meta.app_label, User._meta.model_name, action)) + "?" + query


def edit_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Tên",
        "last_name": user.last_name or "Họ",
        "is_active": "on" if user.is_active else "",
        "groups": [g.pk for g in user.groups.all()],
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (
        user.username,
        user.email,
        user.is_active,
        user.is_superuser,
        user.is_staff,
        user.password,
        sorted(user.groups.values_list("pk", flat=True)),
    )


def test_portal_admin_role_is_a_portal_of_theirs(staff):
    assert list(portals_for_user(staff.admin_a)) == [staff.ward_a]
    assert staff.ward_a.admins_group.name == "Phường An Xuyên: Quản trị cổng"


def test_portal_admin_adds_an_editor_who_is_invited_and_chooses_a_password(admin_a_client, staff, client):
    page = admin_a_client.get(users_url("add"), HTTP_HOST=HOST_A)
    assert page.status_code == 200
    body = page.content.decode()
    # Only ward A's groups are offered; no superuser flag.
    assert "Phường An Xuyên: Biên tập viên" in body and "Phường An Xuyên: Quản trị cổng" in body
    assert "Phường Tân Thành" not in body and NETWORK_ADMINS_GROUP not in body
    assert 'name="is_superuser"' not in body

    response = admin_a_client.post(
        users_url("add"),
        {
            "username": "bientap_moi",
            "email": "bientap.moi@anxuyen.gov.vn",
            "first_name": "Lê Văn",
            "last_name": "Bình",
            "groups": [staff.ward_a.editors_group.pk],
            "is_superuser": "on",  # ignored: not offered
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = User.objects.get(username="bientap_moi")
    assert list(new.groups.all()) == [staff.ward_a.editors_group]
    assert not new.is_superuser and not new.is_staff and not new.has_usable_password()
    assert list(portals_for_user(new)) == [staff.ward_a]

    # The invitation: in Vietnamese, with a one-time link on ward A's own admin host.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bientap.moi@anxuyen.gov.vn"] and "Phường An Xuyên" in message.subject
    assert "Tên đăng nhập: bientap_moi" in message.body
    link = re.search(r"http://a\.camau\.localhost(/admin/password_reset/\S+)", message.body).group(1)

    # The new editor follows the link and chooses a password, then logs in.
    anonymous = client.__class__()
    form_page = anonymous.get(link, HTTP_HOST=HOST_A, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = anonymous.post(
        set_password_url, {"new_password1": "Mat-khau-rat-dai-2025", "new_password2": "Mat-khau-rat-dai-2025"}, HTTP_HOST=HOST_A
    )
    assert done.status_code == 302
    new.refresh_from_db()
    assert new.check_password("Mat-khau-rat-dai-2025")


def test_portal_admin_sees_only_their_portal_staff(admin_a_client, staff):
    for url in (users_url("index"), users_url("index_results"), users_url("index") + "?q=e"):
        response = admin_a_client.get(url, HTTP_HOST=HOST_A)
        assert response.status_code == 200
        body = response.content.decode()
        for visible in ("editor_a", "moderator_a", "admin_a"):
            assert visible in body, (url, visible)
        for hidden in ("editor_b", "admin_b", "netadmin", "root", "shared"):
            assert hidden not in body, (url, hidden)
        # Nor do the group filter's choices name other portals' or the network's groups.
        assert "Phường Tân Thành" not in body and NETWORK_ADMINS_GROUP not in body


@pytest.mark.parametrize("target", ["editor_b", "admin_b", "network_admin", "root", "shared"])
def test_portal_admin_is_refused_other_people_with_no_data(admin_a_client, staff, target):
    user = getattr(staff, target)
    before = snapshot(user)
    for name in ("edit", "delete", "history", "usage", "copy"):
        response = admin_a_client.get(users_url(name, user.pk), HTTP_HOST=HOST_A)
        assert response.status_code in (302, 403, 404), (name, response.status_code)
        assert user.email not in response.content.decode(), name
    # Posting changes nothing either.
    attempt = edit_data(user, email="hijacked@example.vn", password1="Hijack-Passw0rd!", password2="Hijack-Passw0rd!")
    response = admin_a_client.post(users_url("edit", user.pk), attempt, HTTP_HOST=HOST_A)
    assert response.status_code in (302, 403, 404)
    response = admin_a_client.post(users_url("delete", user.pk), HTTP_HOST=HOST_A)
    assert response.status_code in (302, 403, 404)
    assert snapshot(user) == before


def test_portal_admin_cannot_give_foreign_groups_or_superuser(admin_a_client, staff):
    editor = staff.editor_a
    before = snapshot(editor)
    for group in (staff.ward_b.editors_group, Group.objects.get(name=NETWORK_ADMINS_GROUP)):
        response = admin_a_client.post(users_url("edit", editor.pk), edit_data(editor, groups=[group.pk]), HTTP_HOST=HOST_A)
        assert response.status_code == 200  # the form again, with an error
        assert snapshot(editor) == before
    response = admin_a_client.post(
        users_url("edit", editor.pk), edit_data(editor, is_superuser="on", is_staff="on"), HTTP_HOST=HOST_A
    )
    assert response.status_code == 302
    assert snapshot(editor) == before
    # Creating someone straight into ward B's group is refused too.
    response = admin_a_client.post(
        users_url("add"),
        {
            "username": "lac_loai",
            "email": "x@example.vn",
            "first_name": "A",
            "last_name": "B",
            "groups": [staff.ward_b.editors_group.pk],
        },
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 200 and not User.objects.filter(username="lac_loai").exists()
    # No access to the groups admin, where permissions are made.
    assert admin_a_client.get(reverse("wagtailusers_groups:index"), HTTP_HOST=HOST_A).status_code in (302, 403)


def test_portal_admin_moves_own_staff_between_own_roles_and_resets_password(admin_a_client, staff):
    editor = staff.editor_a
    response = admin_a_client.post(
        users_url("edit", editor.pk),
        edit_data(
            editor,
            groups=[staff.ward_a.moderators_group.pk],
            password1="Mot-mat-khau-moi-2025",
            password2="Mot-mat-khau-moi-2025",
            send_password_reset="on",
        ),
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert list(editor.groups.all()) == [staff.ward_a.moderators_group]
    assert editor.check_password("Mot-mat-khau-moi-2025")
    assert len(mail.outbox) == 1 and "http://a.camau.localhost/admin/password_reset/" in mail.outbox[0].body


def test_portal_admin_deactivates_own_staff(admin_a_client, staff):
    editor = staff.editor_a
    response = admin_a_client.post(users_url("edit", editor.pk), edit_data(editor, is_active=""), HTTP_HOST=HOST_A)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active
    # And through the bulk action, back and forth.
    url = bulk_url("set_active_state", staff.moderator_a.pk, next=users_url("index"))
    assert admin_a_client.get(url, HTTP_HOST=HOST_A).status_code == 200
    response = admin_a_client.post(url, {"mark_as_active": "False"}, HTTP_HOST=HOST_A)
    assert response.status_code == 302
    staff.moderator_a.refresh_from_db()
    assert not staff.moderator_a.is_active


def test_bulk_actions_never_reach_other_people(admin_a_client, staff):
    netadmin = staff.network_admin
    before = snapshot(netadmin)
    network_group = Group.objects.get(name=NETWORK_ADMINS_GROUP)
    for action, data in (
        ("delete", {}),
        ("set_active_state", {"mark_as_active": "False"}),
        ("assign_role", {"role": staff.ward_a.admins_group.pk}),
    ):
        for target in (netadmin, staff.editor_b, staff.root, staff.shared):
            url = bulk_url(action, target.pk)
            page = admin_a_client.get(url, HTTP_HOST=HOST_A)
            assert page.status_code in (302, 403, 404), (action, page.status_code)
            assert target.email not in page.content.decode()
            assert admin_a_client.post(url, data, HTTP_HOST=HOST_A).status_code in (302, 403, 404)
        # "All users in the listing" is the portal admin's listing, never the whole network.
        admin_a_client.post(bulk_url(action, "all"), data, HTTP_HOST=HOST_A)
    assert snapshot(netadmin) == before
    assert User.objects.filter(pk__in=[staff.editor_b.pk, staff.root.pk, staff.shared.pk], is_active=True).count() == 3
    # Portal admins deactivate, they do not delete: their own staff stay too (revisions keep their author).
    assert User.objects.filter(pk=staff.editor_a.pk).exists()
    # Giving the network admins group through bulk "assign role" is refused.
    response = admin_a_client.post(bulk_url("assign_role", staff.editor_a.pk), {"role": network_group.pk}, HTTP_HOST=HOST_A)
    assert response.status_code == 200  # the form again
    assert not staff.editor_a.groups.filter(pk=network_group.pk).exists()
    # Malformed ids are a 404, not a server error.
    assert admin_a_client.get(bulk_url("delete", "abc"), HTTP_HOST=HOST_A).status_code == 404


def test_ward_b_admin_cannot_touch_ward_a(client, staff):
    client.force_login(staff.admin_b)
    response = client.get(users_url("edit", staff.editor_a.pk), HTTP_HOST="b.camau.localhost")
    assert response.status_code == 404
    body = client.get(users_url("index"), HTTP_HOST="b.camau.localhost").content.decode()
    assert "editor_b" in body and "editor_a" not in body


def test_editors_have_no_users_admin(client, staff):
    client.force_login(staff.editor_a)
    assert client.get(users_url("index"), HTTP_HOST=HOST_A).status_code in (302, 403)
    assert client.get(users_url("edit", staff.editor_a.pk), HTTP_HOST=HOST_A).status_code in (302, 403, 404)


def test_network_admins_keep_full_user_management(client, staff):
    client.force_login(staff.network_admin)
    body = client.get(users_url("index"), HTTP_HOST="camau.localhost").content.decode()
    for name in ("editor_a", "editor_b", "admin_b", "shared"):
        assert name in body
    editor = staff.editor_b
    response = client.post(
        users_url("edit", editor.pk),
        edit_data(editor, groups=[staff.ward_a.editors_group.pk, staff.ward_b.moderators_group.pk]),
        HTTP_HOST="camau.localhost",
    )
    assert response.status_code == 302
    assert set(editor.groups.all()) == {staff.ward_a.editors_group, staff.ward_b.moderators_group}
    # Delete through the bulk action.
    response = client.post(bulk_url("delete", staff.shared.pk), HTTP_HOST="camau.localhost")
    assert response.status_code == 302 and not User.objects.filter(pk=staff.shared.pk).exists()
    # But only a superuser makes or edits a superuser.
    response = client.post(
        users_url("edit", staff.editor_a.pk), edit_data(staff.editor_a, is_superuser="on"), HTTP_HOST="camau.localhost"
    )
    assert response.status_code == 302 and not User.objects.get(pk=staff.editor_a.pk).is_superuser
    assert client.get(users_url("edit", staff.root.pk), HTTP_HOST="camau.localhost").status_code == 404

    client.force_login(staff.root)
    response = client.post(
        users_url("edit", staff.editor_a.pk), edit_data(staff.editor_a, is_superuser="on"), HTTP_HOST="camau.localhost"
    )
    assert response.status_code == 302 and User.objects.get(pk=staff.editor_a.pk).is_superuser


def test_an_inactive_portal_admin_manages_nobody(client, staff):
    staff.admin_a.is_active = False
    staff.admin_a.save()
    from sites.staff_admin import scoped_users

    assert not scoped_users(staff.admin_a, ["change", "view"]).exists()


# -- import_staff ----------------------------------------------------------------

CSV = """\
Tên miền,Họ và tên,Email,Vai trò
a.camau.localhost,Nguyễn Văn An,an.nguyen@anxuyen.gov.vn,bien-tap-vien
a.camau.localhost,Phạm Thị Bích,bich.pham@anxuyen.gov.vn,Người duyệt
b.camau.localhost,Võ Minh Châu,chau.vo@tanthanh.gov.vn,admin
khong-co.camau.localhost,Lý Văn Dũng,dung@example.vn,editor
a.camau.localhost,Đỗ Thị Em,khong-phai-email,editor
a.camau.localhost,Hồ Văn Phát,phat@anxuyen.gov.vn,giam-doc
a.camau.localhost,editor_a,editor_a@example.vn,moderator
"""


def run_import(tmp_path, text=CSV, *args):
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("import_staff", str(path), "--no-progress", *args, stdout=out, stderr=err)
    except CommandError as exc:
        error = str(exc)
    return out.getvalue(), err.getvalue(), error


def state():
    return (
        User.objects.count(),
        sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        len(mail.outbox),
    )


def test_import_dry_run_changes_nothing_and_reports(tmp_path, staff):
    before = state()
    out, err, error = run_import(tmp_path, CSV, "--dry-run")
    assert state() == before
    assert "Chạy thử" in out and "2 người dùng mới" not in out
    assert "tạo 3 người dùng" in out and "thêm 1 người dùng" in out, out
    assert "Dòng 5:" in err and "khong-co.camau.localhost" in err
    assert "Dòng 6:" in err and "khong-phai-email" in err
    assert "Dòng 7:" in err and "giam-doc" in err
    assert error and "3 dòng" in error


def test_import_reports_bad_rows_imports_good_ones_and_is_idempotent(tmp_path, staff):
    users_before = User.objects.count()
    out, err, error = run_import(tmp_path)
    assert error and "3 dòng" in error
    assert [line.split(":")[0] for line in err.strip().splitlines()] == ["Dòng 5", "Dòng 6", "Dòng 7"]
    assert User.objects.count() == users_before + 3
    an = User.objects.get(email="an.nguyen@anxuyen.gov.vn")
    assert (an.first_name, an.last_name, an.get_full_name()) == ("Nguyễn Văn", "An", "Nguyễn Văn An")
    assert list(an.groups.all()) == [staff.ward_a.editors_group] and not an.has_usable_password()
    assert list(User.objects.get(email="bich.pham@anxuyen.gov.vn").groups.all()) == [staff.ward_a.moderators_group]
    assert list(User.objects.get(email="chau.vo@tanthanh.gov.vn").groups.all()) == [staff.ward_b.admins_group]
    # An existing user (found by e-mail) is added to the group, not duplicated, and not re-invited.
    assert set(staff.editor_a.groups.all()) == {staff.ward_a.editors_group, staff.ward_a.moderators_group}
    assert User.objects.filter(email="editor_a@example.vn").count() == 1
    # One invitation per new person, with a link to their portal's admin host.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "an.nguyen@anxuyen.gov.vn",
        "bich.pham@anxuyen.gov.vn",
        "chau.vo@tanthanh.gov.vn",
    ]
    chau = next(m for m in mail.outbox if m.to == ["chau.vo@tanthanh.gov.vn"])
    assert "http://b.camau.localhost/admin/password_reset/" in chau.body and "Phường Tân Thành" in chau.subject
    assert "Đã tạo 3 người dùng" in out and "3 thư mời" in out

    before = state()
    out, err, error = run_import(tmp_path)
    assert state() == before
    assert "Đã tạo 0 người dùng" in out and "4 người đã có" in out


def test_import_accepts_english_roles_and_no_header(tmp_path, staff):
    text = (
        "a.camau.localhost;Trần An;tran.an@anxuyen.gov.vn;Quản trị\na.camau.localhost;Lê Bình;le.binh@anxuyen.gov.vn;MODERATOR\n"
    )
    _out, err, error = run_import(tmp_path, text)
    assert error is None, err
    assert list(User.objects.get(email="tran.an@anxuyen.gov.vn").groups.all()) == [staff.ward_a.admins_group]
    assert list(User.objects.get(email="le.binh@anxuyen.gov.vn").groups.all()) == [staff.ward_a.moderators_group]


def test_import_a_person_whose_invitation_fails_is_not_created(tmp_path, staff, monkeypatch):
    from cms.management.commands import import_staff

    real_send = import_staff.send_staff_email

    def send(user, portal=None, invitation=True):
        if user.email == "bich.pham@anxuyen.gov.vn":
            raise OSError("máy chủ thư không trả lời")
        return real_send(user, portal, invitation=invitation)

    monkeypatch.setattr(import_staff, "send_staff_email", send)
    _out, err, error = run_import(tmp_path)
    assert "Dòng 3: không gửi được thư mời (máy chủ thư không trả lời); người này chưa được thêm." in err
    assert error and "4 dòng" in error
    assert not User.objects.filter(email="bich.pham@anxuyen.gov.vn").exists()  # the row was rolled back whole
    assert User.objects.filter(email="an.nguyen@anxuyen.gov.vn").exists()  # the others went on
    monkeypatch.setattr(import_staff, "send_staff_email", real_send)
    _out, err, _error = run_import(tmp_path)  # the next run completes the job
    assert User.objects.filter(email="bich.pham@anxuyen.gov.vn").exists()
    assert "Dòng 3:" not in err


def test_import_missing_file_is_a_clear_error(tmp_path, staff):
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("import_staff", str(tmp_path / "nope.csv"), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())


def test_admin_pages_of_staff_never_answer_500(admin_a_client, staff):
    for url in (users_url("index") + "?group=999999", users_url("index") + "?ordering=name", bulk_url("delete", "")):
        assert admin_a_client.get(url, HTTP_HOST=HOST_A).status_code < 500, url
