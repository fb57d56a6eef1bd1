"""Seed the network-wide catalogues: document types (Decree 30/2020 Appendix III
plus Luật, Nghị định, Thông tư ...), common issuing bodies and fields."""

from django.db import migrations

DOCUMENT_TYPES = [
    # slug, abbreviation, vi, en
    ("luat", "", "Luật", "Law"),
    ("phap-lenh", "PL", "Pháp lệnh", "Ordinance"),
    ("nghi-dinh", "NĐ", "Nghị định", "Decree"),
    ("thong-tu", "TT", "Thông tư", "Circular"),
    ("nghi-quyet", "NQ", "Nghị quyết", "Resolution"),
    ("quyet-dinh", "QĐ", "Quyết định", "Decision"),
    ("chi-thi", "CT", "Chỉ thị", "Directive"),
    ("quy-che", "QC", "Quy chế", "Regulation"),
    ("quy-dinh", "QyĐ", "Quy định", "Rules"),
    ("thong-cao", "TC", "Thông cáo", "Communiqué"),
    ("thong-bao", "TB", "Thông báo", "Notice"),
    ("huong-dan", "HD", "Hướng dẫn", "Guidance"),
    ("chuong-trinh", "CTr", "Chương trình", "Programme"),
    ("ke-hoach", "KH", "Kế hoạch", "Plan"),
    ("phuong-an", "PA", "Phương án", "Scheme"),
    ("de-an", "ĐA", "Đề án", "Project proposal"),
    ("du-an", "DA", "Dự án", "Project"),
    ("bao-cao", "BC", "Báo cáo", "Report"),
    ("bien-ban", "BB", "Biên bản", "Minutes"),
    ("to-trinh", "TTr", "Tờ trình", "Submission"),
    ("hop-dong", "HĐ", "Hợp đồng", "Contract"),
    ("cong-dien", "CĐ", "Công điện", "Official dispatch (urgent)"),
    ("ban-ghi-nho", "BGN", "Bản ghi nhớ", "Memorandum"),
    ("ban-thoa-thuan", "BTT", "Bản thỏa thuận", "Agreement"),
    ("giay-uy-quyen", "GUQ", "Giấy ủy quyền", "Power of attorney"),
    ("giay-moi", "GM", "Giấy mời", "Invitation"),
    ("giay-gioi-thieu", "GGT", "Giấy giới thiệu", "Letter of introduction"),
    ("giay-nghi-phep", "GNP", "Giấy nghỉ phép", "Leave permit"),
    ("phieu-gui", "PG", "Phiếu gửi", "Dispatch slip"),
    ("phieu-chuyen", "PC", "Phiếu chuyển", "Transfer slip"),
    ("phieu-bao", "PB", "Phiếu báo", "Notification slip"),
    ("cong-van", "", "Công văn", "Official letter"),
]

ISSUERS = [
    ("quoc-hoi", "QH", "Quốc hội", "National Assembly"),
    ("ubtvqh", "UBTVQH", "Ủy ban Thường vụ Quốc hội", "Standing Committee of the National Assembly"),
    ("chu-tich-nuoc", "CTN", "Chủ tịch nước", "President"),
    ("chinh-phu", "CP", "Chính phủ", "Government"),
    ("thu-tuong", "TTg", "Thủ tướng Chính phủ", "Prime Minister"),
    ("van-phong-chinh-phu", "VPCP", "Văn phòng Chính phủ", "Government Office"),
    ("bo-noi-vu", "BNV", "Bộ Nội vụ", "Ministry of Home Affairs"),
    ("bo-tai-chinh", "BTC", "Bộ Tài chính", "Ministry of Finance"),
    ("bo-khcn", "BKHCN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
    ("bo-tu-phap", "BTP", "Bộ Tư pháp", "Ministry of Justice"),
    ("hdnd-tinh", "HĐND", "Hội đồng nhân dân tỉnh", "Provincial People's Council"),
    ("ubnd-tinh", "UBND", "Ủy ban nhân dân tỉnh", "Provincial People's Committee"),
    ("van-phong-ubnd-tinh", "VP", "Văn phòng Ủy ban nhân dân tỉnh", "Office of the Provincial People's Committee"),
    ("so-noi-vu", "SNV", "Sở Nội vụ", "Department of Home Affairs"),
    ("so-tai-chinh", "STC", "Sở Tài chính", "Department of Finance"),
    ("so-khcn", "SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("so-ngoai-vu", "SNgV", "Sở Ngoại vụ", "Department of Foreign Affairs"),
]

FIELDS = [
    ("to-chuc-bo-may", "Tổ chức bộ máy", "Organisation"),
    ("can-bo-cong-chuc", "Cán bộ, công chức, viên chức", "Civil service"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính", "Administrative reform"),
    ("van-thu-luu-tru", "Văn thư, lưu trữ", "Records and archives"),
    ("tai-chinh-ngan-sach", "Tài chính, ngân sách", "Finance and budget"),
    ("dau-tu", "Kế hoạch, đầu tư", "Planning and investment"),
    ("dat-dai", "Đất đai", "Land"),
    ("tai-nguyen-moi-truong", "Tài nguyên, môi trường", "Natural resources and environment"),
    ("xay-dung", "Xây dựng, quy hoạch", "Construction and planning"),
    ("giao-thong", "Giao thông vận tải", "Transport"),
    ("nong-nghiep", "Nông nghiệp, thủy sản", "Agriculture and fisheries"),
    ("cong-thuong", "Công thương", "Industry and trade"),
    ("giao-duc", "Giáo dục, đào tạo", "Education and training"),
    ("y-te", "Y tế", "Health"),
    ("van-hoa", "Văn hóa, thể thao, du lịch", "Culture, sports and tourism"),
    ("khoa-hoc-cong-nghe", "Khoa học, công nghệ", "Science and technology"),
    ("chuyen-doi-so", "Chuyển đổi số", "Digital transformation"),
    ("lao-dong", "Lao động, việc làm, an sinh xã hội", "Labour, employment and social security"),
    ("tu-phap", "Tư pháp", "Justice"),
    ("quoc-phong-an-ninh", "Quốc phòng, an ninh", "Defence and security"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("legal_documents", "DocumentType")
    Issuer = apps.get_model("legal_documents", "Issuer")
    LegalField = apps.get_model("legal_documents", "LegalField")
    for order, (slug, abbreviation, vi, en) in enumerate(DOCUMENT_TYPES):
        DocumentType.objects.update_or_create(
            slug=slug, defaults={"abbreviation": abbreviation, "name": vi, "name_vi": vi, "name_en": en, "sort_order": order}
        )
    for order, (slug, code, vi, en) in enumerate(ISSUERS):
        Issuer.objects.update_or_create(
            slug=slug, defaults={"code": code, "name": vi, "name_vi": vi, "name_en": en, "sort_order": order}
        )
    for order, (slug, vi, en) in enumerate(FIELDS):
        LegalField.objects.update_or_create(slug=slug, defaults={"name": vi, "name_vi": vi, "name_en": en, "sort_order": order})


def unseed(apps, schema_editor):
    pass  # keep catalogues that documents may use


class Migration(migrations.Migration):
    dependencies = [("legal_documents", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
