import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from plugins.organisation.models import ContactOfficial, Leader, Unit

pytestmark = pytest.mark.django_db
B = "b.camau.localhost"

HEADER = [
    "kind",
    "name",
    "name_en",
    "parent",
    "unit",
    "position",
    "position_en",
    "phone",
    "email",
    "term",
    "responsibility",
    "sort_order",
]
ROWS = [
    # a sub-unit before its parent, people before their units: the importer orders them
    ["unit", "Tổ Tiếp nhận", "", "Phòng Kinh tế", "", "", "", "", "", "", "", "2"],
    [
        "lãnh đạo",
        "Phạm Văn Tư",
        "",
        "",
        "Phòng Kinh tế",
        "Chủ tịch UBND phường",
        "Chairman",
        "0290 3833 001",
        "tu@tanthanh.gov.vn",
        "2021–2026",
        "",
        "0",
    ],
    ["đơn vị", "Phòng Kinh tế", "Economic Division", "", "", "", "", "0290 3833 000", "kinhte@tanthanh.gov.vn", "", "", "1"],
    ["contact", "Võ Thị Năm", "", "", "Tổ Tiếp nhận", "Chuyên viên", "", "0290 3833 002", "", "", "Thủ tục hành chính", ""],
]
BAD_ROWS = [
    ["cán bộ", "Không Rõ Loại", "", "", "", "Chuyên viên", "", "", "", "", "", ""],
    ["leader", "Sai Số Điện Thoại", "", "", "", "Phó Chủ tịch", "", "gọi tôi", "", "", "", ""],
    ["contact", "Đơn Vị Lạ", "", "", "Phòng Không Có", "Chuyên viên", "", "", "", "", "", ""],
    ["leader", "Thiếu Chức Vụ", "", "", "", "", "", "", "", "", "", ""],
]


def write_csv(tmp_path, rows, name="to-chuc.csv"):
    path = tmp_path / name
    lines = [",".join(HEADER)] + [",".join(f'"{value}"' for value in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(tmp_path, rows):
    workbook = Workbook()
    sheet = workbook.active
    # Vietnamese headings are understood too
    sheet.append(
        [
            "Loại",
            "Tên",
            "Tên tiếng Anh",
            "Đơn vị cấp trên",
            "Đơn vị",
            "Chức vụ",
            "Chức vụ tiếng Anh",
            "Điện thoại",
            "Email",
            "Nhiệm kỳ",
            "Nội dung liên hệ",
            "Thứ tự",
        ]
    )
    for row in rows:
        sheet.append([int(value) if value.isdigit() and len(value) < 3 else value for value in row])
    path = tmp_path / "to-chuc.xlsx"
    workbook.save(path)
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_organisation", str(path), "--portal", B, "--no-progress", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error)
    return out.getvalue(), err.getvalue()


def snapshot(portal):
    return (
        sorted(Unit.objects.filter(portal=portal).values_list("name_vi", "parent__name_vi", "phone", "sort_order")),
        sorted(Leader.objects.filter(portal=portal).values_list("full_name", "position_vi", "unit__name_vi")),
        sorted(ContactOfficial.objects.filter(portal=portal).values_list("full_name", "unit__name_vi", "responsibility_vi")),
    )


def test_csv_import_dry_run_then_real_then_update(network, tmp_path):
    path = write_csv(tmp_path, ROWS)
    before = snapshot(network.ward_b)
    out, err = run(path, "--dry-run")
    assert "Chạy thử, không thay đổi gì: Đã tạo 4" in out
    assert snapshot(network.ward_b) == before  # a dry run changes nothing

    out, err = run(path)
    assert not err, err
    units, leaders, contacts = snapshot(network.ward_b)
    assert ("Tổ Tiếp nhận", "Phòng Kinh tế", "", 2) in units
    assert ("Phòng Kinh tế", None, "0290 3833 000", 1) in units
    assert leaders == [("Phạm Văn Tư", "Chủ tịch UBND phường", "Phòng Kinh tế")]
    assert contacts == [("Võ Thị Năm", "Tổ Tiếp nhận", "Thủ tục hành chính")]
    assert Unit.objects.get(portal=network.ward_b, name_vi="Phòng Kinh tế").name_en == "Economic Division"

    changed = [list(row) for row in ROWS]
    changed[1][5] = "Bí thư, Chủ tịch UBND phường"
    changed[2][1] = "phong kinh te"  # the same unit typed without diacritics
    run(write_csv(tmp_path, changed, "lan-hai.csv"))
    units, leaders, contacts = snapshot(network.ward_b)
    assert len(units) == 2 and len(leaders) == 1 and len(contacts) == 1  # updated, not duplicated
    assert leaders[0][1] == "Bí thư, Chủ tịch UBND phường"
    assert not Unit.objects.filter(portal=network.ward_a, name_vi="Phòng Kinh tế").exists()


def test_bad_rows_are_reported_in_vietnamese_and_change_nothing(network, tmp_path):
    path = write_csv(tmp_path, ROWS[2:3] + BAD_ROWS)
    out, err = run(path)
    assert "Dòng 3: loại “cán bộ” không hợp lệ" in err  # the row's line in the file
    assert "Dòng 4: điện thoại: Hãy nhập số điện thoại" in err  # the field's label with the message
    assert "Phòng Không Có" in err and "thiếu chức vụ" in err
    units, leaders, contacts = snapshot(network.ward_b)
    assert [unit[0] for unit in units] == ["Phòng Kinh tế"] and not leaders and not contacts


def test_xlsx_import(network, tmp_path):
    out, err = run(write_xlsx(tmp_path, ROWS))
    assert not err, err
    units, leaders, contacts = snapshot(network.ward_b)
    assert len(units) == 2 and leaders[0][0] == "Phạm Văn Tư" and contacts[0][0] == "Võ Thị Năm"
    assert ("Phòng Kinh tế", None, "0290 3833 000", 1) in units


def test_unreadable_files_and_unknown_portal(network, tmp_path):
    bomb = tmp_path / "not.xlsx"
    bomb.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "Không đọc được" in run(bomb)[1]
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "kind" in run(headless)[1]
    with pytest.raises(CommandError):
        call_command("import_organisation", str(headless), "--portal", "khong-co.localhost", stdout=io.StringIO())
