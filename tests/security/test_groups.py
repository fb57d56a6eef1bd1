"""Groups never grant the whole network (issue #17 item 5).

The only way to give a person access is a portal's own group. After the
migrations and provisioning, no group but the network admins' has a right on
the root page or the root collection; Wagtail's stock "Editors" and
"Moderators" grant nothing; each portal group's rights stay inside its portal.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from sites.models import Portal
from sites.provisioning import PortalSpec, network_admins_group, provision_portal
from sites.staff import NETWORK_ADMINS_GROUP, ROLES, STOCK_GROUPS
from tests.conftest import make_portal, make_user

migration = importlib.import_module("sites.migrations.0005_portal_staff_groups")


def assert_no_network_wide_rights():
    root_page, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
    network = Group.objects.get(name=NETWORK_ADMINS_GROUP)
    page_groups = set(GroupPagePermission.objects.filter(page=root_page).values_list("group__name", flat=True))
    collection_groups = set(
        GroupCollectionPermission.objects.filter(collection=root_collection).values_list("group__name", flat=True)
    )
    assert page_groups <= {network.name} and collection_groups <= {network.name}
    for group in Group.objects.filter(name__in=STOCK_GROUPS):
        assert not group.permissions.exists()
        assert not GroupPagePermission.objects.filter(group=group).exists()
        assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_after_migrate_and_provisioning_only_network_admins_reach_the_root(network):
    assert_no_network_wide_rights()
    # On a fresh database nobody belonged to the stock groups: they are gone.
    assert not Group.objects.filter(name__in=STOCK_GROUPS).exists()


def test_portal_groups_are_named_after_their_portal_and_stay_inside_it(network):
    for portal in (network.province, network.ward_a, network.ward_b):
        homes = set(portal.root_pages().values_list("pk", flat=True))
        assert len(homes) == 2
        for role in ROLES:
            group = getattr(portal, role.field)
            assert group.name == f"{portal.name}: {role.label}"
            page_targets = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True))
            assert page_targets <= homes
            collections = set(GroupCollectionPermission.objects.filter(group=group).values_list("collection_id", flat=True))
            assert collections <= {portal.collection_id}
            # Model permissions: never users, groups or the network.
            codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
            assert not {c for c in codenames if c[0] == "auth"}
            assert ("sites", "view_network") not in codenames
    assert set(GroupPagePermission.objects.filter(group=network.ward_a.editors_group).values_list("page_id", flat=True)) == set(
        network.ward_a.root_pages().values_list("pk", flat=True)
    )


def test_network_admins_group_manages_users(network):
    codenames = set(Group.objects.get(name=NETWORK_ADMINS_GROUP).permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "delete_user", "view_user", "view_network"} <= codenames
    assert not {"add_group", "change_group"} & codenames  # groups (and so permissions) stay with superusers


def test_stock_groups_with_members_are_emptied_of_rights_and_kept(network):
    root_page, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    access_admin = Permission.objects.get(codename="access_admin")
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    add_image = Permission.objects.get(content_type__app_label="wagtailimages", codename="add_image")
    for group in (editors, moderators):  # what Wagtail's migrations give them
        group.permissions.add(access_admin)
        GroupPagePermission.objects.create(group=group, page=root_page, permission=change_page)
        GroupCollectionPermission.objects.create(group=group, collection=root_collection, permission=add_image)
    old_hand = make_user("old_hand", [editors])

    migration.strip_stock_groups(django_apps, None)

    assert_no_network_wide_rights()
    assert list(old_hand.groups.all()) == [editors]  # kept, so the network admins see whom to move
    assert not Group.objects.filter(name="Moderators").exists()  # nobody in it: deleted
    assert not old_hand.has_perm("wagtailadmin.access_admin")

    # Provisioning does the same, should a later migration grant them something again.
    editors.permissions.add(access_admin)
    GroupPagePermission.objects.create(group=editors, page=root_page, permission=change_page)
    network_admins_group()
    assert_no_network_wide_rights()


def test_data_migration_renames_old_codename_groups_and_adds_admins_groups(network):
    ward = network.ward_a
    old_admins = ward.admins_group
    Group.objects.filter(pk=ward.editors_group_id).update(name="a: Biên tập viên")
    Group.objects.filter(pk=ward.moderators_group_id).update(name="a: Người duyệt")
    Portal.objects.filter(pk=ward.pk).update(admins_group=None)
    old_admins.delete()

    migration.name_portal_groups(django_apps, None)

    ward.refresh_from_db()
    assert ward.editors_group.name == "Phường An Xuyên: Biên tập viên"
    assert ward.moderators_group.name == "Phường An Xuyên: Người duyệt"
    assert ward.admins_group.name == "Phường An Xuyên: Quản trị cổng"
    assert ward.admins_group.permissions.filter(codename="access_admin").exists()
    # Run again: nothing changes.
    names = sorted(Group.objects.values_list("pk", "name"))
    migration.name_portal_groups(django_apps, None)
    assert sorted(Group.objects.values_list("pk", "name")) == names


def test_provisioning_renames_groups_when_the_portal_is_renamed_and_is_idempotent(network):
    ward = network.ward_a
    Group.objects.filter(pk=ward.editors_group_id).update(name="a: Biên tập viên")  # the old scheme
    ward.name_vi = ward.name = "Phường An Xuyên Mới"
    ward.save()
    count = Group.objects.count()
    spec = PortalSpec(
        name="Phường An Xuyên Mới", codename="a", hostname="a.camau.localhost", level="ward", parent=network.province
    )
    provision_portal(spec)
    ward.refresh_from_db()
    assert [getattr(ward, r.field).name for r in ROLES] == [f"Phường An Xuyên Mới: {r.label}" for r in ROLES]
    assert Group.objects.count() == count
    names = sorted(Group.objects.values_list("pk", "name"))
    provision_portal(spec)
    assert sorted(Group.objects.values_list("pk", "name")) == names


def test_portals_sharing_a_name_get_distinct_groups(network):
    first = make_portal("Xã Tân Lộc", "tanloc1.camau.localhost", parent=network.province)
    second = make_portal("Xã Tân Lộc", "tanloc2.camau.localhost", parent=network.province)
    # The second one is told apart by its hostname; provisioning the first again does the same for it.
    assert second.editors_group.name == "Xã Tân Lộc (tanloc2.camau.localhost): Biên tập viên"
    provision_portal(
        PortalSpec(
            name="Xã Tân Lộc", codename="tanloc1", hostname="tanloc1.camau.localhost", level="ward", parent=network.province
        )
    )
    first.refresh_from_db()
    assert first.editors_group.name == "Xã Tân Lộc (tanloc1.camau.localhost): Biên tập viên"
    groups = [getattr(p, r.field) for p in (first, second) for r in ROLES]
    assert len({g.pk for g in groups}) == len({g.name for g in groups}) == 6


def test_very_long_portal_names_fit_the_group_name(network):
    long_name = "Trung tâm " + "Phục vụ hành chính công " * 8
    portal = make_portal(long_name.strip(), "dai.camau.localhost", parent=network.province)
    for role in ROLES:
        name = getattr(portal, role.field).name
        assert len(name) <= 150 and name.endswith(f": {role.label}")


@pytest.mark.parametrize("role_field", ["editors_group", "moderators_group", "admins_group"])
def test_every_role_reaches_its_portal_only(network, role_field):
    from sites.permissions import portals_for_user

    user = make_user(f"u_{role_field}", [getattr(network.ward_b, role_field)])
    assert list(portals_for_user(user)) == [network.ward_b]
