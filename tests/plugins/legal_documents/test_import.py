import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from plugins.legal_documents.models import LegalDocumentPage

from .conftest import EXE_BYTES, make_docx, make_pdf

COLUMNS = [
    "number_symbol",
    "summary",
    "type",
    "issuer",
    "field",
    "signer",
    "signer_position",
    "issued_on",
    "effective_from",
    "expires_on",
    "validity",
    "files",
    "relations",
]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def run(*args):
    """stdout (summary, warnings), stderr (a line per refused row) and the exit message, as one text."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_legal_documents", *args, "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        if not (out.getvalue() or err.getvalue()):
            raise  # refused before any row was read
        return out.getvalue() + err.getvalue() + f"exit 1: {error}"
    return out.getvalue() + err.getvalue()


GOOD = [
    {
        "number_symbol": "42/2022/NĐ-CP",
        "summary": "Quy định về cung cấp thông tin trên môi trường mạng",
        "type": "NĐ",
        "issuer": "Chính phủ",
        "field": "chuyen-doi-so",
        "signer": "Vũ Đức Đam",
        "signer_position": "Phó Thủ tướng",
        "issued_on": "24/06/2022",
        "effective_from": "01/08/2022",
        "files": "nd42.pdf|Toàn văn",
    },
    {
        "number_symbol": "08/2025/QĐ-UBND",
        "summary": "Ban hành Quy chế hoạt động Cổng thông tin điện tử",
        "type": "quyet-dinh",
        "issuer": "UBND",
        "issued_on": "2025-03-20",
        "effective_from": "2025-04-01",
        "relations": "guides:42/2022/ND-CP",
        "files": "qd08.docx",
    },
]
BAD = [
    {"number_symbol": "", "summary": "Thiếu số ký hiệu", "type": "quyet-dinh", "issuer": "ubnd-tinh", "issued_on": "01/01/2025"},
    {
        "number_symbol": "10/QĐ-UBND",
        "summary": "Ngày hiệu lực sai",
        "type": "quyet-dinh",
        "issuer": "ubnd-tinh",
        "issued_on": "10/05/2025",
        "effective_from": "01/05/2025",
    },
    {"number_symbol": "11/QĐ-UBND", "summary": "Loại lạ", "type": "Sắc lệnh", "issuer": "ubnd-tinh", "issued_on": "10/05/2025"},
    {
        "number_symbol": "12/QĐ-UBND",
        "summary": "Ngày không đọc được",
        "type": "quyet-dinh",
        "issuer": "ubnd-tinh",
        "issued_on": "31/02/2025",
    },
    {
        "number_symbol": "13/QĐ-UBND",
        "summary": "Tệp giả mạo",
        "type": "quyet-dinh",
        "issuer": "ubnd-tinh",
        "issued_on": "10/05/2025",
        "files": "virus.pdf",
    },
    {
        "number_symbol": "14/QĐ-UBND",
        "summary": "Thay thế văn bản không có",
        "type": "quyet-dinh",
        "issuer": "ubnd-tinh",
        "issued_on": "10/05/2025",
        "relations": "replaces:1/2000/QĐ-UBND",
    },
]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "nd42.pdf").write_bytes(make_pdf(["Nghi dinh 42/2022/ND-CP cung cap thong tin"]))
    (tmp_path / "qd08.docx").write_bytes(make_docx(["Quyết định 08/2025/QĐ-UBND", "Điều 1. Ban hành Quy chế"]))
    (tmp_path / "virus.pdf").write_bytes(EXE_BYTES)
    return tmp_path


def test_mixed_rows_good_ones_imported_bad_ones_reported_with_line_and_reason(ld, folder):
    path = folder / "van-ban.csv"
    write_csv(path, [GOOD[0], *BAD, GOOD[1]])
    out = run(str(path), "--portal", "camau.localhost")
    assert "Đã tạo 2 văn bản, cập nhật 0 văn bản, từ chối 6 dòng." in out
    assert "Dòng 3: cột number_symbol để trống" in out
    assert "Dòng 4: ngày có hiệu lực trước ngày ban hành" in out
    assert "Dòng 5: không có loại văn bản “Sắc lệnh”" in out
    assert "Dòng 6: issued_on “31/02/2025” không phải là ngày" in out
    assert "Dòng 7: virus.pdf: Chỉ chấp nhận tệp PDF, DOC, DOCX và ODT" in out
    assert "Dòng 8: không có văn bản 1/2000/QĐ-UBND để liên kết" in out
    assert "exit 1: 6 dòng có lỗi (liệt kê ở trên); các dòng khác đã được nhập." in out
    docs = LegalDocumentPage.objects.filter(portal=ld.province).order_by("issued_on")
    assert [d.number_symbol for d in docs] == ["42/2022/NĐ-CP", "08/2025/QĐ-UBND"]
    nd, qd = docs
    assert nd.live and nd.document_type.slug == "nghi-dinh" and nd.issuer.slug == "chinh-phu"
    assert "cung cap thong tin" in nd.files_text
    assert nd.files.get().file_kind == "pdf" and nd.files.get().label == "Toàn văn"
    assert "Ban hành Quy chế" in qd.files_text
    assert [(r.kind, r.target_id) for r in qd.relations.all()] == [("guides", nd.pk)]
    assert (
        LegalDocumentPage.objects.filter(
            number_symbol__in=["10/QĐ-UBND", "11/QĐ-UBND", "12/QĐ-UBND", "13/QĐ-UBND", "14/QĐ-UBND"]
        ).count()
        == 0
    )


def test_reimport_updates_and_dry_run_writes_nothing(ld, folder):
    path = folder / "van-ban.csv"
    write_csv(path, GOOD)
    out = run(str(path), "--portal", "camau.localhost", "--dry-run")
    assert "Chạy thử, không thay đổi gì: Đã tạo 2 văn bản, cập nhật 0 văn bản, từ chối 0 dòng." in out
    assert LegalDocumentPage.objects.count() == 0
    assert get_document_model().objects.count() == 0  # no file stored either
    run(str(path), "--portal", "camau.localhost")
    changed = [dict(GOOD[0], summary="Quy định (cập nhật)"), GOOD[1]]
    write_csv(path, changed)
    out = run(str(path), "--portal", "camau.localhost")
    assert "Đã tạo 0 văn bản, cập nhật 2 văn bản, từ chối 0 dòng." in out
    assert LegalDocumentPage.objects.count() == 2
    assert LegalDocumentPage.objects.get(symbol_folded="42/2022/ND-CP").title == "Quy định (cập nhật)"
    assert LegalDocumentPage.objects.get(symbol_folded="42/2022/ND-CP").files.count() == 1


def test_json_import_reports_line_of_each_bad_object(ld, folder):
    path = folder / "van-ban.json"
    path.write_text(json.dumps([GOOD[0], BAD[1]], ensure_ascii=False, indent=2), encoding="utf-8")
    out = run(str(path), "--portal", "a.camau.localhost")
    assert "Đã tạo 1 văn bản, cập nhật 0 văn bản, từ chối 1 dòng." in out
    bad_line = path.read_text(encoding="utf-8").splitlines().index("  {", 2) + 1
    assert f"Dòng {bad_line}: ngày có hiệu lực trước ngày ban hành" in out
    assert LegalDocumentPage.objects.get().portal == ld.ward_a


def test_unparseable_symbol_is_kept_with_a_warning(ld, folder):
    path = folder / "van-ban.csv"
    write_csv(
        path,
        [
            {
                "number_symbol": "Số đặc biệt không theo mẫu",
                "summary": "Văn bản đặc biệt",
                "type": "thong-bao",
                "issuer": "ubnd-tinh",
                "issued_on": "01/06/2025",
            }
        ],
    )
    out = run(str(path), "--portal", "camau.localhost")
    assert "không theo dạng thông thường; giữ nguyên như đã nhập" in out
    assert LegalDocumentPage.objects.get().number_symbol == "Số đặc biệt không theo mẫu"


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.csv", "--portal", "camau.localhost"], "Không có tệp"),
        (["{folder}/van-ban.csv", "--portal", "nowhere.localhost"], "Không có cổng nào"),
    ],
)
def test_command_errors(ld, folder, args, message):
    write_csv(folder / "van-ban.csv", GOOD)
    with pytest.raises(CommandError, match=message):
        run(*[a.format(folder=folder) for a in args])


def test_broken_json_is_refused_before_writing(ld, folder):
    path = folder / "broken.json"
    path.write_text('[{"number_symbol": "1/QĐ-UBND",', encoding="utf-8")
    with pytest.raises(CommandError, match="JSON không hợp lệ"):
        run(str(path), "--portal", "camau.localhost")
    assert LegalDocumentPage.objects.count() == 0


def test_files_outside_the_import_folder_are_not_read(ld, folder):
    path = folder / "van-ban.csv"
    write_csv(path, [dict(GOOD[0], files="../../etc/passwd")])
    out = run(str(path), "--portal", "camau.localhost")
    assert "từ chối 1 dòng" in out and "không đọc được tệp" in out
