"""Seed the fields (lĩnh vực) and online service levels (mức độ). Both are data:
network admins add more in the admin."""

from django.db import migrations

FIELDS = [
    # code, Vietnamese, English
    ("ho-tich", "Hộ tịch", "Civil status registration"),
    ("chung-thuc", "Chứng thực", "Certification"),
    ("nuoi-con-nuoi", "Nuôi con nuôi", "Adoption"),
    ("hoa-giai", "Hòa giải ở cơ sở", "Grassroots mediation"),
    ("dat-dai", "Đất đai", "Land"),
    ("xay-dung", "Hoạt động xây dựng", "Construction"),
    ("doanh-nghiep", "Thành lập và hoạt động doanh nghiệp", "Enterprises"),
    ("ho-kinh-doanh", "Thành lập và hoạt động của hộ kinh doanh", "Household businesses"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội", "Social protection"),
    ("nguoi-co-cong", "Người có công", "People with meritorious services"),
    ("viec-lam", "Việc làm", "Employment"),
    ("giao-duc", "Giáo dục và Đào tạo", "Education and training"),
    ("y-te", "Khám bệnh, chữa bệnh", "Medical examination and treatment"),
    ("moi-truong", "Môi trường", "Environment"),
    ("tai-nguyen-nuoc", "Tài nguyên nước", "Water resources"),
    ("trong-trot", "Trồng trọt", "Crop production"),
    ("thuy-san", "Thủy sản", "Fisheries"),
    ("duong-bo", "Đường bộ", "Road transport"),
    ("van-hoa", "Văn hóa", "Culture"),
    ("thi-dua", "Thi đua, khen thưởng", "Emulation and commendation"),
    ("cong-chuc", "Công chức, viên chức", "Civil servants"),
    ("ton-giao", "Tín ngưỡng, tôn giáo", "Belief and religion"),
    ("thuong-mai", "Lưu thông hàng hóa trong nước", "Domestic trade"),
]

LEVELS = [
    # code, Vietnamese, English, online, legacy, order
    ("toan-trinh", "Toàn trình", "Full online", True, False, 1),
    ("mot-phan", "Một phần", "Partly online", True, False, 2),
    ("muc-do-4", "Mức độ 4", "Level 4", True, True, 3),
    ("muc-do-3", "Mức độ 3", "Level 3", True, True, 4),
    ("muc-do-2", "Mức độ 2", "Level 2", False, True, 5),
    ("muc-do-1", "Mức độ 1", "Level 1", False, True, 6),
]


def seed(apps, schema_editor):
    ProcedureField = apps.get_model("services", "ProcedureField")
    ServiceLevel = apps.get_model("services", "ServiceLevel")
    for order, (code, vi, en) in enumerate(FIELDS, start=1):
        ProcedureField.objects.update_or_create(
            code=code, defaults={"name": vi, "name_vi": vi, "name_en": en, "sort_order": order}
        )
    for code, vi, en, online, legacy, order in LEVELS:
        ServiceLevel.objects.update_or_create(
            code=code,
            defaults={"name": vi, "name_vi": vi, "name_en": en, "is_online": online, "is_legacy": legacy, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
