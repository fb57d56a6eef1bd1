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


def portals_for_user(user, queryset=None):
    qs = queryset if queryset is not None else Portal.objects.all()
    if is_network_admin(user):
        return qs
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    group_ids = list(user.groups.values_list("id", flat=True))
    return qs.filter(Q(editors_group_id__in=group_ids) | Q(moderators_group_id__in=group_ids) | Q(admins_group_id__in=group_ids))


def user_portal_ids(user) -> set:
    cache_attr = "_portal_ids_cache"
    if not hasattr(user, cache_attr):
        setattr(user, cache_attr, set(portals_for_user(user).values_list("id", flat=True)))
    return getattr(user, cache_attr)


def can_touch_portal(user, portal) -> bool:
    return portal is not None and (is_network_admin(user) or portal.pk in user_portal_ids(user))
