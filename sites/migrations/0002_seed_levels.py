"""Seed the standard portal levels. Levels are data: add more in the admin or here."""

from django.db import migrations

LEVELS = [
    # code, Vietnamese, English, rank, default theme
    ("province", "Cấp tỉnh", "Province", 0, "provincial"),
    ("department", "Sở, ban, ngành", "Department", 10, "member"),
    ("district", "Cấp huyện", "District", 20, "member"),
    ("ward", "Phường", "Ward", 30, "member"),
    ("commune", "Xã", "Commune", 30, "member"),
    ("special_zone", "Đặc khu", "Special zone", 30, "member"),
]


def seed(apps, schema_editor):
    PortalLevel = apps.get_model("sites", "PortalLevel")
    for code, vi, en, rank, theme in LEVELS:
        PortalLevel.objects.update_or_create(
            code=code,
            defaults={"name": vi, "name_vi": vi, "name_en": en, "rank": rank, "default_theme": theme},
        )


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
