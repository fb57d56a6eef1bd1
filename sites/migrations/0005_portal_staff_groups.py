"""Agency isolation for groups (issue #17 items 5 and 8).

* Portal groups are named after their portal ("<portal name>: Biên tập viên",
  "<portal name>: Người duyệt"), no longer after its codename; a name two
  portals share gets the hostname in parentheses (Group.name is unique).
* Every portal gets its third group, "<portal name>: Quản trị cổng" (portal
  administrators, who manage the portal's staff).
* Wagtail's stock "Editors" and "Moderators" groups lose every permission:
  their rights on the root page and root collection reach every portal of the
  network. A stock group nobody belongs to is deleted (an empty group is only a
  trap: someone put into it would expect it to work, and a later migration
  could grant it something by name); one with members is kept, empty, so the
  network admins see whom they still have to move into a portal's own group.

The naming rules are copied from sites.staff (migrations do not import app code
that may change later); provisioning applies the same rules on every run.
"""

from django.db import migrations
from django.db.models import Q

GROUP_NAME_MAX = 150
ROLES = (("editors_group", "Biên tập viên"), ("moderators_group", "Người duyệt"), ("admins_group", "Quản trị cổng"))
RESERVED = ("Quản trị mạng cổng", "Editors", "Moderators")


def _fit(prefix, suffix):
    room = GROUP_NAME_MAX - len(suffix)
    return (prefix if len(prefix) <= room else prefix[: room - 1].rstrip() + "…") + suffix


def name_portal_groups(apps, schema_editor):
    Portal = apps.get_model("sites", "Portal")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    portals = list(Portal.objects.select_related("site").order_by("pk"))
    linked = set()
    for portal in portals:
        linked.update(i for i in (getattr(portal, f"{field}_id") for field, _label in ROLES) if i)

    def taken(name, own_id):
        group = Group.objects.filter(name=name).first()
        return group is not None and group.pk != own_id and (group.pk in linked or name in RESERVED)

    admin_permissions = list(
        Permission.objects.filter(
            Q(content_type__app_label="wagtailadmin", codename="access_admin")
            | Q(content_type__app_label="sites", codename__in=["view_portal", "change_portal"])
        )
    )
    for portal in portals:
        name = (portal.name_vi or portal.name or portal.codename).strip()
        shared = Portal.objects.filter(Q(name_vi=name) | Q(name=name)).exclude(pk=portal.pk).exists()
        for field, label in ROLES:
            suffix = f": {label}"
            own_id = getattr(portal, f"{field}_id")
            candidates = [] if shared else [_fit(name, suffix)]
            candidates += [_fit(f"{name} ({portal.site.hostname})", suffix), _fit(f"{name} ({portal.codename})", suffix)]
            wanted = next((c for c in candidates if not taken(c, own_id)), _fit(f"{name} #{portal.pk}", suffix))
            if own_id is None:
                group, _created = Group.objects.get_or_create(name=wanted)
                setattr(portal, field, group)
                portal.save(update_fields=[field])
                linked.add(group.pk)
                if field == "admins_group":
                    group.permissions.add(*admin_permissions)
            else:
                Group.objects.filter(pk=own_id).exclude(name=wanted).update(name=wanted)


def strip_stock_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.clear()
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        if not group.user_set.exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0004_portal_admins_group"),
        # After every Wagtail migration that grants the stock groups something.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(name_portal_groups, migrations.RunPython.noop),
        migrations.RunPython(strip_stock_groups, migrations.RunPython.noop),
    ]
