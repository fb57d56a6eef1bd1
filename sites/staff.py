"""A portal's staff: the three roles of every portal and who manages whom.

Every portal has three groups, named after the portal (provisioned by
sites.provisioning):

* "<portal name>: Biên tập viên"  editors: write pages and plugin content;
* "<portal name>: Người duyệt"     moderators: approve and publish;
* "<portal name>: Quản trị cổng"   portal administrators: manage the staff of
  their own portal (add, invite, deactivate, reset passwords) and nothing else.

Network admins (superusers and the "Quản trị mạng cổng" group) manage every
user. The rules live in :class:`PortalStaffPermissionPolicy`, registered with
Wagtail's policy registry for the user model (see sites.staff_admin), so every
Wagtail users route asks the same question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.permission_policies import ModelPermissionPolicy

from registry.text import fold_words
from sites.permissions import is_network_admin, remembered

NETWORK_ADMINS_GROUP = "Quản trị mạng cổng"
# Wagtail's migrations create these; they would grant the whole network (see sites migration 0005).
STOCK_GROUPS = ("Editors", "Moderators")
GROUP_NAME_MAX = 150  # django.contrib.auth Group.name


@dataclass(frozen=True)
class Role:
    code: str
    field: str  # the Portal foreign key to its group
    label: str  # the group name's suffix (Vietnamese, stable: it is data, not interface text)


EDITOR = Role("editor", "editors_group", "Biên tập viên")
MODERATOR = Role("moderator", "moderators_group", "Người duyệt")
ADMIN = Role("admin", "admins_group", "Quản trị cổng")
ROLES = (EDITOR, MODERATOR, ADMIN)
ROLE_FIELDS = tuple(role.field for role in ROLES)


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), words joined by '-': 'Biên tập viên' -> 'bien-tap-vien'."""
    return fold_words(text.replace("_", " ").replace("-", " "), sep="-")


_ROLE_NAMES = {
    EDITOR: ("bien-tap-vien", "editor", "editors"),
    MODERATOR: ("nguoi-duyet", "moderator", "moderators"),
    ADMIN: ("quan-tri", "quan-tri-cong", "quan-tri-vien", "admin", "administrator", "portal-admin"),
}
_ROLE_LOOKUP = {name: role for role, names in _ROLE_NAMES.items() for name in names}


def parse_role(text: str) -> Role | None:
    """The role named by ``text`` in Vietnamese (with or without diacritics) or English."""
    return _ROLE_LOOKUP.get(fold(text or ""))


# -- group names ---------------------------------------------------------------


def _fit(prefix: str, suffix: str) -> str:
    room = GROUP_NAME_MAX - len(suffix)
    return (prefix if len(prefix) <= room else prefix[: room - 1].rstrip() + "…") + suffix


def portal_group_name(portal, role: Role) -> str:
    """The name of ``portal``'s group for ``role``; unique among groups.

    "<portal name>: <role>"; when another portal has the same name, the hostname
    follows the name in parentheses, so people picking a group can tell them apart.
    """
    from sites.models import Portal

    name = (portal.name_vi or portal.name or portal.codename).strip()
    suffix = f": {role.label}"
    own_group_id = getattr(portal, f"{role.field}_id")
    shared_name = Portal.objects.filter(Q(name_vi=name) | Q(name=name)).exclude(pk=portal.pk).exists()
    candidates = [] if shared_name else [_fit(name, suffix)]
    candidates += [_fit(f"{name} ({portal.site.hostname})", suffix), _fit(f"{name} ({portal.codename})", suffix)]
    for candidate in candidates:
        if not _group_taken(candidate, own_group_id):
            return candidate
    return _fit(f"{name} #{portal.pk}", suffix)


def portal_label(portal) -> str:
    """The portal as people name it in the admin: its Vietnamese name, never its codename;
    when another portal has the same name, its hostname follows in parentheses."""
    from sites.models import Portal

    name = (portal.name_vi or portal.name or portal.codename).strip()
    if Portal.objects.filter(Q(name_vi=name) | Q(name=name)).exclude(pk=portal.pk).exists():
        return f"{name} ({portal.site.hostname})"
    return name


# The portal's moderation workflow and its one task. Wagtail shows them on the editor's
# buttons and messages ("Gửi vào quy trình Duyệt tin Phường An Xuyên", "Gửi lại cho Người
# duyệt Phường An Xuyên"). Data, not interface text: always Vietnamese.
WORKFLOW_PREFIX = "Duyệt tin"
TASK_PREFIX = "Người duyệt"


def portal_workflow_names(portal) -> tuple[str, str]:
    """(workflow name, task name) of ``portal``'s moderation workflow."""
    label = portal_label(portal)
    return f"{WORKFLOW_PREFIX} {label}", f"{TASK_PREFIX} {label}"


def portal_group_ids() -> set[int]:
    from sites.models import Portal

    ids = set()
    for row in Portal.objects.values_list(*(f"{f}_id" for f in ROLE_FIELDS)):
        ids.update(i for i in row if i)
    return ids


def _group_taken(name: str, own_group_id: int | None) -> bool:
    """A group of that name exists and is another portal's or a network group (not ours to reuse)."""
    group = Group.objects.filter(name=name).first()
    if group is None or group.pk == own_group_id:
        return False
    return group.pk in portal_group_ids() or name == NETWORK_ADMINS_GROUP or name in STOCK_GROUPS


# -- who manages whom -----------------------------------------------------------


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_user_manager(user) -> bool:
    """Manages every user: superusers, network admins, holders of the user model's change permission."""
    User = get_user_model()
    return _active(user) and (
        user.is_superuser or is_network_admin(user) or user.has_perm(f"{User._meta.app_label}.change_{User._meta.model_name}")
    )


def administered_portals(user):
    """The portals whose administrators group ``user`` belongs to."""
    from sites.models import Portal

    if not _active(user):
        return Portal.objects.none()
    return Portal.objects.filter(admins_group__in=user.groups.all())


def manageable_groups(user):
    """The groups ``user`` may give people: every group for network admins, else their portals' groups."""
    if is_user_manager(user):
        return Group.objects.all()
    ids = set()
    for row in administered_portals(user).values_list(*(f"{f}_id" for f in ROLE_FIELDS)):
        ids.update(i for i in row if i)
    return Group.objects.filter(pk__in=ids)


def manageable_users(actor):
    """The users a portal administrator may see and edit.

    Those in at least one group of the actor's portals and in no other group:
    nobody who also works for another portal, no network admin, no superuser,
    no staff (Django admin) account, nobody with permissions of their own.
    """
    User = get_user_model()
    if is_user_manager(actor):
        return User._default_manager.all()
    groups = manageable_groups(actor)
    memberships = User.groups.through.objects
    return (
        User._default_manager.filter(pk__in=memberships.filter(group__in=groups).values("user_id"))
        .exclude(pk__in=memberships.exclude(group__in=groups).values("user_id"))
        .exclude(pk__in=User.user_permissions.through.objects.values("user_id"))
        .filter(is_superuser=False, is_staff=False)
    )


class PortalStaffPermissionPolicy(ModelPermissionPolicy):
    """Permission policy of the user model.

    Network admins (and superusers, and holders of the auth model permissions)
    keep Wagtail's full user management, except that only a superuser may edit
    or delete a superuser. A portal administrator may add users and see and
    change the users of :func:`manageable_users`; never delete (deactivating
    keeps the author of every revision and log entry).
    """

    PORTAL_ADMIN_ACTIONS = frozenset({"add", "change", "view"})

    def _full(self, user, action) -> bool:
        """Network-wide right to ``action`` on users (model permission or network admin)."""
        return super().user_has_permission(user, action) or is_network_admin(user)

    def user_has_permission(self, user, action):
        if not _active(user):
            return False
        if self._full(user, action):
            return True
        return action in self.PORTAL_ADMIN_ACTIONS and remembered(
            user, "administers_a_portal", lambda: administered_portals(user).exists()
        )

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        if not set(actions) & self.PORTAL_ADMIN_ACTIONS:
            return users
        from sites.models import Portal

        User = get_user_model()
        admins = User._default_manager.filter(
            is_active=True, groups__in=Portal.objects.exclude(admins_group=None).values("admins_group")
        )
        return User._default_manager.filter(Q(pk__in=users.values("pk")) | Q(pk__in=admins.values("pk")))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        User = self.model
        actions = set(actions)
        if not _active(user):
            return User._default_manager.none()
        full = {action for action in actions if self._full(user, action)}
        if full:
            everyone = User._default_manager.all()
            if user.is_superuser or full & {"view", "add"}:
                return everyone
            return everyone.filter(is_superuser=False)  # only a superuser edits or deletes a superuser
        if actions & {"change", "view"}:
            return manageable_users(user)
        return User._default_manager.none()


# -- invitations ---------------------------------------------------------------


def portal_admin_url(portal) -> str:
    """The base URL of ``portal``'s admin host (its own hostname)."""
    site = portal.site
    https = getattr(settings, "HTTPS", False) or site.port == 443
    scheme = "https" if https else "http"
    netloc = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    return f"{scheme}://{netloc}"


def portal_of_user(user):
    """A portal the user works for (the first by name), for links in e-mails."""
    from sites.models import Portal

    group_ids = list(user.groups.values_list("pk", flat=True))
    q = Q()
    for field in ROLE_FIELDS:
        q |= Q(**{f"{field}__in": group_ids})
    return Portal.objects.select_related("site").filter(q).order_by("name").first() if group_ids else None


def password_link(user, portal=None) -> str:
    """A one-time link to the admin's password-setting page for ``user``."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    base = portal_admin_url(portal) if portal is not None else settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + path


def send_staff_email(user, portal=None, invitation=True) -> None:
    """E-mail ``user`` a link to set their password: an invitation (new account) or a reset.

    Raises whatever the mail backend raises; callers report it.
    """
    portal = portal or portal_of_user(user)
    portal_name = (portal.name_vi or portal.name) if portal is not None else settings.WAGTAIL_SITE_NAME
    with override(settings.LANGUAGE_CODE):
        context = {
            "name": user.get_full_name() or user.get_username(),
            "portal": portal_name,
            "username": user.get_username(),
            "url": password_link(user, portal),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        if invitation:
            subject = _("Invitation to manage the portal %(portal)s") % context
            body = (
                _(
                    "Hello %(name)s,\n\n"
                    "An account has been created for you in the administration of the portal %(portal)s.\n"
                    "Your username: %(username)s\n\n"
                    "Choose your password with this link (valid for %(days)d days, usable once):\n%(url)s\n\n"
                    "If you did not expect this e-mail, ignore it."
                )
                % context
            )
        else:
            subject = _("Set a new password for the portal %(portal)s") % context
            body = (
                _(
                    "Hello %(name)s,\n\n"
                    "An administrator of the portal %(portal)s asked for your password to be reset.\n"
                    "Your username: %(username)s\n\n"
                    "Choose a new password with this link (valid for %(days)d days, usable once):\n%(url)s\n\n"
                    "If you did not expect this e-mail, tell your portal administrator."
                )
                % context
            )
    send_mail(subject, body, None, [user.email])
