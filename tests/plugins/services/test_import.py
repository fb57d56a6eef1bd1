"""import_procedures: CSV, XLSX and JSON exports, bad rows reported, idempotent."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from plugins.services.models import Procedure

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Mức độ",
    "Cách thức thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Thành phần hồ sơ",
    "Căn cứ pháp lý",
    "Địa chỉ dịch vụ công",
]


def _rows():
    return [
        [
            "1.000656.H12",
            "Đăng ký khai sinh",
            "Hộ tịch",
            "Phường; Xã",
            "Ủy ban nhân dân cấp xã",
            "Toàn trình",
            "Trực tiếp; Trực tuyến",
            "Ngay trong ngày",
            "Miễn lệ phí",
            "Tờ khai đăng ký khai sinh (Bản chính: 1, Bản sao: 0)\nGiấy chứng sinh (Bản chính: 1, Bản sao: 0)",
            "Luật Hộ tịch số 60/2014/QH13",
            "https://dichvucong.gov.vn/p/1.000656",
        ],
        [
            "1.000657.H12",
            "Đăng ký kết hôn",
            "ho-tich",
            "ward",
            "Ủy ban nhân dân cấp xã",
            "Một phần",
            "Trực tiếp",
            "03 ngày làm việc",
            "Miễn lệ phí",
            "Tờ khai đăng ký kết hôn",
            "",
            "",
        ],
        ["1.000658.H12", "Thủ tục lĩnh vực lạ", "Lĩnh vực không có", "ward", "", "Toàn trình", "", "", "", "", "", ""],
        ["1.000659.H12", "Thủ tục mức độ lạ", "Hộ tịch", "ward", "", "Mức độ 9", "", "", "", "", "", ""],
        ["1.000660.H12", "Thủ tục có liên kết sai", "Hộ tịch", "ward", "", "3", "", "", "", "", "", "javascript:alert(1)"],
        [
            "1.000661.H12",
            "Thủ tục cũ mức độ 4",
            "Chứng thực",
            "Cấp tỉnh",
            "Sở Tư pháp",
            "4",
            "Bưu chính",
            "05 ngày",
            "",
            "",
            "",
            "ftp://example.vn/x",
        ],
        ["", "Thiếu mã", "Hộ tịch", "ward", "", "", "", "", "", "", "", ""],
    ]


def _csv(tmp_path, rows=None):
    import csv

    path = tmp_path / "procedures.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows or _rows())
    return path


def _run(path, *args):
    """stdout (summary), stderr (a line per refused row) and the exit message, as one text."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_procedures", str(path), "--no-progress", *args, stdout=out, stderr=err)
    except CommandError as error:
        if not (out.getvalue() or err.getvalue()):
            raise  # the file itself was refused: nothing was reported
        return out.getvalue() + err.getvalue() + f"exit 1: {error}"
    return out.getvalue() + err.getvalue()


def test_csv_import_reports_bad_rows_and_imports_good_ones(network, tmp_path):
    output = _run(_csv(tmp_path))
    assert "Đã tạo 2, cập nhật 0, 5 dòng có lỗi." in output
    # Line numbers are those of the file (header on line 1; the first row spans two lines).
    assert "Dòng 5: Lĩnh vực không tồn tại: Lĩnh vực không có." in output
    assert "Dòng 6: Mức độ không tồn tại: Mức độ 9." in output
    assert "Dòng 7: Địa chỉ dịch vụ công trực tuyến phải là địa chỉ http hoặc https: javascript:alert(1)." in output
    assert "Dòng 8:" in output and "ftp://example.vn/x" in output
    assert "Dòng 9: Thiếu mã thủ tục." in output
    assert "exit 1: 5 dòng có lỗi (liệt kê ở trên); các dòng khác đã được nhập." in output
    birth = Procedure.objects.get(code="1.000656.H12")
    assert birth.name == "Đăng ký khai sinh"
    assert birth.field.code == "ho-tich" and birth.level.code == "toan-trinh"
    assert sorted(t.code for t in birth.tiers.all()) == ["commune", "ward"]
    assert [m.method for m in birth.methods.all()] == ["in_person", "online"]
    assert birth.methods.first().processing_time == "Ngay trong ngày"
    documents = list(birth.documents.all())
    assert [(d.name, d.originals, d.copies) for d in documents] == [
        ("Tờ khai đăng ký khai sinh", 1, 0),
        ("Giấy chứng sinh", 1, 0),
    ]
    assert birth.online_url == "https://dichvucong.gov.vn/p/1.000656"
    assert not Procedure.objects.filter(code__in=["1.000658.H12", "1.000659.H12", "1.000660.H12", "1.000661.H12"]).exists()


def test_reimport_updates_by_code_and_never_duplicates(network, tmp_path):
    path = _csv(tmp_path)
    _run(path)
    rows = _rows()
    rows[0][1] = "Đăng ký khai sinh (sửa đổi)"
    rows[0][5] = "Một phần"
    output = _run(_csv(tmp_path, rows))
    assert "Đã tạo 0, cập nhật 2" in output
    assert Procedure.objects.count() == 2
    birth = Procedure.objects.get(code="1.000656.H12")
    assert birth.name == "Đăng ký khai sinh (sửa đổi)" and birth.level.code == "mot-phan"
    assert birth.methods.count() == 2 and birth.documents.count() == 2  # replaced, not appended


def test_dry_run_changes_nothing(network, tmp_path):
    output = _run(_csv(tmp_path), "--dry-run")
    assert "Chạy thử, không thay đổi gì: Đã tạo 2" in output
    assert "exit 1: 5 dòng có lỗi (liệt kê ở trên)." in output
    assert Procedure.objects.count() == 0
    # The dry run's report is the real run's.
    assert "Đã tạo 2, cập nhật 0, 5 dòng có lỗi." in _run(_csv(tmp_path))


def _xlsx_archive(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_it_is_opened(network, tmp_path, monkeypatch):
    path = tmp_path / "thu-tuc.xlsx"
    path.write_bytes(_xlsx_archive({"xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)}))
    assert path.stat().st_size < 100_000  # 20 MB of zeros, packed a thousand times

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused archive")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(CommandError) as refused:
        _run(path)
    message = str(refused.value)
    assert "Bảng tính bị từ chối" in message and "bom nén" in message, message
    assert Procedure.objects.count() == 0


def test_a_spreadsheet_hiding_a_program_is_refused(network, tmp_path):
    path = tmp_path / "thu-tuc.xlsx"
    path.write_bytes(_xlsx_archive({"xl/media/setup.exe": b"MZ" + b"\0" * 100}))
    with pytest.raises(CommandError, match="Bảng tính bị từ chối.*chương trình"):
        _run(path)


def test_xlsx_import(network, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in _rows():
        sheet.append(row)
    path = tmp_path / "export.bin"  # told apart by content, not by name
    workbook.save(path)
    output = _run(path)
    assert "Đã tạo 2, cập nhật 0, 5 dòng có lỗi." in output
    assert "Dòng 4: Lĩnh vực không tồn tại" in output


def test_json_import_with_nested_methods_and_documents(network, tmp_path):
    data = [
        {
            "code": "2.001001.H12",
            "name": "Cấp giấy phép xây dựng",
            "field": "xay-dung",
            "tiers": ["province"],
            "agency": "Sở Xây dựng",
            "agency_portal": "a.camau.localhost",
            "level": "muc-do-3",
            "methods": [{"method": "online", "processing_time": "15 ngày", "fees": "Lệ phí: 75.000 đồng"}],
            "documents": [{"name": "Đơn đề nghị", "originals": 2, "copies": 1, "form_url": "https://example.vn/mau.docx"}],
            "legal_basis": ["Luật Xây dựng số 50/2014/QH13", "Nghị định số 175/2024/NĐ-CP"],
            "valid_from": "01/07/2025",
        },
        {"code": "2.001002.H12", "name": "Bản ghi sai", "field": "xay-dung", "level": "khong-co"},
        "not an object",
        {"code": "2.001003.H12", "name": "Ngày sai", "field": "xay-dung", "valid_from": "32/13/2025"},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    output = _run(path)
    assert "Đã tạo 1, cập nhật 0, 3 dòng có lỗi." in output
    assert "Dòng #2: Mức độ không tồn tại: khong-co." in output
    assert "Dòng #3:" in output
    assert "Dòng #4:" in output and "32/13/2025" in output
    procedure = Procedure.objects.get(code="2.001001.H12")
    assert procedure.agency_portal == network.ward_a
    assert procedure.valid_from.isoformat() == "2025-07-01"
    assert procedure.legal_basis_lines() == ["Luật Xây dựng số 50/2014/QH13", "Nghị định số 175/2024/NĐ-CP"]
    document = procedure.documents.get()
    assert (document.originals, document.copies, document.form_url) == (2, 1, "https://example.vn/mau.docx")


def test_unreadable_file_is_a_clear_error(network, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        _run(path)
    with pytest.raises(CommandError, match="Không có tệp"):
        _run(tmp_path / "missing.csv")


def test_demo_catalogue_is_large_realistic_and_idempotent(network):
    from plugins.services.demo import load_demo
    from sites.models import BlockPlacement

    out = io.StringIO()
    load_demo(network.province, out)
    count = Procedure.objects.count()
    assert count >= 150
    assert Procedure.objects.values("field").distinct().count() >= 15
    assert Procedure.objects.values("level").distinct().count() >= 5
    assert Procedure.objects.filter(tiers__code="province").exists() and Procedure.objects.filter(tiers__code="ward").exists()
    load_demo(network.ward_a, out)
    load_demo(network.province, out)
    assert Procedure.objects.count() == count
    home = network.ward_a.site.root_page.specific
    assert BlockPlacement.objects.filter(page=home, block="services.stats").count() == 1
