"""Demo organisation of a portal (idempotent).

Units are found by portal and name, leaders and contact officials by portal and order,
so running it again changes nothing and edits made since are kept. The people differ
from portal to portal (chosen from the portal's codename), so two wards do not show
the same leaders. The two pages (co-cau-to-chuc, lanh-dao) are created under the
portal's home page, in both languages, unless a page already sits at that slug.
"""

from __future__ import annotations

import hashlib

from django.utils.html import escape
from wagtail.models import Locale, Page

from .models import ContactOfficial, Leader, LeadersPage, OrganisationPage, Unit

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lâm", "Trương", "Tô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Hữu", "Thu", "Kim", "Đức", "Mỹ"]
GIVEN = [
    "An", "Bình", "Chiến", "Dũng", "Duyên", "Hà", "Hải", "Hạnh", "Hiếu", "Hùng", "Khải", "Lan", "Linh",
    "Long", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trí", "Tuấn", "Vân", "Yến",
]  # fmt: skip

LOCAL_UNITS = [
    # (vi name, en name, vi functions, en functions)
    (
        "Văn phòng HĐND và UBND",
        "Office of the People's Council and People's Committee",
        "Tham mưu tổng hợp, giúp Hội đồng nhân dân và Ủy ban nhân dân tổ chức hoạt động; "
        "quản lý văn thư, lưu trữ, cổng thông tin điện tử.",
        "Advises and assists the People's Council and Committee; records, archives and the web portal.",
    ),
    (
        "Phòng Kinh tế",
        "Economic Division",
        "Tham mưu về nông nghiệp, công thương, tài chính, kế hoạch - đầu tư, xây dựng, giao thông và tài nguyên, môi trường.",
        "Agriculture, trade, finance, planning and investment, construction, transport, natural resources and environment.",
    ),
    (
        "Phòng Văn hóa - Xã hội",
        "Culture and Social Affairs Division",
        "Tham mưu về văn hóa, thể thao, giáo dục, y tế, lao động, người có công và xã hội, dân tộc, tôn giáo.",
        "Culture, sports, education, health, labour, veterans and social affairs, ethnic and religious affairs.",
    ),
    (
        "Trung tâm Phục vụ hành chính công",
        "Public Administrative Service Centre",
        "Tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính; hướng dẫn người dân nộp hồ sơ trực tuyến.",
        "Receives applications and returns the results of administrative procedures; helps citizens apply online.",
    ),
]

PROVINCE_UNITS = [
    (
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Office of the Provincial People's Committee",
        "Tham mưu tổng hợp, giúp Ủy ban nhân dân tỉnh chỉ đạo, điều hành; quản lý Cổng thông tin điện tử tỉnh.",
        "Assists the Provincial People's Committee in its direction and management; runs the provincial portal.",
    ),
    (
        "Sở Nội vụ",
        "Department of Home Affairs",
        "Tổ chức bộ máy, công chức, viên chức, chính quyền địa phương, lao động, thi đua - khen thưởng.",
        "Organisation, civil servants, local government, labour, emulation and rewards.",
    ),
    (
        "Sở Tài chính",
        "Department of Finance",
        "Ngân sách, tài sản công, kế hoạch và đầu tư, doanh nghiệp.",
        "Budget, public assets, planning and investment, enterprises.",
    ),
    (
        "Sở Xây dựng",
        "Department of Construction",
        "Quy hoạch, xây dựng, nhà ở, giao thông vận tải.",
        "Planning, construction, housing, transport.",
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        "Nông nghiệp, thủy sản, đất đai, tài nguyên nước, môi trường.",
        "Agriculture, fisheries, land, water resources, environment.",
    ),
    (
        "Sở Y tế",
        "Department of Health",
        "Y tế dự phòng, khám bệnh, chữa bệnh, dược, bảo trợ xã hội.",
        "Preventive medicine, medical care, pharmacy, social protection.",
    ),
    (
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Provincial Public Administrative Service Centre",
        "Một cửa liên thông của tỉnh: tiếp nhận hồ sơ, trả kết quả, hướng dẫn dịch vụ công trực tuyến.",
        "The province's one-stop shop: receives applications, returns results, helps with online public services.",
    ),
]

DEPARTMENT_UNITS = [
    (
        "Văn phòng Sở",
        "Department Office",
        "Tham mưu tổng hợp, hành chính, tổ chức cán bộ, tài chính - kế toán của Sở.",
        "General advice, administration, personnel, finance and accounting of the Department.",
    ),
    (
        "Phòng Kế hoạch - Tài chính",
        "Planning and Finance Division",
        "Kế hoạch, ngân sách, đầu tư công của ngành.",
        "Plans, budget and public investment of the sector.",
    ),
    (
        "Phòng Quản lý chuyên ngành",
        "Sector Management Division",
        "Quản lý nhà nước chuyên ngành, hướng dẫn cơ sở, thủ tục hành chính thuộc thẩm quyền Sở.",
        "State management of the sector, guidance to localities, procedures handled by the Department.",
    ),
]

LEADER_POSITIONS = {
    # level: [(vi, en)] - the head first, then deputies
    "province": [
        ("Chủ tịch Ủy ban nhân dân tỉnh", "Chairman of the Provincial People's Committee"),
        ("Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh", "Standing Vice Chairman of the Provincial People's Committee"),
        ("Phó Chủ tịch Ủy ban nhân dân tỉnh", "Vice Chairman of the Provincial People's Committee"),
    ],
    "department": [
        ("Giám đốc Sở", "Director of the Department"),
        ("Phó Giám đốc Sở", "Deputy Director of the Department"),
        ("Phó Giám đốc Sở", "Deputy Director of the Department"),
    ],
}
LOCAL_TITLES = {
    "ward": ("phường", "Ward"),
    "commune": ("xã", "Commune"),
    "special_zone": ("đặc khu", "Special Zone"),
    "district": ("huyện", "District"),
}

PAGES = [
    # (model, slug, vi title, en title, vi intro, en intro)
    (
        OrganisationPage,
        "co-cau-to-chuc",
        "Cơ cấu tổ chức",
        "Organisation",
        "Các đơn vị trực thuộc, chức năng, nhiệm vụ và thông tin liên hệ.",
        "Our units, their functions and how to contact them.",
    ),
    (
        LeadersPage,
        "lanh-dao",
        "Lãnh đạo",
        "Leadership",
        "Lãnh đạo cơ quan và thông tin liên hệ.",
        "The agency's leaders and their contacts.",
    ),
]


def _digest(portal, salt="") -> bytes:
    return hashlib.sha1(f"{portal.codename}:{salt}".encode()).digest()


def person_name(portal, index: int) -> str:
    digest = _digest(portal, f"person-{index}")
    middle = MIDDLE[digest[1] % len(MIDDLE)]
    return f"{SURNAMES[digest[0] % len(SURNAMES)]} {middle} {GIVEN[(digest[2] + index * 5) % len(GIVEN)]}"


def phone(portal, index: int) -> str:
    digest = _digest(portal, "phone")
    return f"0290 3{digest[0] % 10}{digest[1] % 10}{digest[2] % 10} {(digest[3] + index * 37) % 1000:03d}"


def _domain(portal) -> str:
    return "camau.gov.vn" if portal.is_network_root else f"{portal.codename.replace('-', '')}.camau.gov.vn"


def _units_for(portal):
    level = portal.level.code
    if level == "province":
        return PROVINCE_UNITS
    if level == "department":
        return DEPARTMENT_UNITS
    return LOCAL_UNITS


def _positions_for(portal):
    level = portal.level.code
    if level in LEADER_POSITIONS:
        return LEADER_POSITIONS[level]
    vi, en = LOCAL_TITLES.get(level, ("xã", "Commune"))
    return [
        (f"Chủ tịch Ủy ban nhân dân {vi}", f"Chairman of the {en} People's Committee"),
        (f"Phó Chủ tịch Ủy ban nhân dân {vi}", f"Vice Chairman of the {en} People's Committee"),
        (f"Phó Chủ tịch Ủy ban nhân dân {vi}", f"Vice Chairman of the {en} People's Committee"),
    ]


def load_demo(portal, stdout):
    domain = _domain(portal)
    created = 0
    units = []
    for order, (name, name_en, functions, functions_en) in enumerate(_units_for(portal)):
        unit = Unit.objects.filter(portal=portal, name_vi=name).first()
        if unit is None:
            unit = Unit.objects.create(
                portal=portal,
                name=name,
                name_vi=name,
                name_en=name_en,
                functions=f"<p>{escape(functions)}</p>",
                functions_vi=f"<p>{escape(functions)}</p>",
                functions_en=f"<p>{escape(functions_en)}</p>",
                address=f"{portal.name}, tỉnh Cà Mau",
                phone=phone(portal, 10 + order),
                email=f"donvi{order + 1}@{domain}",
                sort_order=order * 10,
            )
            created += 1
        units.append(unit)

    office = units[0]
    for order, (position, position_en) in enumerate(_positions_for(portal)):
        _leader, was_created = Leader.objects.get_or_create(
            portal=portal,
            sort_order=order,
            defaults={
                "full_name": person_name(portal, order),
                "position": position,
                "position_vi": position,
                "position_en": position_en,
                "unit": None,
                "term": "2021–2026",
                "phone": phone(portal, order),
                "email": f"lanhdao{order + 1}@{domain}",
                "biography_vi": f"<p>{escape(position)} {escape(portal.name)}, nhiệm kỳ 2021–2026.</p>",
                "biography_en": f"<p>{escape(position_en)}, term 2021–2026.</p>",
            },
        )
        created += was_created

    contacts = [
        (
            office,
            "Chánh Văn phòng",
            "Chief of Office",
            "Tiếp nhận thông tin, phản ánh, kiến nghị; cung cấp thông tin cho báo chí và Cổng thông tin điện tử.",
            "Information, feedback and proposals; press and web portal information.",
        ),
        (
            units[-1],
            "Phụ trách bộ phận một cửa",
            "Head of the one-stop desk",
            "Hướng dẫn thủ tục hành chính, tiếp nhận hồ sơ và trả kết quả.",
            "Help with administrative procedures, applications and results.",
        ),
    ]
    for order, (unit, position, position_en, responsibility, responsibility_en) in enumerate(contacts):
        _contact, was_created = ContactOfficial.objects.get_or_create(
            portal=portal,
            sort_order=order,
            defaults={
                "full_name": person_name(portal, 10 + order),
                "position": position,
                "position_vi": position,
                "position_en": position_en,
                "unit": unit,
                "responsibility": responsibility,
                "responsibility_vi": responsibility,
                "responsibility_en": responsibility_en,
                "phone": phone(portal, 20 + order),
                "email": f"{'vanphong' if order == 0 else 'motcua'}@{domain}",
            },
        )
        created += was_created

    pages = ensure_pages(portal)
    stdout.write(f"  organisation: {portal.name}: {created} rows created, {pages} pages created\n")


def ensure_pages(portal) -> int:
    """The organisation and leaders pages under the portal's home page, each in
    Vietnamese and English, unless a page already sits at the slug (then left alone)."""
    home = portal.site.root_page.specific
    created = 0
    en = Locale.objects.filter(language_code="en").first()
    for model, slug, title, title_en, intro, intro_en in PAGES:
        existing = Page.objects.child_of(home).filter(slug=slug).first()
        if existing is None:
            page = model(title=title, slug=slug, intro=intro, show_in_menus=True, locale=home.locale)
            home.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        elif isinstance(existing.specific, model):
            page = existing.specific
        else:
            continue  # another page type holds the slug (a content page): left alone
        home_en = home.get_translation_or_none(en) if en is not None and en.pk != home.locale_id else None
        if home_en is None:
            continue
        if page.get_translation_or_none(en) is None and not Page.objects.child_of(home_en).filter(slug=slug).exists():
            translated = page.copy_for_translation(en)
            translated.title, translated.intro = title_en, intro_en
            translated.save_revision().publish()
            created += 1
    return created
