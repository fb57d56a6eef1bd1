"""Accounts: login lockout (django-axes) and two-factor authentication (django-otp).

**Lockout.** django-axes counts failed sign-ins on Wagtail's own login view
(``AxesStandaloneBackend`` first in ``AUTHENTICATION_BACKENDS``). After
``AXES_FAILURE_LIMIT`` failures for one username (from any address) or from one
client address (any usernames) within ``AXES_COOLOFF_TIME``, sign-in is refused,
even with the right password, until the cool-off has passed or a network admin
unlocks it (:class:`LockoutsView`). The address is the project's one
:func:`cms.ratelimits.client_address` (``AXES_CLIENT_IP_CALLABLE``; it takes the
request, as axes expects). The refused request gets Wagtail's login page again
with the message (:func:`lockout_response`, ``AXES_LOCKOUT_CALLABLE``), status 429.

**Password reset.** A POST to Wagtail's password reset form counts against the
``accounts.password_reset`` quota (``settings.RATE_LIMITS``) per client address
and per e-mail address; over it, the form comes back with a message and no
e-mail is sent (:class:`AccountsMiddleware`).

**Two-factor.** TOTP devices (django-otp) on top of Wagtail's login: the password
sign-in is unchanged; afterwards :class:`AccountsMiddleware` keeps a user who
must use a second factor (:func:`must_verify`) out of every admin page but the
setup and verify pages until the session is verified, and treats them as
anonymous outside the admin (private pages and documents). Who must:
network admins (``TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS``, default on), all
admin users with ``TWO_FACTOR_REQUIRED_FOR_STAFF``, and anyone who turned it on
for their own account.
"""

from __future__ import annotations

import base64
import logging
import math
import re

import qrcode
import qrcode.image.svg
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Sum
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView, View
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.account import (
    LoginView,
    get_password_reset_form,
    password_reset_enabled,
)
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.ratelimits import limited
from sites.permissions import is_network_admin

logger = logging.getLogger(__name__)

PASSWORD_RESET_ACTION = "accounts.password_reset"

# Admin routes a user may open while their second factor is still owed.
OPEN_WHILE_UNVERIFIED = {
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "cms_accounts_two_factor_setup",
    "cms_accounts_two_factor_verify",
}


# -- Lockout ---------------------------------------------------------------------------


def lockout_message() -> str:
    cool_off = get_cool_off()
    if cool_off:
        minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
        return _(
            "Too many failed sign-in attempts. Signing in is locked for %(minutes)s minutes: "
            "try again later, or ask a network administrator to unlock it."
        ) % {"minutes": minutes}
    return _("Too many failed sign-in attempts. Signing in is locked: ask a network administrator to unlock it.")


def lockout_username(request, credentials=None) -> str | None:
    """The username django-axes records (AXES_USERNAME_CALLABLE): the one tried, cut to
    the 255 characters its tables hold. Django's sign-in form checks no length (a longer
    name reaches ``authenticate``), and PostgreSQL refuses to store it: a 500 for anyone
    who types a very long name."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    return username[:255] if isinstance(username, str) else username


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: Wagtail's login page again, with the lockout message (429)."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    message = lockout_message()
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"error": message}, status=status)
    view = LoginView()
    view.setup(request)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = view.get_form_class()(request=request, initial={"username": username})
    form.cleaned_data = {}
    form.add_error(None, message)
    return render(request, view.template_name, view.get_context_data(form=form), status=status)


# -- Two-factor: who must, and the gate ------------------------------------------------------


def two_factor_required(user) -> bool:
    """Whether the policy makes ``user`` use a second factor (whatever their devices)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(settings, "TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS", True) and is_network_admin(user):
        return True
    return bool(getattr(settings, "TWO_FACTOR_REQUIRED_FOR_STAFF", False) and user.has_perm("wagtailadmin.access_admin"))


def confirmed_device(user):
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def must_verify(user) -> bool:
    """Whether ``user`` is signed in but still owes this session a second factor."""
    if user is None or not user.is_authenticated or not user.is_active or is_verified(user):
        return False
    return two_factor_required(user) or confirmed_device(user) is not None


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def _with_next(url_name: str, next_url: str | None) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def safe_next(request, default: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse("wagtailadmin_home")


def gate_url(request, next_url: str | None) -> str:
    """Where a user who owes a second factor goes: verify (a device) or set one up."""
    name = "cms_accounts_two_factor_verify" if confirmed_device(request.user) else "cms_accounts_two_factor_setup"
    return _with_next(name, next_url)


# -- Password reset quota ------------------------------------------------------------------------


def password_reset_throttled(request) -> bool:
    """Counts this reset request; True when its address or its e-mail is over the quota."""
    email = (request.POST.get("email") or "").strip().lower()
    if limited(request, PASSWORD_RESET_ACTION):
        return True
    return bool(email) and limited(request, PASSWORD_RESET_ACTION, key=lambda group, req: f"email:{email}")


def throttled_password_reset_response(request):
    form = get_password_reset_form()(request.POST)
    form.is_valid()
    form.add_error(None, _("Too many password reset requests. Please try again later."))
    return render(request, "wagtailadmin/account/password_reset/form.html", {"form": form}, status=429)


class AccountsMiddleware:
    """After ``OTPMiddleware``: the two-factor gate and the password-reset quota."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Outside the admin a user who still owes a second factor is nobody:
        # private pages and documents ask for a login (which leads to verify).
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.path_info.startswith(_admin_prefix())
            and must_verify(request.user)
        ):
            request.user = AnonymousUser()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else ""
        resetting = name == "wagtailadmin_password_reset" and request.method == "POST" and password_reset_enabled()
        if resetting and password_reset_throttled(request):
            return throttled_password_reset_response(request)
        if not request.path_info.startswith(_admin_prefix()) or name in OPEN_WHILE_UNVERIFIED:
            return None
        if not must_verify(request.user):
            return None
        if name == "wagtailadmin_login":
            if request.method == "POST":  # signing in again, maybe as somebody else
                return None
            return redirect(gate_url(request, safe_next(request, default="")))
        next_url = request.get_full_path() if request.method == "GET" else None
        return redirect(gate_url(request, next_url))


# -- Sign-in form -------------------------------------------------------------------------------


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM) with a translated password
    label: Wagtail's field has none, so Django shows the field's name, "Password"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")


# -- Two-factor: setup and verify pages --------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=pgettext_lazy("two-factor authentication", "Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}),
    )

    def clean_token(self):
        token = re.sub(r"\s+", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6,8}", token):
            raise forms.ValidationError(_("Enter the 6-digit code your authenticator app shows."))
        return token


def _check_token(device, form) -> bool:
    """Verifies the form's code on ``device``, adding the error to the form when refused."""
    if not form.is_valid():
        return False
    allowed, info = device.verify_is_allowed()
    if not allowed:
        seconds = 1
        locked_until = (info or {}).get("locked_until")
        if locked_until is not None:
            seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        form.add_error("token", _("Too many wrong codes. Wait %(seconds)s seconds, then try again.") % {"seconds": seconds})
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    form.add_error("token", _("This code is not valid. Enter the code your authenticator app shows now."))
    return False


def _mark_verified(request, device):
    otp_login(request, device)
    request.session.cycle_key()  # a new session key for the higher privilege


def qr_svg(data: str) -> str:
    """An inline SVG QR code of ``data`` (no image URL, nothing leaves the server)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    # A fixed size in attributes (no inline style: the admin's CSP need not allow one).
    svg = re.sub(r'\swidth="[^"]*"\s+height="[^"]*"', ' width="220" height="220"', svg, count=1)
    label = escape(_("QR code to scan with your authenticator app"))
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="two-factor-qr" ', 1))  # ours


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class TwoFactorVerifyView(View):
    """After the password: the code from the user's authenticator app."""

    template_name = "cms/accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        self.device = confirmed_device(request.user)
        if self.device is None:
            return redirect(_with_next("cms_accounts_two_factor_setup", safe_next(request, default="")))
        if is_verified(request.user):
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        context = {"form": form, "next": safe_next(request=self.request, default="")}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if _check_token(self.device, form):
            _mark_verified(request, self.device)
            return redirect(safe_next(request))
        logger.warning("Two-factor code refused for user %s", request.user.pk)
        return self.render(form)


class TwoFactorSetupView(View):
    """Turn two-factor on (or move it to a new phone): scan, then confirm with a code.

    A user whose account already has a device must verify this session first:
    otherwise a stolen password would be enough to enrol the thief's phone.
    """

    template_name = "cms/accounts/two_factor_setup.html"
    pending_name = "pending"

    def dispatch(self, request, *args, **kwargs):
        self.current = confirmed_device(request.user)
        if self.current is not None and not is_verified(request.user):
            return redirect(_with_next("cms_accounts_two_factor_verify", safe_next(request, default="")))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def pending(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name=self.pending_name, confirmed=False)
        return device

    def render(self, form, disable_form=None, status=200):
        device = self.pending
        user = self.request.user
        context = {
            "form": form,
            "disable_form": disable_form or TokenForm(prefix="disable"),
            "qr_svg": qr_svg(device.config_url),
            "secret": _grouped(base64.b32encode(device.bin_key).decode()),
            "current": self.current,
            "required": two_factor_required(user),
            "gated": must_verify(user),
            "next": safe_next(self.request, default=""),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(TokenForm())

    def post(self, request):
        if request.POST.get("action") == "disable":
            return self.disable(request)
        form = TokenForm(request.POST)
        device = self.pending
        if _check_token(device, form):
            device.confirmed = True
            device.name = "TOTP"
            device.save(update_fields=["confirmed", "name"])
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            _mark_verified(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            logger.warning("Two-factor device confirmed for user %s", request.user.pk)
            return redirect(safe_next(request))
        return self.render(form)

    def disable(self, request):
        """Turn it off (only where no policy requires it), with a current code."""
        if self.current is None or two_factor_required(request.user):
            raise PermissionDenied
        disable_form = TokenForm(request.POST, prefix="disable")
        if _check_token(self.current, disable_form):
            TOTPDevice.objects.filter(user=request.user).delete()
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Two-factor authentication is off for your account."))
            logger.warning("Two-factor turned off by user %s", request.user.pk)
            return redirect("wagtailadmin_account")
        return self.render(TokenForm(), disable_form=disable_form)


# -- Network admins: lockouts and lost phones --------------------------------------------------


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    """Current lockouts (per username, per address) with Unlock; resetting a user's two-factor."""

    template_name = "cms/accounts/lockouts.html"
    page_title = gettext_lazy("Sign-in security")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not is_network_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def current_attempts(self):
        attempts = AccessAttempt.objects.all()
        cool_off = get_cool_off()
        if cool_off:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        return attempts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limit = settings.AXES_FAILURE_LIMIT
        attempts = self.current_attempts()
        cool_off = get_cool_off()
        users = list(
            attempts.exclude(username=None)
            .values("username")
            .annotate(
                failures=Sum("failures_since_start"), last=Max("attempt_time"), addresses=Count("ip_address", distinct=True)
            )
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        addresses = list(
            attempts.exclude(ip_address=None)
            .values("ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"), usernames=Count("username", distinct=True))
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        for row in [*users, *addresses]:
            row["until"] = row["last"] + cool_off if cool_off else None
        context.update(
            {
                "locked_users": users,
                "locked_addresses": addresses,
                "failure_limit": limit,
                "cool_off_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "unlock_user":
            username = request.POST.get("username", "")
            if username:
                axes_reset(username=username)
                logger.warning("Sign-in of %r unlocked by user %s", username, request.user.pk)
                messages.success(request, _("Sign-in for the account “%(username)s” is unlocked.") % {"username": username})
        elif action == "unlock_address":
            address = request.POST.get("ip_address", "")
            if address:  # never reset() with nothing named: that would clear every record
                axes_reset(ip=address)
                logger.warning("Sign-in from %s unlocked by user %s", address, request.user.pk)
                messages.success(request, _("Sign-in from the address %(address)s is unlocked.") % {"address": address})
        elif action == "reset_two_factor":
            self.reset_two_factor(request, request.POST.get("username", "").strip())
        return redirect("cms_accounts_lockouts")

    def reset_two_factor(self, request, username):
        target = get_user_model().objects.filter(username=username).first() if username else None
        if target is None:
            messages.error(request, _("No account has the username “%(username)s”.") % {"username": username})
            return
        if target.is_superuser and not request.user.is_superuser:
            messages.error(request, _("Only a superuser can reset the two-factor authentication of a superuser."))
            return
        count, _detail = TOTPDevice.objects.filter(user=target).delete()
        logger.warning("Two-factor of user %s reset by user %s (%s devices)", target.pk, request.user.pk, count)
        messages.success(
            request,
            _("Two-factor authentication of “%(username)s” is reset: they set it up again at their next sign-in.")
            % {"username": username},
        )


class NetworkAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return is_network_admin(request.user)


def lockouts_menu_item():
    """``register_settings_menu_item``: network admins only."""
    return NetworkAdminMenuItem(gettext_lazy("Sign-in security"), reverse("cms_accounts_lockouts"), icon_name="lock", order=900)


def two_factor_account_menu_item(request):
    """``register_account_menu_item``: the account page's link to two-factor."""
    return {
        "url": reverse("cms_accounts_two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Sign in with a code from an authenticator app on your phone as well as your password."),
    }


def admin_urls():
    """``register_admin_urls``: inside Wagtail's admin (which requires admin access)."""
    return [
        path("two-factor/", TwoFactorSetupView.as_view(), name="cms_accounts_two_factor_setup"),
        path("two-factor/verify/", TwoFactorVerifyView.as_view(), name="cms_accounts_two_factor_verify"),
        path("sign-in-security/", LockoutsView.as_view(), name="cms_accounts_lockouts"),
    ]
