"""A portal's moderators and the network admins manage redirects (issue #16).

New portals get the rights from provisioning (sites.provisioning.REDIRECT_PERMISSIONS);
this gives them to the groups of portals provisioned before. Which redirects a
moderator sees is the portal's own (cms.permissions.RedirectPermissionPolicy)."""

from django.db import migrations

NETWORK_ADMINS_GROUP = "Quản trị mạng cổng"
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Portal = apps.get_model("sites", "Portal")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group_ids = set(Portal.objects.values_list("moderators_group_id", flat=True))
    group_ids |= set(Group.objects.filter(name=NETWORK_ADMINS_GROUP).values_list("pk", flat=True))
    group_ids.discard(None)
    if not group_ids:
        return  # a new database: provisioning grants them
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailredirects", model="redirect")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_redirect", defaults={"name": f"Can {action} redirect"}
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(pk__in=group_ids):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0014_merged_portals"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
