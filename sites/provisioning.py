"""Provisioning: making a portal whole (site, trees, collection, groups, workflow).

Every step checks what exists first, and each portal is provisioned in one
transaction, so running the same provisioning again changes nothing and an
interrupted run is completed by the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from registry.plugins import registry
from sites.models import HomePage, Portal, PortalIdentity, PortalLevel, PortalNavigation
from sites.staff import (
    NETWORK_ADMINS_GROUP,
    ROLES,
    STOCK_GROUPS,
    TASK_PREFIX,
    WORKFLOW_PREFIX,
    portal_group_name,
    portal_label,
    portal_workflow_names,
)
from sites.starter import apply_starter, seed_kit

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
MODERATOR_COLLECTION_PERMISSIONS = EDITOR_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]


class ProvisioningError(Exception):
    """A provisioning request that cannot be carried out; nothing was changed."""


@dataclass
class PortalSpec:
    name: str
    codename: str
    hostname: str
    level: str
    name_en: str = ""
    parent: Portal | None = None
    admin_code: str = ""
    port: int = 80
    theme: str = ""
    is_default: bool = False
    plugins: list[str] | None = None
    legal: dict = field(default_factory=dict)
    # Give the portal the starter kit of its level (sites.starter): its standard
    # sections as pages in both languages, where it has none at their slugs yet.
    starter: bool = True


_PERMISSIONS: dict[tuple[str, str], Permission] = {}
_CORE_APPS = ("wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "sites", "auth", "simple_translation")
# Network admins manage every user (portal administrators manage their own
# portal's staff through sites.staff.PortalStaffPermissionPolicy, without these).
NETWORK_ADMIN_USER_PERMISSIONS = ["add_user", "change_user", "delete_user", "view_user"]


def _load_permissions():
    """Load the core permissions once per provisioning call (one query)."""
    _PERMISSIONS.clear()
    for permission in Permission.objects.filter(content_type__app_label__in=_CORE_APPS).select_related("content_type"):
        _PERMISSIONS[(permission.content_type.app_label, permission.codename)] = permission


def _permission(app_label, codename):
    permission = _PERMISSIONS.get((app_label, codename))
    if permission is None:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        _PERMISSIONS[(app_label, codename)] = permission
    return permission


def _grant(model, rows):
    """Create the missing GroupPagePermission / GroupCollectionPermission rows in two queries."""
    if not rows:
        return
    target = "page_id" if model is GroupPagePermission else "collection_id"
    group_ids = {r["group_id"] for r in rows}
    existing = set(model.objects.filter(group_id__in=group_ids).values_list("group_id", target, "permission_id"))
    missing = [r for r in rows if (r["group_id"], r[target], r["permission_id"]) not in existing]
    model.objects.bulk_create([model(**r) for r in missing])


def _locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


def remove_wagtail_welcome_site():
    """Drop the placeholder site and 'Welcome' page Wagtail's migrations create."""
    for site in Site.objects.select_related("root_page").filter(portal__isnull=True):
        root = site.root_page
        if root.content_type.model_class() is Page and root.slug == "home" and root.depth == 2:
            site.delete()
            if not root.get_children().exists():
                root.delete()


# The right to start an English (or Vietnamese) version of a page or object one may edit.
TRANSLATE_PERMISSION = ("simple_translation", "submit_translation")

# A portal's moderators keep its redirects (old addresses of moved or merged pages);
# cms.permissions.RedirectPermissionPolicy limits them to the portal's own sites.
REDIRECT_PERMISSIONS = [("wagtailredirects", f"{action}_redirect") for action in ("add", "change", "delete", "view")]

NETWORK_ADMIN_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]


def plugin_app_labels() -> set[str]:
    """App labels of the installed plugins (from the models they declare)."""
    return {label.split(".")[0].lower() for p in registry.all() for label in (*p.page_models, *p.editor_models)}


def network_admins_group():
    """The province's network admins: every portal, every plugin, every catalogue."""
    group, _created = Group.objects.get_or_create(name=NETWORK_ADMINS_GROUP)
    _load_permissions()
    strip_stock_groups()
    wanted = [
        _permission("wagtailadmin", "access_admin"),
        _permission("sites", "view_network"),
        _permission("sites", "view_portal"),
        _permission("sites", "change_portal"),
        _permission("sites", "change_portalidentity"),  # global: every portal's identity
        _permission("sites", "change_portalnavigation"),  # and navigation
        _permission(*TRANSLATE_PERMISSION),
        *(_permission(*p) for p in REDIRECT_PERMISSIONS),
        *(_permission("auth", c) for c in NETWORK_ADMIN_USER_PERMISSIONS),
        *Permission.objects.filter(content_type__app_label__in=plugin_app_labels()),
    ]
    group.permissions.add(*wanted)
    root_page = Page.get_first_root_node()
    if root_page is not None:
        _grant(
            GroupPagePermission,
            [
                {"group_id": group.pk, "page_id": root_page.pk, "permission_id": _permission("wagtailcore", c).pk}
                for c in NETWORK_ADMIN_PAGE_PERMISSIONS
            ],
        )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        _grant(
            GroupCollectionPermission,
            [
                {"group_id": group.pk, "collection_id": root_collection.pk, "permission_id": _permission(a, c).pk}
                for a, c in MODERATOR_COLLECTION_PERMISSIONS
            ],
        )
    return group


def strip_stock_groups():
    """Wagtail's stock "Editors" and "Moderators" groups grant nothing.

    Wagtail's migrations give them rights on the root page and root collection,
    i.e. on every portal of the network. Their permissions are removed; a stock
    group nobody belongs to is deleted, one with members is kept (empty) so the
    network admins see who still has to be moved to a portal's own group.
    (Data migration sites 0005 did the same for databases migrated before.)
    """
    for group in Group.objects.filter(name__in=STOCK_GROUPS):
        group.permissions.clear()
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        if not group.user_set.exists():
            group.delete()


def _unique_codename(codename, admin_code):
    base = slugify(codename)[:90] or f"portal-{admin_code}"
    if not Portal.objects.filter(codename=base).exclude(admin_code=admin_code).exists() or not admin_code:
        return base
    return f"{base}-{admin_code}"


def _check_hostname(spec: PortalSpec, portal: Portal | None):
    clash = Site.objects.filter(hostname=spec.hostname, port=spec.port)
    if portal is not None:
        clash = clash.exclude(pk=portal.site_id)
    if clash.exists():
        raise ProvisioningError(_("The hostname %(host)s is already used by another portal.") % {"host": spec.hostname})


def find_portal(spec: PortalSpec) -> Portal | None:
    if spec.admin_code:
        found = Portal.objects.filter(admin_code=spec.admin_code).first()
        if found:
            return found
    return Portal.objects.filter(codename=slugify(spec.codename)).first()


@transaction.atomic
def provision_portal(spec: PortalSpec) -> tuple[Portal, bool]:
    """Create or complete one portal. Returns (portal, created)."""
    _load_permissions()
    try:
        level = PortalLevel.objects.get(code=spec.level)
    except PortalLevel.DoesNotExist:
        raise ProvisioningError(_("Unknown portal level: %(level)s.") % {"level": spec.level}) from None

    portal = find_portal(spec)
    created = portal is None
    _check_hostname(spec, portal)
    vi, en = _locale("vi"), _locale("en")

    if portal is None:
        codename = _unique_codename(spec.codename, spec.admin_code)
        root = Page.get_first_root_node()
        slug = codename
        home = HomePage(title=spec.name, slug=slug, locale=vi, seo_title=spec.name)
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.create(
            hostname=spec.hostname,
            port=spec.port,
            root_page=home,
            site_name=spec.name,
            is_default_site=spec.is_default,
        )
        portal = Portal(
            site=site,
            codename=codename,
            level=level,
            parent=spec.parent,
            admin_code=spec.admin_code,
            theme=spec.theme or level.default_theme,
            enabled_plugins=(
                list(spec.plugins)
                if spec.plugins is not None
                else [p.name for p in registry.all() if p.is_default_for(level.code)]
            ),
        )
        portal.name_vi = spec.name
        portal.name_en = spec.name_en or spec.name
        for key, value in spec.legal.items():
            setattr(portal, key, value)
        portal.save()
    else:
        home = portal.site.root_page.specific

    if spec.is_default and not portal.site.is_default_site:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
        portal.site.is_default_site = True
        portal.site.save()

    # English tree: a translation of the Vietnamese home page.
    home_en = home.get_translation_or_none(en)
    if home_en is None:
        home_en = home.copy_for_translation(en)
        home_en.title = spec.name_en or spec.name
        home_en.save()
        home_en.save_revision().publish()

    if portal.collection_id is None:
        portal.collection = Collection.get_first_root_node().add_child(name=portal_label(portal))
    # The portal's own groups, named after it; re-running provisioning renames
    # them when the portal's name changed (or groups named by the old scheme).
    for role in ROLES:
        group = getattr(portal, role.field)
        wanted = portal_group_name(portal, role)
        if group is None:
            setattr(portal, role.field, Group.objects.get_or_create(name=wanted)[0])
        elif group.name != wanted:
            group.name = wanted
            group.save(update_fields=["name"])
    portal.save()

    access_admin = _permission("wagtailadmin", "access_admin")
    portal_settings = (_permission("sites", "view_portal"), _permission("sites", "change_portal"))
    # Moderators keep their portal's settings and legal notice up to date;
    # portal administrators manage its staff (sites.staff) and may do the same.
    # Neither gets a page or collection right outside the portal's own tree and
    # collection, and no model permission on users or groups.
    portal.moderators_group.permissions.add(*portal_settings, *(_permission(*p) for p in REDIRECT_PERMISSIONS))
    portal.admins_group.permissions.add(access_admin, *portal_settings)
    for group, page_perms, collection_perms in (
        (portal.editors_group, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
        (portal.moderators_group, MODERATOR_PAGE_PERMISSIONS, MODERATOR_COLLECTION_PERMISSIONS),
    ):
        # Translating is copying a page the user may edit into the English tree
        # (simple_translation checks the page's own permissions; cms.page_translation).
        group.permissions.add(access_admin, _permission(*TRANSLATE_PERMISSION))
        _grant(
            GroupPagePermission,
            [
                {"group_id": group.pk, "page_id": page.pk, "permission_id": _permission("wagtailcore", c).pk}
                for page in (home, home_en)
                for c in page_perms
            ],
        )
        _grant(
            GroupCollectionPermission,
            [
                {"group_id": group.pk, "collection_id": portal.collection_id, "permission_id": _permission(a, c).pk}
                for a, c in collection_perms
            ],
        )

    grant_plugin_permissions(portal)
    grant_identity_permissions(portal)

    # The moderation workflow and its task, named after the portal (its name, never its
    # codename: Wagtail shows them on the editor's buttons); renamed when the name changed.
    workflow_name, task_name = portal_workflow_names(portal)
    link = WorkflowPage.objects.filter(page=home).select_related("workflow").first()
    workflow = link.workflow if link else Workflow.objects.get_or_create(name=workflow_name)[0]
    if workflow.name != workflow_name and workflow.name.startswith(WORKFLOW_PREFIX):
        workflow.name = workflow_name
        workflow.save(update_fields=["name"])
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.set([portal.moderators_group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        ours = Task.objects.filter(workflow_tasks__workflow=workflow, name__startswith=TASK_PREFIX)
        ours.exclude(name=task_name).update(name=task_name)
    for page in (home, home_en):
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})

    if spec.starter:
        seed_kit()
        apply_starter(portal)

    if not portal.provisioned:
        portal.provisioned = True
        portal.save(update_fields=["provisioned"])
    return portal, created


def grant_plugin_permissions(portal: Portal) -> None:
    """Give a portal's editors and moderators the model permissions plugins ask for.

    Plugins list the models a portal's team manages in ``Plugin.editor_models``
    (portal administrators manage people, not content: they get none);
    the admin viewsets scope those models to the portals a user may touch.
    """
    wanted = []
    for plugin in registry.all():
        for label in plugin.editor_models:
            app_label, model_name = label.lower().split(".")
            wanted += list(
                Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model_name}" for action in ("add", "change", "delete", "view")],
                )
            )
    for group in (portal.editors_group, portal.moderators_group):
        if group is not None and wanted:
            group.permissions.add(*wanted)


def grant_identity_permissions(portal: Portal) -> None:
    """The portal's identity and navigation rows, and the right of its editors and
    moderators to change them.

    Given on the portal's own site only (Wagtail's GroupSitePermission, which the
    site settings' views ask), so *Settings > Portal identity* and *Settings > Portal
    navigation* open their own portal and refuse any other site's.
    """
    PortalIdentity.objects.get_or_create(site_id=portal.site_id)
    PortalNavigation.objects.get_or_create(site_id=portal.site_id)
    for change in Permission.objects.filter(
        content_type__app_label="sites", codename__in=["change_portalidentity", "change_portalnavigation"]
    ):
        for group_id in (portal.editors_group_id, portal.moderators_group_id):
            if group_id is not None:
                GroupSitePermission.objects.get_or_create(group_id=group_id, site_id=portal.site_id, permission=change)


def set_portal_plugins(portal: Portal, names: list[str]) -> None:
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise ProvisioningError(_("Unknown plugins: %(names)s.") % {"names": ", ".join(unknown)})
    portal.enabled_plugins = sorted(set(names))
    portal.save(update_fields=["enabled_plugins"])
