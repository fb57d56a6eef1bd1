"""Portal editors, moderators and network admins may start translations (issue #14).

New portals get the right from provisioning (sites.provisioning.TRANSLATE_PERMISSION);
this gives it to the groups of portals provisioned before."""

from django.db import migrations

NETWORK_ADMINS_GROUP = "Quản trị mạng cổng"


def grant(apps, schema_editor):
    Portal = apps.get_model("sites", "Portal")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group_ids = set(Portal.objects.values_list("editors_group_id", flat=True))
    group_ids |= set(Portal.objects.values_list("moderators_group_id", flat=True))
    group_ids |= set(Group.objects.filter(name=NETWORK_ADMINS_GROUP).values_list("pk", flat=True))
    group_ids.discard(None)
    if not group_ids:
        return  # a new database: provisioning grants it
    content_type, _ = ContentType.objects.get_or_create(app_label="simple_translation", model="simpletranslation")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    for group in Group.objects.filter(pk__in=group_ids):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0008_identity_navigation"),
        ("simple_translation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
