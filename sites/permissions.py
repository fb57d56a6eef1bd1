"""Who may touch which portal.

A network admin (superuser, or a user with ``sites.view_network``) touches every
portal; anyone else touches the portals whose editors, moderators or portal
administrators group they belong to (sites.staff describes the three roles).
Every admin view, API and query that is portal-scoped filters through
:func:`portals_for_user`.
"""

from django.db.models import Q

from sites.models import Portal


def is_network_admin(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("sites.view_network"))
    )


STAFF_ROLES = ("editors", "moderators", "admins")


def portals_for_user(user, queryset=None, roles=STAFF_ROLES):
    """The portals ``user`` works on: every one for network admins; otherwise those whose
    groups of ``roles`` (editors, moderators, admins) the user belongs to."""
    qs = queryset if queryset is not None else Portal.objects.all()
    if is_network_admin(user):
        return qs
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    group_ids = remembered(user, "group_ids", lambda: list(user.groups.values_list("id", flat=True)))
    member = Q()
    for role in roles:
        member |= Q(**{f"{role}_group_id__in": group_ids})
    return qs.filter(member)


def remembered(user, key: str, compute):
    """``compute()`` once per user object: a request's user is loaded for that request,
    and an admin page asks the same portal question many times (every menu item,
    every permission policy). Like Django's own permission cache on the user, a change
    of the user's groups shows from the next request on."""
    memo = getattr(user, "_portal_memo", None)  # through a request's lazy user to the user itself
    if memo is None:
        memo = {}
        user._portal_memo = memo
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def user_portal_ids(user) -> set:
    return remembered(user, "portal_ids", lambda: set(portals_for_user(user).values_list("id", flat=True)))


def can_touch_portal(user, portal) -> bool:
    return portal is not None and (is_network_admin(user) or portal.pk in user_portal_ids(user))
