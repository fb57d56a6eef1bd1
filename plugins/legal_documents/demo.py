"""Demo content: a realistic set of documents per demo portal (idempotent)."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from django.utils.text import slugify

from . import symbols

BLOCK_NAME = "legal_documents.newest"


def make_pdf(lines: list[str]) -> bytes:
    """A small valid PDF whose text pypdf can extract (ASCII text, Helvetica)."""
    text = "\n".join(symbols.fold_text(line) if not line.isascii() else line for line in lines)
    ops = ["BT", "/F1 12 Tf", "14 TL", "56 780 Td"]
    for line in text.splitlines():
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for number, line in enumerate(lines):
        if number == 0:
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def is_department(portal):
    return portal.level.code == "department"


def department_code(portal):
    """Sở Nội vụ tỉnh Cà Mau -> SNV (the unit code used in its symbols)."""
    name = (portal.short_name or portal.name).split(" tỉnh ")[0]
    code = "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()
    return symbols.normalise(code)[:10] or "S"


def _member_issuer(portal):
    from .models import Issuer

    department = is_department(portal)
    slug = slugify(f"{'' if department else 'ubnd-'}{portal.codename}")[:100]
    issuer = Issuer.objects.filter(slug=slug).first()
    if issuer is None:
        issuer = Issuer(slug=slug, code=department_code(portal) if department else "UBND", sort_order=200)
        if department:
            issuer.name_vi = issuer.name = portal.name
            issuer.name_en = portal.name_en or portal.name
        else:
            issuer.name_vi = issuer.name = f"Ủy ban nhân dân {portal.name}"
            issuer.name_en = f"People's Committee of {portal.name_en or portal.name}"
        issuer.save()
    return issuer


def _province_rows(today):
    year = today.year
    return [
        {
            "number_symbol": "42/2022/NĐ-CP",
            "summary": "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
            "type": "nghi-dinh",
            "issuer": "chinh-phu",
            "field": "chuyen-doi-so",
            "signer": "Vũ Đức Đam",
            "signer_position": "Phó Thủ tướng",
            "issued_on": "24/06/2022",
            "effective_from": "01/08/2022",
            "files": "nd-42-2022.pdf|Toàn văn Nghị định",
        },
        {
            "number_symbol": "30/2020/NĐ-CP",
            "summary": "Về công tác văn thư",
            "type": "nghi-dinh",
            "issuer": "chinh-phu",
            "field": "van-thu-luu-tru",
            "signer": "Nguyễn Xuân Phúc",
            "signer_position": "Thủ tướng",
            "issued_on": "05/03/2020",
            "effective_from": "05/03/2020",
        },
        {
            "number_symbol": f"15/{year - 2}/QĐ-UBND",
            "summary": "Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh Cà Mau",
            "type": "quyet-dinh",
            "issuer": "ubnd-tinh",
            "field": "chuyen-doi-so",
            "signer": "Lâm Văn Bi",
            "signer_position": "Phó Chủ tịch Ủy ban nhân dân tỉnh",
            "issued_on": f"12/03/{year - 2}",
            "effective_from": f"25/03/{year - 2}",
            "expires_on": f"01/04/{year}",
            "relations": "guides:42/2022/NĐ-CP",
        },
        {
            "number_symbol": f"08/{year}/QĐ-UBND",
            "summary": "Ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh Cà Mau và các trang thông tin điện tử thành viên",
            "type": "quyet-dinh",
            "issuer": "ubnd-tinh",
            "field": "chuyen-doi-so",
            "signer": "Lâm Văn Bi",
            "signer_position": "Phó Chủ tịch Ủy ban nhân dân tỉnh",
            "issued_on": f"20/03/{year}",
            "effective_from": f"01/04/{year}",
            "relations": f"replaces:15/{year - 2}/QĐ-UBND; guides:42/2022/NĐ-CP",
            "files": "qd-08-ubnd.docx|Toàn văn Quyết định",
        },
        {
            "number_symbol": "05/CT-UBND",
            "summary": "Về tăng cường chuyển đổi số trong hoạt động của cơ quan nhà nước trên địa bàn tỉnh",
            "type": "chi-thi",
            "issuer": "ubnd-tinh",
            "field": "chuyen-doi-so",
            "signer": "Nguyễn Minh Luân",
            "signer_position": "Chủ tịch Ủy ban nhân dân tỉnh",
            "issued_on": f"10/02/{year}",
            "effective_from": f"10/02/{year}",
        },
        {
            "number_symbol": "245/KH-UBND",
            "summary": "Kế hoạch cải cách hành chính nhà nước tỉnh Cà Mau năm " + str(year),
            "type": "ke-hoach",
            "issuer": "ubnd-tinh",
            "field": "cai-cach-hanh-chinh",
            "signer": "Lâm Văn Bi",
            "signer_position": "Phó Chủ tịch Ủy ban nhân dân tỉnh",
            "issued_on": f"05/01/{year}",
        },
        {
            "number_symbol": f"12/{year}/NQ-HĐND",
            "summary": "Quy định mức chi hỗ trợ cho người làm công tác chuyển đổi số cấp xã trên địa bàn tỉnh",
            "type": "nghi-quyet",
            "issuer": "hdnd-tinh",
            "field": "tai-chinh-ngan-sach",
            "signer": "Phạm Văn Thiều",
            "signer_position": "Chủ tịch Hội đồng nhân dân tỉnh",
            "issued_on": (today - datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
            "effective_from": (today + datetime.timedelta(days=40)).strftime("%d/%m/%Y"),
        },
        {
            "number_symbol": "3364/UBND-KGVX",
            "summary": "Về việc triển khai thu thập, cập nhật dữ liệu dân cư phục vụ chuyển đổi số",
            "type": "cong-van",
            "issuer": "ubnd-tinh",
            "field": "chuyen-doi-so",
            "signer": "Lâm Văn Bi",
            "signer_position": "Phó Chủ tịch Ủy ban nhân dân tỉnh",
            "issued_on": (today - datetime.timedelta(days=6)).strftime("%d/%m/%Y"),
        },
    ]


def _member_rows(portal, issuer, today):
    year = today.year
    name = portal.name
    issuer_slug, code = issuer.slug, issuer.code
    if is_department(portal):
        head, deputy, body = "Giám đốc Sở", "Phó Giám đốc Sở", name
    else:
        head, deputy, body = "Chủ tịch Ủy ban nhân dân", "Phó Chủ tịch Ủy ban nhân dân", f"Ủy ban nhân dân {name}"
    rows = [
        {
            "number_symbol": "45/QĐ-UBND",
            "summary": f"Về việc kiện toàn Ban Chỉ đạo chuyển đổi số {name}",
            "type": "quyet-dinh",
            "issuer": issuer_slug,
            "field": "chuyen-doi-so",
            "signer": "Trần Thanh Hùng",
            "signer_position": "Chủ tịch Ủy ban nhân dân",
            "issued_on": f"15/04/{year}",
            "effective_from": f"15/04/{year}",
            "files": f"qd-45-{portal.codename}.pdf|Toàn văn Quyết định",
        },
        {
            "number_symbol": "112/KH-UBND",
            "summary": f"Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm {year} trên địa bàn {name}",
            "type": "ke-hoach",
            "issuer": issuer_slug,
            "field": "quoc-phong-an-ninh",
            "signer": "Lê Thị Thu",
            "signer_position": "Phó Chủ tịch Ủy ban nhân dân",
            "issued_on": f"02/05/{year}",
            "relations": "guides:05/CT-UBND" if portal.parent_id else "",
        },
        {
            "number_symbol": "20/TB-UBND",
            "summary": f"Thông báo lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân {name}",
            "type": "thong-bao",
            "issuer": issuer_slug,
            "field": "cai-cach-hanh-chinh",
            "signer": "Trần Thanh Hùng",
            "signer_position": "Chủ tịch Ủy ban nhân dân",
            "issued_on": (today - datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
            "files": f"tb-20-{portal.codename}.docx|Thông báo",
        },
        {
            "number_symbol": "08/BC-UBND",
            "summary": f"Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm {year}",
            "type": "bao-cao",
            "issuer": issuer_slug,
            "field": "dau-tu",
            "signer": "Lê Thị Thu",
            "signer_position": "Phó Chủ tịch Ủy ban nhân dân",
            "issued_on": f"28/06/{year}",
        },
        {
            "number_symbol": "03/QĐ-UBND",
            "summary": f"Ban hành Quy chế làm việc của Ủy ban nhân dân {name} nhiệm kỳ 2021 - 2026",
            "type": "quyet-dinh",
            "issuer": issuer_slug,
            "field": "to-chuc-bo-may",
            "signer": "Trần Thanh Hùng",
            "signer_position": "Chủ tịch Ủy ban nhân dân",
            "issued_on": f"10/07/{year - 1}",
            "effective_from": f"10/07/{year - 1}",
            "validity": "partial",
        },
    ]
    for row in rows:
        row["number_symbol"] = row["number_symbol"].replace("-UBND", f"-{code}")
        row["signer_position"] = head if row["signer_position"].startswith("Chủ tịch") else deputy
        row["summary"] = row["summary"].replace(f"Ủy ban nhân dân {name}", body)
        if is_department(portal) and row["type"] == "ke-hoach":
            row["summary"], row["field"] = f"Kế hoạch cải cách hành chính năm {year} của {name}", "cai-cach-hanh-chinh"
    return rows


def _file_reader(rows):
    def read(name):
        row = next(r for r in rows if name in r.get("files", ""))
        lines = [
            row["number_symbol"],
            row["summary"],
            f"{row.get('signer_position', '')}: {row.get('signer', '')}",
            "Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ Nghị định số 30/2020/NĐ-CP về công tác văn thư.",
            "Điều 1. Ban hành kèm theo văn bản này các nội dung nêu tại trích yếu.",
            "Điều 2. Văn bản có hiệu lực kể từ ngày ký.",
            "Điều 3. Các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành.",
        ]
        return make_pdf(lines) if name.endswith(".pdf") else make_docx(lines)

    return read


def load_demo(portal, stdout=None):
    from sites.models import BlockPlacement, HomePage

    from .services import RowError, clean_row, ensure_index_page, find_document, upsert_document

    today = timezone.localdate()
    index = ensure_index_page(portal)
    if portal.parent_id is None:
        rows = _province_rows(today)
    else:
        rows = _member_rows(portal, _member_issuer(portal), today)
    created_count = 0
    read = _file_reader(rows)
    for raw in rows:
        if find_document(portal, symbols.normalise(raw["number_symbol"]), int(raw["issued_on"][-4:])):
            continue
        try:
            row = clean_row(raw, portal, read_file=read)
        except RowError as error:
            # A relation to a province document that the province has not loaded: drop it.
            raw = {**raw, "relations": ""}
            try:
                row = clean_row(raw, portal, read_file=read)
            except RowError:
                if stdout:
                    stdout.write(f"  legal_documents: skipped {raw['number_symbol']}: {error}\n")
                continue
        upsert_document(portal, row, index=index)
        created_count += 1
    for home in portal.root_pages():
        home = home.specific
        if isinstance(home, HomePage):
            BlockPlacement.objects.get_or_create(
                page=home,
                block=BLOCK_NAME,
                defaults={
                    "slot": "main",
                    "title": "Văn bản mới" if home.locale.language_code == "vi" else "Newest documents",
                    "limit": 5,
                },
            )
    if stdout:
        stdout.write(f"  legal_documents: {created_count} documents added to {portal.name} ({index.url_path})\n")
