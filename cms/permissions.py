"""Agency isolation: one portal-aware permission policy behind every admin route.

Wagtail asks a model's permission policy (``wagtail.permissions.policy_registry``)
whether a user may act on an instance and which instances a user may act on:
listings, choosers, bulk actions, history, usage, inspect, copy, export and
delete all go through it. :class:`PortalPermissionPolicy` answers those questions
by the portal an object belongs to, so every Wagtail code path that asks the
policy is scoped, including routes Wagtail adds later.

The plugin contract applies it: every model a plugin lists in
``Plugin.editor_models`` (mapped to the ORM path of its portal, ``"portal"`` by
default) gets the policy, and every model in ``Plugin.network_models`` gets the
network-admin-only variant (``portal_field=None``). :func:`register_portal_policies`
runs once, from ``CmsConfig.ready``, before any admin view asks for a policy. A
plugin with a rule of its own registers a subclass in its ``wagtail_hooks``,
which replaces the default (news does, for the offers its province decides on).
Wagtail's redirects get :class:`RedirectPermissionPolicy` (a redirect belongs to
the portal of its site), so a portal's moderators manage their own portal's.

Pages, images and documents keep Wagtail's own page and collection permission
policies (portal groups hold page permissions on their own home pages and
collection permissions on their own collection only); :func:`visible_pages`
and :func:`user_can_see` add what those policies do not cover (which other
portals' pages a chooser may offer, what a bulk action may even list).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from registry.plugins import registry
from sites.permissions import is_network_admin, portals_for_user, remembered, user_portal_ids


class PortalPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the objects of the portals a user belongs to.

    ``portal_field`` is the ORM path from the model to its ``Portal``; ``None``
    marks a network-wide catalogue that only network admins manage.
    """

    def __init__(self, model, portal_field: str | None = "portal"):
        super().__init__(model)
        self.portal_field = portal_field

    # -- which objects ---------------------------------------------------------

    def scope(self, queryset, user):
        """``queryset`` narrowed to the objects of the portals ``user`` may touch."""
        if is_network_admin(user):
            return queryset
        if self.portal_field is None or user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        return queryset.filter(self.owned_by(user_portal_ids(user)))

    def owned_by(self, portal_ids) -> Q:
        """The model's rows that belong to the portals ``portal_ids``."""
        return Q(**{f"{self.portal_field}__in": sorted(portal_ids)})

    def portal_id_of(self, instance):
        if self.portal_field is None:
            return None
        if self.portal_field == "pk":
            return instance.pk
        if "__" not in self.portal_field:
            field = self.model._meta.get_field(self.portal_field)
            return getattr(instance, field.attname)
        return self.model._default_manager.filter(pk=instance.pk).values_list(self.portal_field, flat=True).first()

    def user_can_see(self, user, instance) -> bool:
        if is_network_admin(user):
            return True
        if self.portal_field is None or user is None or not user.is_authenticated or not user.is_active:
            return False
        if instance is None or instance.pk is None:
            return False
        return self.portal_id_of(instance) in user_portal_ids(user)

    # -- Wagtail's questions -----------------------------------------------------

    def user_has_permission(self, user, action):
        if self.portal_field is None:
            return is_network_admin(user)
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.user_can_see(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.user_can_see(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(self.model._default_manager.all(), user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        from sites.models import Portal

        users = self.users_with_any_permission(actions)
        network = (
            Q(is_superuser=True) | Q(groups__permissions__codename="view_network") | Q(user_permissions__codename="view_network")
        )
        portal = Portal.objects.filter(pk=self.portal_id_of(instance)).first()
        if portal is None:
            return users.filter(network).distinct()
        group_ids = [
            g for g in (portal.editors_group_id, portal.moderators_group_id, getattr(portal, "admins_group_id", None)) if g
        ]
        return users.filter(network | Q(groups__in=group_ids)).distinct()

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)


class RedirectPermissionPolicy(PortalPermissionPolicy):
    """Redirects (Wagtail's ``Redirect``) belong to the portal of their site.

    A portal merged into another (``sites.merging``) keeps its old host as a site
    whose redirects carry its old addresses; they belong to the portal it was merged
    into, whose moderators now keep them. A redirect for "all sites" (no site) is
    the network's: only network admins manage it.
    """

    def __init__(self, model):
        super().__init__(model, portal_field="site__portal")

    @staticmethod
    def _owned_by(portal_ids, prefix: str) -> Q:
        """Rows (through ``prefix`` to the portal) owned by ``portal_ids``, merged portals' included."""
        ids = sorted(portal_ids)
        return Q(**{f"{prefix}portal__in": ids, f"{prefix}portal__merged_into__isnull": True}) | Q(
            **{f"{prefix}portal__merged_into__in": ids}
        )

    def owned_by(self, portal_ids) -> Q:
        return self._owned_by(portal_ids, prefix="site__")

    def portal_id_of(self, instance):
        row = self.model._default_manager.filter(pk=instance.pk).values_list("site__portal__merged_into", "site__portal").first()
        return (row[0] or row[1]) if row else None

    def sites_for(self, user):
        """The sites ``user`` may create redirects on (every site for network admins)."""
        from wagtail.models import Site

        sites = Site.objects.select_related("portal").order_by("site_name", "hostname")
        if is_network_admin(user):
            return sites
        return sites.filter(self._owned_by(user_portal_ids(user), prefix=""))  # no id: no site


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def portal_models(with_network: bool = True):
    """(model, portal_field) of every model plugins declare as a portal's (None: network catalogue)."""
    seen = set()
    for plugin in registry.all():
        declared = plugin.editor_models
        pairs = declared.items() if isinstance(declared, dict) else ((label, "portal") for label in declared)
        if with_network:
            pairs = [*pairs, *((label, None) for label in plugin.network_models)]
        for label, portal_field in pairs:
            model = _model(label)
            if model is not None and model not in seen:
                seen.add(model)
                yield model, portal_field


def register_portal_policies():
    """Give every declared model the portal policy, unless its plugin registered a subclass."""
    install_page_policy()
    for model, portal_field in portal_models():
        existing = policy_registry.get_by_type(model, fallback=False)
        if isinstance(existing, PortalPermissionPolicy):
            continue
        register_permission_policy(model, PortalPermissionPolicy(model, portal_field), exact_class=True)
    from wagtail.contrib.redirects.models import Redirect

    # Registered exactly for the class: the redirects app's own (later, default) registration does not replace it.
    register_permission_policy(Redirect, RedirectPermissionPolicy(Redirect), exact_class=True)


# -- pages, images, documents ----------------------------------------------------------


def own_page_q(user) -> Q:
    """Pages inside the trees (every language) of the portals ``user`` belongs to."""
    from wagtail.models import Page

    homes = remembered(
        user,
        "home_paths",
        lambda: list(
            Page.objects.filter(
                depth=2, translation_key__in=portals_for_user(user).values("site__root_page__translation_key")
            ).values_list("path", flat=True)
        ),
    )
    own = Q(pk__in=[])
    for path in homes:
        own |= Q(path__startswith=path)
    return own


def visible_pages(pages, user, other_portals_live: bool = True):
    """``pages`` a user may see in the admin.

    Network admins see every page. A portal's staff see their own portals'
    pages and, where linking across portals is legitimate (choosers), other
    portals' live public pages whose published title is the one the admin
    shows (no pending draft, whose title is unpublished); never other portals'
    drafts or private pages.
    """
    if is_network_admin(user):
        return pages
    if user is None or not user.is_authenticated:
        return pages.none()
    own = own_page_q(user)
    if not other_portals_live:
        return pages.filter(own)
    from wagtail.models import Page, PageViewRestriction

    # Only fields Wagtail's search index can filter on (choosers search this queryset).
    hidden = Q(pk__in=[])
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        hidden |= Q(path__startswith=path)
    pending = list(Page.objects.filter(live=True, has_unpublished_changes=True).exclude(own).values_list("pk", flat=True))
    if pending:
        hidden |= Q(pk__in=pending)
    return pages.filter(own | (Q(live=True, depth__gt=1) & ~hidden) | Q(depth=1))


def user_can_see(user, obj) -> bool:
    """Whether ``obj`` exists at all for ``user`` in the admin (else it is treated as missing)."""
    from wagtail.models import Page

    if is_network_admin(user):
        return True
    if isinstance(obj, Page):
        return visible_pages(Page.objects.filter(pk=obj.pk), user, other_portals_live=False).exists()
    policy = policy_registry.get_by_type(type(obj), fallback=False)
    if isinstance(policy, PortalPermissionPolicy):
        return policy.user_can_see(user, obj)
    collection_id = getattr(obj, "collection_id", None)
    if collection_id is not None and policy is not None:
        return (
            policy.instances_user_has_any_permission_for(user, ["add", "change", "delete", "choose"]).filter(pk=obj.pk).exists()
        )
    return True


class PortalPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, where "explorable" stops at the user's own portals.

    Page permissions already come only from a portal's own home pages; the
    explorable set (the explorer, the admin API's pages endpoint) is the user's
    pages and their ancestors, never another portal's tree.
    """

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if is_network_admin(user):
            return pages
        return pages.filter(own_page_q(user) | Q(depth=1))


def install_page_policy():
    """One page policy object for every caller: the registry's and the instance Wagtail's views import."""
    from wagtail import permissions

    permissions.page_permission_policy.__class__ = PortalPagePermissionPolicy
