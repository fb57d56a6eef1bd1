"""Demo content of the news plugin: categories, a few dozen articles, blocks, syndication."""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from cms.demo import demo_image
from plugins.news.models import ArticlePage, NewsCategoryPage, SyndicationOffer
from plugins.news.syndication import province_of, sync_offer
from registry.text import strip_marks

# (slug, title, parent slug or None, intro)
CATEGORIES = [
    ("tin-tuc", "Tin tức", None, "Tin tức, sự kiện nổi bật của địa phương."),
    ("kinh-te", "Kinh tế", "tin-tuc", "Sản xuất, thương mại, đầu tư và phát triển kinh tế."),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội", "tin-tuc", "Giáo dục, y tế, văn hóa, an sinh xã hội."),
    ("quoc-phong-an-ninh", "Quốc phòng - An ninh", "tin-tuc", "Quốc phòng, an ninh, trật tự an toàn xã hội."),
    ("chi-dao-dieu-hanh", "Chỉ đạo điều hành", None, "Hoạt động chỉ đạo, điều hành của lãnh đạo."),
    ("cai-cach-hanh-chinh", "Cải cách hành chính", None, "Cải cách thủ tục hành chính, chuyển đổi số."),
    ("khoa-hoc-cong-nghe", "Khoa học - Công nghệ", None, "Ứng dụng khoa học, công nghệ vào sản xuất và đời sống."),
]

# category slug -> [(title template, sapo template, tags)]
ARTICLES = {
    "kinh-te": [
        (
            "{short} đẩy mạnh phát triển kinh tế biển",
            "Năm nay, {name} tập trung khai thác tiềm năng kinh tế biển, nuôi trồng thủy sản công nghệ cao gắn với bảo vệ rừng ngập mặn.",
            ["Kinh tế biển", "Thủy sản"],
        ),
        (
            "Giá tôm nguyên liệu tăng, nông dân {short} phấn khởi",
            "Giá tôm thẻ chân trắng và tôm sú tăng từ 10.000 đến 15.000 đồng/kg giúp người nuôi tôm có lãi khá.",
            ["Thủy sản", "Nông nghiệp"],
        ),
        (
            "Hội nghị xúc tiến đầu tư vào {short} năm 2025",
            "Hội nghị giới thiệu 25 dự án kêu gọi đầu tư trong các lĩnh vực năng lượng tái tạo, logistics và du lịch sinh thái.",
            ["Đầu tư", "Kinh tế biển"],
        ),
        (
            "{short} giải ngân vốn đầu tư công đạt 65% kế hoạch",
            "Đến hết tháng 10, tỷ lệ giải ngân vốn đầu tư công của {name} đạt 65%, cao hơn mức bình quân chung.",
            ["Đầu tư công"],
        ),
        (
            "Phát triển sản phẩm OCOP gắn với du lịch cộng đồng",
            "Các sản phẩm OCOP như mật ong rừng U Minh, khô cá bổi, ba khía muối được đưa vào các điểm du lịch cộng đồng.",
            ["OCOP", "Du lịch"],
        ),
    ],
    "van-hoa-xa-hoi": [
        (
            "{short} trao 120 suất học bổng cho học sinh nghèo vượt khó",
            "Mỗi suất học bổng trị giá 2 triệu đồng kèm sách vở, giúp các em vững bước đến trường trong năm học mới.",
            ["Giáo dục", "An sinh xã hội"],
        ),
        (
            "Ra quân chiến dịch tiêm chủng mở rộng",
            "Trạm y tế phối hợp các đoàn thể tổ chức tiêm chủng cho trẻ em dưới 5 tuổi trên địa bàn {name}.",
            ["Y tế"],
        ),
        (
            "Khai mạc Hội thi đờn ca tài tử năm 2025",
            "Hội thi quy tụ 15 đội với hơn 100 nghệ nhân, diễn viên quần chúng, góp phần bảo tồn di sản đờn ca tài tử Nam Bộ.",
            ["Văn hóa"],
        ),
        (
            "{short} bàn giao 30 căn nhà Đại đoàn kết",
            "Các căn nhà được xây dựng từ nguồn vận động xã hội hóa, mỗi căn trị giá 60 triệu đồng.",
            ["An sinh xã hội"],
        ),
        (
            "Ngày hội việc làm thu hút hơn 2.000 lao động",
            "Hơn 40 doanh nghiệp tham gia tuyển dụng với trên 3.500 vị trí việc làm trong và ngoài tỉnh.",
            ["Việc làm"],
        ),
    ],
    "quoc-phong-an-ninh": [
        (
            "Lễ giao nhận quân năm 2025 tại {short}",
            "Các tân binh lên đường nhập ngũ trong niềm vui, sự tin tưởng của gia đình và chính quyền địa phương.",
            ["Quốc phòng"],
        ),
        (
            "Tăng cường bảo đảm trật tự an toàn giao thông dịp cuối năm",
            "Lực lượng công an tăng cường tuần tra, kiểm soát, xử lý nghiêm các trường hợp vi phạm nồng độ cồn.",
            ["An toàn giao thông"],
        ),
        (
            "Diễn tập phòng thủ khu vực năm 2025",
            "Cuộc diễn tập nhằm nâng cao năng lực lãnh đạo, chỉ đạo của cấp ủy, chính quyền trong tình huống quốc phòng.",
            ["Quốc phòng"],
        ),
        (
            "Ra mắt mô hình camera an ninh khu dân cư",
            "Mô hình huy động người dân lắp đặt 150 camera, góp phần phòng ngừa tội phạm tại địa bàn {name}.",
            ["An ninh trật tự", "Chuyển đổi số"],
        ),
    ],
    "chi-dao-dieu-hanh": [
        (
            "Chủ tịch UBND {short} làm việc về tiến độ các công trình trọng điểm",
            "Lãnh đạo yêu cầu các đơn vị thi công đẩy nhanh tiến độ, bảo đảm chất lượng, hoàn thành trước Tết Nguyên đán.",
            ["Đầu tư công"],
        ),
        (
            "Triển khai nhiệm vụ phát triển kinh tế - xã hội những tháng cuối năm",
            "UBND {name} ban hành kế hoạch với 12 nhóm nhiệm vụ, giải pháp trọng tâm để hoàn thành các chỉ tiêu năm 2025.",
            ["Kinh tế - xã hội"],
        ),
        (
            "Chủ động ứng phó triều cường, sạt lở bờ sông",
            "Các đơn vị được yêu cầu thường xuyên kiểm tra đê bao, cống đập, sẵn sàng lực lượng, phương tiện ứng phó.",
            ["Phòng chống thiên tai"],
        ),
        (
            "Họp trực tuyến về công tác chống khai thác IUU",
            "Hội nghị đánh giá kết quả khắc phục khuyến nghị của Ủy ban châu Âu về chống khai thác hải sản bất hợp pháp.",
            ["Thủy sản", "IUU"],
        ),
        (
            "Tiếp công dân định kỳ tháng 11",
            "Lãnh đạo {name} tiếp, lắng nghe và giải đáp 15 lượt ý kiến của người dân về đất đai, chính sách xã hội.",
            ["Tiếp công dân"],
        ),
    ],
    "cai-cach-hanh-chinh": [
        (
            "{short} nâng tỷ lệ hồ sơ trực tuyến toàn trình lên 85%",
            "Nhờ đẩy mạnh dịch vụ công trực tuyến, tỷ lệ hồ sơ nộp trực tuyến toàn trình tại {name} đạt 85%.",
            ["Dịch vụ công trực tuyến", "Chuyển đổi số"],
        ),
        (
            "Bộ phận Một cửa triển khai thanh toán không dùng tiền mặt",
            "Người dân có thể nộp phí, lệ phí thủ tục hành chính bằng mã QR, ví điện tử và thẻ ngân hàng.",
            ["Cải cách hành chính", "Chuyển đổi số"],
        ),
        (
            "Khảo sát mức độ hài lòng của người dân năm 2025",
            "Kết quả khảo sát cho thấy 96,5% người dân hài lòng với chất lượng phục vụ của Bộ phận Một cửa.",
            ["Cải cách hành chính"],
        ),
        (
            "Hướng dẫn người dân sử dụng ứng dụng VNeID",
            "Tổ công nghệ số cộng đồng hỗ trợ người dân kích hoạt tài khoản định danh điện tử mức 2.",
            ["Chuyển đổi số", "VNeID"],
        ),
        (
            "Công bố danh mục thủ tục hành chính mới",
            "Danh mục gồm 45 thủ tục hành chính được chuẩn hóa sau khi sắp xếp đơn vị hành chính.",
            ["Cải cách hành chính"],
        ),
    ],
    "khoa-hoc-cong-nghe": [
        (
            "Ứng dụng IoT trong nuôi tôm siêu thâm canh",
            "Hệ thống cảm biến giúp người nuôi theo dõi oxy, độ mặn, nhiệt độ ao nuôi qua điện thoại thông minh.",
            ["Thủy sản", "Chuyển đổi số"],
        ),
        (
            "Nghiệm thu đề tài nhân giống cây lúa chịu mặn",
            "Giống lúa mới cho năng suất 6 tấn/ha, chịu mặn đến 4‰, phù hợp mô hình tôm - lúa.",
            ["Nông nghiệp", "Khoa học"],
        ),
        (
            "Hội thảo chuyển đổi số trong doanh nghiệp nhỏ và vừa",
            "Hơn 100 doanh nghiệp được giới thiệu các nền tảng số về kế toán, bán hàng và quản trị nhân sự.",
            ["Chuyển đổi số"],
        ),
        (
            "Phát động cuộc thi sáng tạo thanh thiếu niên nhi đồng",
            "Cuộc thi khuyến khích học sinh nghiên cứu, chế tạo sản phẩm khoa học kỹ thuật phục vụ đời sống.",
            ["Khoa học", "Giáo dục"],
        ),
        (
            "Đưa trạm quan trắc môi trường tự động vào hoạt động",
            "Trạm quan trắc cung cấp số liệu chất lượng nước, không khí theo thời gian thực cho cơ quan quản lý.",
            ["Môi trường"],
        ),
    ],
}

PARAGRAPHS = [
    "Sáng {day}, {name} tổ chức hội nghị triển khai nhiệm vụ. Tham dự có đại diện lãnh đạo các phòng, ban, đoàn thể và đông đảo người dân trên địa bàn.",
    "Phát biểu tại buổi làm việc, lãnh đạo {name} nhấn mạnh: đây là nhiệm vụ trọng tâm, cần sự vào cuộc đồng bộ của cả hệ thống chính trị và sự đồng thuận của Nhân dân.",
    "Thời gian tới, {name} tiếp tục rà soát, đánh giá kết quả thực hiện, kịp thời tháo gỡ khó khăn, vướng mắc, phấn đấu hoàn thành vượt mức các chỉ tiêu đề ra.",
]
QUOTES = [
    "Mỗi cán bộ, công chức phải thực sự là công bộc của Nhân dân, lấy sự hài lòng của người dân làm thước đo.",
    "Chuyển đổi số không phải là việc của riêng ngành nào mà là nhiệm vụ của cả hệ thống chính trị.",
]
SOURCES = ["Báo Cà Mau", "Đài Phát thanh - Truyền hình Cà Mau", "Văn phòng UBND", "Trung tâm Văn hóa - Thông tin"]


def _short(portal):
    return portal.short_name or portal.name


def _seed(*parts) -> int:
    return int(hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:8], 16)


def _slug(title):
    return slugify(strip_marks(title))[:200]


def _categories(portal, home):
    found = {}
    for slug, title, parent_slug, intro in CATEGORIES:
        parent = found[parent_slug] if parent_slug else home
        category = NewsCategoryPage.objects.child_of(parent).filter(slug=slug).first()
        if category is None:
            category = NewsCategoryPage(title=title, slug=slug, intro=intro, show_in_menus=parent_slug is None)
            parent.add_child(instance=category)
            category.save_revision().publish()
        found[slug] = category
    return found


def _body(portal, date, index):
    name = portal.name
    day = date.strftime("%d/%m/%Y")
    blocks = [("paragraph", RichText(f"<p>{PARAGRAPHS[0].format(name=name, day=day)}</p>"))]
    blocks.append(("paragraph", RichText(f"<p>{PARAGRAPHS[1].format(name=name, day=day)}</p>")))
    if index % 3 == 0:
        blocks.append(("quote", {"text": QUOTES[index % len(QUOTES)], "attribution": f"Lãnh đạo {name}"}))
    blocks.append(("paragraph", RichText(f"<p>{PARAGRAPHS[2].format(name=name, day=day)}</p>")))
    return blocks


def _articles(portal, categories, stdout):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    index = 0
    made = []
    for category_slug, items in ARTICLES.items():
        category = categories[category_slug]
        for position, (title_t, sapo_t, tags) in enumerate(items):
            index += 1
            title = title_t.format(short=_short(portal), name=portal.name)
            slug = _slug(title_t.format(short="", name="").strip()) or f"tin-{index}"
            article = ArticlePage.objects.child_of(category).filter(slug=slug).first()
            if article is None:
                hours = _seed(portal.codename, slug) % (24 * 45)
                date = now - datetime.timedelta(hours=hours + index)
                image = demo_image(f"{portal.codename}: {title}", collection=portal.collection)
                article = ArticlePage(
                    title=title,
                    slug=slug,
                    sapo=sapo_t.format(short=_short(portal), name=portal.name),
                    date=date,
                    featured_image=image,
                    featured_image_caption=f"Ảnh: {title}",
                    body=_body(portal, timezone.localtime(date), index),
                    author="Phòng Văn hóa - Thông tin" if index % 2 else "Ban Biên tập",
                    source=SOURCES[index % len(SOURCES)],
                    source_url="https://baocamau.vn/" if index % 4 == 0 else "",
                    featured=position == 0,
                    offer_to_province=position == 1 and portal.parent_id is not None,
                )
                article.tags.add(*tags)
                category.add_child(instance=article)
                article.save_revision().publish()
                created += 1
            made.append(article)
    stdout.write(f"  news: {portal.name}: {len(made)} articles ({created} new)\n")
    return made


# English versions the demo's staff "translated" (issue #14: the English home shows English
# news): Vietnamese title template -> (English title, English lead), {name} the portal's
# English name.
ENGLISH = {
    "{short} đẩy mạnh phát triển kinh tế biển": (
        "{name} steps up the development of its marine economy",
        "This year {name} focuses on high-tech aquaculture that protects the mangrove forests.",
    ),
    "Hội nghị xúc tiến đầu tư vào {short} năm 2025": (
        "Investment promotion conference in {name}, 2025",
        "The conference presented 25 projects in renewable energy, logistics and eco-tourism.",
    ),
    "Ngày hội việc làm thu hút hơn 2.000 lao động": (
        "Job fair draws more than 2,000 workers",
        "Over 40 businesses offered more than 3,500 jobs in and outside the province.",
    ),
}
ENGLISH_CATEGORIES = {
    "tin-tuc": "News",
    "kinh-te": "Economy",
    "van-hoa-xa-hoi": "Culture and society",
    "quoc-phong-an-ninh": "Defence and security",
}


def _english(portal, articles):
    """Publish the English versions of the articles in ENGLISH (and of their categories)."""
    from wagtail.models import Locale

    from cms.page_translation import translate_ancestors

    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return
    name = portal.name_en or portal.name
    titles = {title_t.format(short=_short(portal), name=portal.name): english_pair for title_t, english_pair in ENGLISH.items()}
    for article in articles:
        pair = titles.get(article.title)
        if pair is None or article.has_translation(english):
            continue
        for ancestor in translate_ancestors(article, english):
            ancestor.refresh_from_db()  # its tree fields moved when the next one was added under it
            ancestor.title = ENGLISH_CATEGORIES.get(ancestor.slug, ancestor.title)
            ancestor.save_revision().publish()
        translated = article.copy_for_translation(english)
        translated.title, translated.sapo = (text.format(name=name) for text in pair)
        translated.featured_image_caption = translated.title
        translated.save_revision().publish()


def _approve_offers(portal, articles):
    if province_of(portal) is None:
        return
    for article in articles:
        article.refresh_from_db()
        if article.offer_to_province:
            offer = sync_offer(article)
            if offer is not None and offer.status == SyndicationOffer.PENDING:
                offer.status = SyndicationOffer.APPROVED
                offer.decided_at = timezone.now()
                offer.save()


def _placements(portal):
    from sites.models import BlockPlacement

    for home in portal.root_pages():
        home = home.specific
        is_vi = home.locale.language_code == "vi"
        wanted = [
            ("main", "news.slider", "Tin nổi bật" if is_vi else "Featured news", 5),
            ("main", "news.latest", "Tin mới" if is_vi else "Latest news", 8),
            ("sidebar", "news.featured", "Sự kiện nổi bật" if is_vi else "Highlights", 5),
        ]
        if is_vi:
            wanted.append(("main", "news.category", "Chỉ đạo điều hành", 5))
        if portal.parent_id is None:
            wanted.append(("main", "news.network", "Tin từ các địa phương" if is_vi else "News from the localities", 6))
        for order, (slot, block, title, limit) in enumerate(wanted):
            BlockPlacement.objects.get_or_create(
                page=home, block=block, slot=slot, defaults={"title": title, "limit": limit, "sort_order": 10 + order}
            )


def load_demo(portal, stdout):
    home = portal.site.root_page.specific
    categories = _categories(portal, home)
    articles = _articles(portal, categories, stdout)
    _english(portal, articles)
    _approve_offers(portal, articles)
    _placements(portal)
