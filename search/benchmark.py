"""A realistic Vietnamese corpus for the search benchmark (search_benchmark)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from cms.search_contract import SearchDocument

BENCH_PORTAL_BASE = 900_000  # synthetic portal ids, far from real ones

SYLLABLES = [
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Thành",
    "Lợi",
    "Hưng",
    "Long",
    "Thạnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Khánh",
    "Hải",
    "Mỹ",
    "Phước",
    "Lộc",
    "Thới",
    "Trung",
    "Hiệp",
    "Vĩnh",
    "Định",
    "Sơn",
    "Giang",
    "Xuyên",
    "Quới",
    "Điền",
    "Hiệp",
    "Thuận",
    "Đức",
    "Nhơn",
    "Hậu",
    "Tiến",
    "Việt",
    "Quang",
    "Minh",
    "Hồng",
    "Lạc",
]
TOPICS = [
    "chuyển đổi số",
    "chính phủ điện tử",
    "cải cách hành chính",
    "phòng, chống dịch bệnh",
    "xây dựng nông thôn mới",
    "an toàn giao thông",
    "bảo vệ môi trường",
    "giảm nghèo bền vững",
    "phòng cháy chữa cháy",
    "đăng ký kinh doanh",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "tuyển sinh đầu cấp",
    "bảo hiểm y tế",
    "nuôi trồng thủy sản",
    "hoà giải ở cơ sở",
    "phổ biến giáo dục pháp luật",
    "thu hút đầu tư",
    "phát triển du lịch",
    "chăm sóc sức khỏe",
    "dịch vụ công trực tuyến",
    "quản lý đất đai",
    "phòng chống thiên tai",
    "xây dựng đô thị văn minh",
    "bình đẳng giới",
    "an sinh xã hội",
    "khuyến nông",
    "kinh tế tập thể",
    "hợp tác xã",
    "thuế thu nhập cá nhân",
    "quốc phòng toàn dân",
    "thanh niên tình nguyện",
    "khởi nghiệp sáng tạo",
    "giải phóng mặt bằng",
]
ACTORS = [
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Công an",
    "Trạm Y tế",
    "Trường Tiểu học",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài nguyên và Môi trường",
]
VERBS = [
    "triển khai",
    "tổ chức",
    "tổng kết",
    "đẩy mạnh",
    "hướng dẫn",
    "kiểm tra",
    "tuyên truyền",
    "thực hiện",
    "ban hành kế hoạch",
    "sơ kết",
    "phát động",
    "hỗ trợ người dân",
]
SENTENCES = [
    "{actor} {place} {verb} công tác {topic} năm {year}.",
    "Người dân trên địa bàn {place} được hướng dẫn về {topic} và nộp hồ sơ qua Cổng dịch vụ công.",
    "Theo báo cáo, đến nay {place} đã hoàn thành {n}% chỉ tiêu về {topic}.",
    "Hội nghị có sự tham dự của lãnh đạo tỉnh Cà Mau và đại diện các sở, ban, ngành.",
    "{actor} yêu cầu các đơn vị tiếp tục {verb} {topic}, bảo đảm tiến độ và chất lượng.",
    "Trong quý {q}, {place} tiếp nhận {n} hồ sơ, giải quyết đúng hạn đạt tỷ lệ cao.",
    "Nhiều mô hình hay, cách làm sáng tạo về {topic} được nhân rộng tại {place}.",
    "Dịp này, {actor} khen thưởng các tập thể, cá nhân có thành tích xuất sắc.",
]
CATEGORIES = ["Tin hoạt động", "Chuyển đổi số", "Kinh tế", "Văn hóa - Xã hội", "An ninh - Quốc phòng", "Thông báo"]
DOC_TYPES = [
    ("Quyết định", "QĐ"),
    ("Kế hoạch", "KH"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Công văn", "CV"),
    ("Thông báo", "TB"),
]
ISSUERS = [("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"), ("Sở Tài chính", "STC"), ("Sở Nội vụ", "SNV")]
FIELDS = ["Tài chính", "Y tế", "Giáo dục", "Đất đai", "Nội vụ", "Công nghệ thông tin", "Nông nghiệp", "Giao thông"]


def portals(count: int) -> list[tuple[int, str, int | None]]:
    """[(id, name, parent id)]: a province and its members."""
    rng = random.Random(7)
    result = [(BENCH_PORTAL_BASE, "Tỉnh Cà Mau", None)]
    for i in range(1, count):
        kind = rng.choice(["Phường", "Xã", "Xã", "Sở"])
        name = f"{kind} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        result.append((BENCH_PORTAL_BASE + i, name, BENCH_PORTAL_BASE))
    return result


def documents(count: int, portal_list, seed: int = 42):
    rng = random.Random(seed)
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    span = (datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC) - start).total_seconds()
    for i in range(count):
        portal_id, place, _parent = portal_list[rng.randrange(len(portal_list))]
        topic = rng.choice(TOPICS)
        date = start + datetime.timedelta(seconds=rng.random() * span)
        year = date.year

        def sentence(place=place, year=year):
            return rng.choice(SENTENCES).format(
                actor=rng.choice(ACTORS),
                place=place,
                verb=rng.choice(VERBS),
                topic=rng.choice(TOPICS),
                year=year,
                n=rng.randint(10, 999),
                q=rng.randint(1, 4),
            )

        body = " ".join(sentence() for _ in range(rng.randint(5, 9)))
        roll = rng.random()
        facets = {}
        keywords = []
        if roll < 0.6:
            kind = "news"
            title = f"{place} {rng.choice(VERBS)} {topic}"
            facets["category"] = rng.choice(CATEGORIES)
        elif roll < 0.85:
            kind = "legal_document"
            doc_type, abbr = rng.choice(DOC_TYPES)
            issuer, issuer_abbr = rng.choice(ISSUERS)
            number = f"{rng.randint(1, 3000)}/{abbr}-{issuer_abbr}"
            keywords = [number]
            title = f"{doc_type} {number} về {topic}"
            facets.update(document_type=doc_type, issuer=f"{issuer} {place}", field=rng.choice(FIELDS))
        elif roll < 0.95:
            kind = "procedure"
            code = f"1.{rng.randint(0, 12999):06d}.000.00.00.H12"
            keywords = [code]
            title = f"Thủ tục {topic}"
            facets["field"] = rng.choice(FIELDS)
        else:
            kind = "page"
            title = f"Giới thiệu {topic} tại {place}"
        yield SearchDocument(
            id=f"bench-{kind}:{i}",
            kind=kind,
            portal_id=portal_id,
            title=title[:1].upper() + title[1:],
            url=f"http://bench.localhost/{kind}/{i}/",
            date=timezone.localtime(date),
            summary=sentence(),
            body=body,
            keywords=keywords,
            facets=facets,
        )


QUERIES = [
    # very common words (in most documents)
    ("tỉnh", {}),
    ("nhân dân", {}),
    ("ủy ban nhân dân", {}),
    ("hồ sơ", {}),
    ("cong tac", {}),
    # everyday searches, with and without diacritics
    ("chuyển đổi số", {}),
    ("chuyen doi so", {}),
    ("phòng chống dịch bệnh", {}),
    ("dang ky kinh doanh", {}),
    ("hoà giải", {}),
    ("hòa giải ở cơ sở", {}),
    ("nông thôn mới", {"sort": "date"}),
    ("an toan giao thong", {}),
    ("bảo hiểm y tế", {"kind": "procedure"}),
    ("thuế thu nhập cá nhân", {}),
    ("khởi nghiệp", {"member": True}),
    ("tỉnh", {"member": True}),
    ("ủy ban nhân dân", {"sort": "date"}),
    ("quyết định", {"kind": "legal_document"}),
    # document numbers and codes
    ("1234/QĐ-UBND", {}),
    ("1234/QD-UBND", {}),
    ("17/NQ-HĐND", {}),
    ("45/KH-UBND", {}),
    ("1.000948.000.00.00.H12", {}),
    # rare or absent
    ("thủy sản", {}),
    ("giải phóng mặt bằng", {"member": True}),
    ("xyz khong ton tai", {}),
]
COMMON = {"tỉnh", "nhân dân", "ủy ban nhân dân", "hồ sơ", "cong tac"}
