"""Vietnam's public holidays of 2025 and 2026 (the government's announced days off,
weekends inside Tết included), seeded for the question deadlines (sites.workdays).
Network admins add each coming year's in *Settings › Public holidays*."""

import datetime

from django.db import migrations

HOLIDAYS = [
    ("2025-01-01", "Tết Dương lịch"),
    *[(f"2025-{d}", "Tết Nguyên đán") for d in ("01-25", "01-26", "01-27", "01-28", "01-29", "01-30", "01-31", "02-01", "02-02")],
    ("2025-04-07", "Giỗ Tổ Hùng Vương"),
    ("2025-04-30", "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    ("2025-05-01", "Ngày Quốc tế Lao động"),
    ("2025-05-02", "Nghỉ hoán đổi (làm bù thứ Bảy 26/4)"),
    ("2025-09-01", "Quốc khánh"),
    ("2025-09-02", "Quốc khánh"),
    ("2026-01-01", "Tết Dương lịch"),
    *[(f"2026-{d}", "Tết Nguyên đán") for d in ("02-14", "02-15", "02-16", "02-17", "02-18", "02-19", "02-20", "02-21", "02-22")],
    ("2026-04-27", "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2026-04-30", "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    ("2026-05-01", "Ngày Quốc tế Lao động"),
    ("2026-09-01", "Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
]


def seed(apps, schema_editor):
    PublicHoliday = apps.get_model("sites", "PublicHoliday")
    for day, name in HOLIDAYS:
        PublicHoliday.objects.get_or_create(day=datetime.date.fromisoformat(day), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("sites", "0012_oversight")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
