"""Accounts (issue #20): login lockout, password-reset quota, two-factor for staff.

Everything goes through the real pages a person uses: Wagtail's login form,
its password reset form, the two-factor setup and verify pages, the network
admins' "Sign-in security" screen.
"""

from __future__ import annotations

import base64
import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, make_user

LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
LOCKED_VI = "Đăng nhập sai quá nhiều lần"


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts.password_reset": "5/h"}


def sign_in(client, username, password=PASSWORD, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def confirmed_device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


# -- Lockout ---------------------------------------------------------------------------


def test_below_the_limit_the_right_password_still_signs_in(client, network):
    for _attempt in range(4):
        assert sign_in(client, "editor_a", "wrong", address="10.1.1.1").status_code == 200
    response = sign_in(client, "editor_a", address="10.1.1.1")
    assert response.status_code == 302 and signed_in(client)


def test_one_user_from_many_addresses_is_locked_out(client, network):
    for number in range(5):
        sign_in(client, "editor_a", "wrong", address=f"10.2.0.{number + 1}")
    response = sign_in(client, "editor_a", address="10.2.0.99")  # the right password, a fresh address
    assert response.status_code == 429
    assert not signed_in(client)
    body = response.content.decode()
    assert LOCKED_VI in body and "15 phút" in body
    assert 'name="password"' in body  # the login page again, not a bare text page
    # Another person from the same addresses is not concerned.
    assert sign_in(client, "editor_b", address="10.2.0.1").status_code == 302 and signed_in(client)


def test_one_address_trying_many_users_is_locked_out(client, network):
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong", address="10.3.0.7")
    response = sign_in(client, "editor_a", address="10.3.0.7")
    assert response.status_code == 429 and LOCKED_VI in response.content.decode()
    assert not signed_in(client)
    # The same person from elsewhere signs in.
    assert sign_in(client, "editor_a", address="10.3.0.8").status_code == 302 and signed_in(client)


def test_the_address_is_the_trusted_client_address(client, network, settings):
    """Behind a trusted proxy the lockout counts the citizen, not the balancer."""
    settings.TRUSTED_PROXIES = ["10.9.0.0/16"]
    for number in range(5):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "wrong"},
            REMOTE_ADDR="10.9.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    other = client.post(
        LOGIN, {"username": "editor_a", "password": PASSWORD}, REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert other.status_code == 302


def test_network_admin_unlocks_through_the_admin_screen(client, network):
    for number in range(5):
        sign_in(client, "editor_a", "wrong", address=f"10.4.0.{number + 1}")
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong", address="10.4.1.1")
    assert sign_in(client, "editor_a", address="10.4.9.9").status_code == 429

    client.force_login(network.network_admin)
    url = reverse("cms_accounts_lockouts")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bảo mật đăng nhập" in body and "Tài khoản bị khóa" in body and "Mở khóa" in body
    assert "editor_a" in body and "10.4.1.1" in body
    response = client.post(url, {"action": "unlock_user", "username": "editor_a"}, follow=True)
    assert "Đã mở khóa đăng nhập cho tài khoản" in response.content.decode()
    client.post(url, {"action": "unlock_address", "ip_address": "10.4.1.1"})
    assert not AccessAttempt.objects.exists()
    client.logout()

    assert sign_in(client, "editor_a", address="10.4.9.9").status_code == 302 and signed_in(client)


def test_unlocking_nothing_named_clears_nothing(client, network):
    for number in range(5):
        sign_in(client, "editor_a", "wrong", address=f"10.5.0.{number + 1}")
    client.force_login(network.network_admin)
    client.post(reverse("cms_accounts_lockouts"), {"action": "unlock_address", "ip_address": ""})
    client.post(reverse("cms_accounts_lockouts"), {"action": "unlock_user", "username": ""})
    assert AccessAttempt.objects.count() == 5


@pytest.mark.parametrize("who", ["editor_a", "moderator_a"])
def test_only_network_admins_reach_the_unlock_screen(client, network, who):
    for number in range(5):
        sign_in(client, "editor_b", "wrong", address=f"10.6.0.{number + 1}")
    client.force_login(getattr(network, who))
    url = reverse("cms_accounts_lockouts")
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "editor_b" not in response.content.decode()
    client.post(url, {"action": "unlock_user", "username": "editor_b"})
    assert AccessAttempt.objects.filter(username="editor_b").count() == 5
    # Nor is it in their settings menu.
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_unlock_screen_is_in_the_network_admins_settings_menu(client, network):
    client.force_login(network.network_admin)
    assert reverse("cms_accounts_lockouts") in client.get(reverse("wagtailadmin_home")).content.decode()


# -- Password reset quota ----------------------------------------------------------------------


def test_password_reset_is_throttled_per_address_and_sends_nothing_over_the_quota(client, network, mailoutbox):
    for _attempt in range(5):
        response = client.post(RESET, {"email": "editor_a@example.vn"}, REMOTE_ADDR="10.7.0.1")
        assert response.status_code == 302
    assert len(mailoutbox) == 5
    response = client.post(RESET, {"email": "editor_b@example.vn"}, REMOTE_ADDR="10.7.0.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần" in body and 'name="email"' in body
    assert len(mailoutbox) == 5
    # Another address is not concerned.
    assert client.post(RESET, {"email": "editor_b@example.vn"}, REMOTE_ADDR="10.7.0.2").status_code == 302
    assert len(mailoutbox) == 6


def test_password_reset_is_throttled_per_email_address(client, network, mailoutbox):
    """Many addresses cannot flood one person's inbox."""
    for number in range(5):
        client.post(RESET, {"email": "editor_a@example.vn"}, REMOTE_ADDR=f"10.8.0.{number + 1}")
    assert len(mailoutbox) == 5
    response = client.post(RESET, {"email": "EDITOR_A@example.vn"}, REMOTE_ADDR="10.8.0.99")
    assert response.status_code == 429 and len(mailoutbox) == 5


# -- Two-factor -------------------------------------------------------------------------------


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS = True
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False


def test_network_admin_needs_a_valid_code_before_any_admin_page(client, network, two_factor_on):
    device = confirmed_device_for(network.network_admin)
    response = sign_in(client, "netadmin")
    assert response.status_code == 302 and signed_in(client)

    verify = reverse("cms_accounts_two_factor_verify")
    for path in ("/admin/", "/admin/pages/", reverse("wagtailusers_users:index"), reverse("cms_accounts_lockouts")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(verify), path
    # Not even by enrolling another phone with the password alone.
    setup = client.get(reverse("cms_accounts_two_factor_setup"))
    assert setup.status_code == 302 and setup["Location"].startswith(verify)

    page = client.get(verify + "?next=/admin/pages/")
    assert page.status_code == 200 and "Xác thực hai bước" in page.content.decode()
    response = client.post(verify, {"token": code_for(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("cms_accounts_lockouts")).status_code == 200


def test_an_invalid_code_is_refused_with_a_message(client, network, two_factor_on):
    device = confirmed_device_for(network.network_admin)
    sign_in(client, "netadmin")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("cms_accounts_two_factor_verify"), {"token": wrong})
    assert response.status_code == 200
    assert "Mã này không hợp lệ" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    # Straight after a wrong code even the right one waits (django-otp's throttling).
    response = client.post(reverse("cms_accounts_two_factor_verify"), {"token": code_for(device)})
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    # Not a number at all.
    response = client.post(reverse("cms_accounts_two_factor_verify"), {"token": "abc"})
    assert "Hãy nhập mã 6 chữ số" in response.content.decode()


def test_a_code_is_used_once(client, network, two_factor_on, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device_for(network.network_admin)
    sign_in(client, "netadmin")
    code = code_for(device)
    assert client.post(reverse("cms_accounts_two_factor_verify"), {"token": code}).status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "netadmin")
    response = client.post(reverse("cms_accounts_two_factor_verify"), {"token": code})
    assert response.status_code == 200 and "Mã này không hợp lệ" in response.content.decode()


def test_setup_flow_creates_a_confirmed_device(client, network, two_factor_on):
    sign_in(client, "netadmin")
    response = client.get("/admin/")
    setup = reverse("cms_accounts_two_factor_setup")
    assert response.status_code == 302 and response["Location"].startswith(setup)

    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "<img" not in body  # the QR code inline, no image URL
    pending = TOTPDevice.objects.get(user=network.network_admin, confirmed=False)
    secret = base64.b32encode(pending.bin_key).decode()
    assert secret[:4] in body and re.sub(r"\s", "", secret) in re.sub(r"\s", "", body)
    assert client.get("/admin/").status_code == 302  # an unconfirmed device does not count

    response = client.post(setup, {"token": code_for(pending), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device = TOTPDevice.objects.get(user=network.network_admin)
    assert device.pk == pending.pk and device.confirmed
    assert client.get("/admin/").status_code == 200

    # The next sign-in asks for a code.
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "netadmin")
    assert client.get("/admin/")["Location"].startswith(reverse("cms_accounts_two_factor_verify"))


def test_a_wrong_code_does_not_confirm_setup(client, network, two_factor_on):
    sign_in(client, "netadmin")
    setup = reverse("cms_accounts_two_factor_setup")
    client.get(setup)
    response = client.post(setup, {"token": "000000"})
    assert response.status_code == 200 and "Mã này không hợp lệ" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=network.network_admin, confirmed=True).exists()


def test_superusers_are_network_admins_for_two_factor(client, network, two_factor_on):
    make_user("root", superuser=True)
    sign_in(client, "root")
    assert client.get("/admin/")["Location"].startswith(reverse("cms_accounts_two_factor_setup"))


def test_portal_staff_are_not_required_by_default(client, network, two_factor_on):
    sign_in(client, "editor_a")
    assert client.get("/admin/").status_code == 200


def test_portal_staff_are_required_with_the_setting(client, network, two_factor_on, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = True
    sign_in(client, "editor_a")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("cms_accounts_two_factor_setup"))


def test_staff_who_turned_it_on_must_use_it(client, network, two_factor_on):
    confirmed_device_for(network.editor_a)
    sign_in(client, "editor_a")
    assert client.get("/admin/")["Location"].startswith(reverse("cms_accounts_two_factor_verify"))


def test_optional_two_factor_turns_off_with_a_code(client, network, two_factor_on):
    device = confirmed_device_for(network.editor_a)
    sign_in(client, "editor_a")
    client.post(reverse("cms_accounts_two_factor_verify"), {"token": code_for(device)})
    device.refresh_from_db()
    device.last_t -= 1  # the next code of the same time step (a test shortcut)
    device.save()
    response = client.post(reverse("cms_accounts_two_factor_setup"), {"action": "disable", "disable-token": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=network.editor_a).exists()


def test_required_two_factor_cannot_be_turned_off(client, network, two_factor_on):
    device = confirmed_device_for(network.network_admin)
    sign_in(client, "netadmin")
    client.post(reverse("cms_accounts_two_factor_verify"), {"token": code_for(device)})
    response = client.post(reverse("cms_accounts_two_factor_setup"), {"action": "disable", "disable-token": "123456"})
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=network.network_admin, confirmed=True).exists()


def test_outside_the_admin_an_unverified_user_is_nobody(client, network, two_factor_on):
    confirmed_device_for(network.network_admin)
    sign_in(client, "netadmin")
    # The login page (where private pages send people) leads to the code, keeping "next".
    response = client.get(LOGIN + "?next=/some-private-page/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cms_accounts_two_factor_verify"))
    assert "some-private-page" in response["Location"]
    assert client.get("/", HTTP_HOST="camau.localhost").status_code == 200


def test_network_admin_resets_a_lost_phone(client, network, two_factor_on, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS = False
    confirmed_device_for(network.editor_a)
    root = make_user("root", superuser=True)
    confirmed_device_for(root)
    client.force_login(network.network_admin)
    url = reverse("cms_accounts_lockouts")
    response = client.post(url, {"action": "reset_two_factor", "username": "root"}, follow=True)
    assert "Chỉ siêu quản trị" in response.content.decode()
    assert TOTPDevice.objects.filter(user=root).exists()
    client.post(url, {"action": "reset_two_factor", "username": "editor_a"})
    assert not TOTPDevice.objects.filter(user=network.editor_a).exists()


def test_the_account_page_links_to_two_factor(client, network):
    client.force_login(network.editor_a)
    body = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("cms_accounts_two_factor_setup") in body and "Xác thực hai bước" in body


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_a_very_long_username_is_refused_without_an_error(network, client, path):
    """Django's sign-in form does not check the name's length and django-axes records it:
    PostgreSQL refused to store a name over 255 characters (a 500)."""
    from axes.models import AccessAttempt

    response = client.post(path, {"username": "a" * 400, "password": "sai mật khẩu"}, HTTP_HOST="camau.localhost")
    assert response.status_code in (200, 429)
    assert all(len(attempt.username or "") <= 255 for attempt in AccessAttempt.objects.all())
