"""Demo spokespersons (idempotent: looked up by portal, role and order)."""

import datetime
import hashlib

from registry.text import strip_marks
from sites.models import BlockPlacement

from .models import Spokesperson

NAMES = [
    "Nguyễn Thị Thu Hà",
    "Trần Văn Minh",
    "Lê Hoàng Phúc",
    "Phạm Ngọc Ánh",
    "Huỳnh Quốc Bảo",
    "Võ Thị Kim Loan",
    "Đặng Minh Trí",
    "Lâm Thanh Tùng",
    "Trương Thị Mỹ Duyên",
    "Dương Văn Khải",
    "Tô Hoàng Nam",
    "Quách Thị Bích Ngọc",
    "Hồ Thanh Sơn",
    "Châu Ngọc Hân",
    "Lý Văn Đức",
    "Mai Thị Thanh Thảo",
]

POSITIONS = {
    "province": ("Chánh Văn phòng Ủy ban nhân dân tỉnh", "Chief of Office of the Provincial People's Committee", "UBND"),
    "department": ("Phó Giám đốc Sở", "Deputy Director of the Department", "SVHTTDL"),
    "district": ("Chánh Văn phòng HĐND và UBND huyện", "Chief of Office of the District People's Council and Committee", "UBND"),
    "ward": ("Phó Chủ tịch Ủy ban nhân dân phường", "Vice Chairman of the Ward People's Committee", "UBND"),
    "commune": ("Phó Chủ tịch Ủy ban nhân dân xã", "Vice Chairman of the Commune People's Committee", "UBND"),
    "special_zone": ("Phó Chủ tịch Ủy ban nhân dân đặc khu", "Vice Chairman of the Special Zone People's Committee", "UBND"),
}


def _pick(codename, offset=0):
    digest = hashlib.sha1(codename.encode()).digest()
    return NAMES[(digest[0] + offset * 7) % len(NAMES)]


def _department_parts(portal):
    """("Sở Nội vụ", "SNV") from "Sở Nội vụ tỉnh Cà Mau"."""
    name = (portal.short_name or portal.name).split(" tỉnh ")[0].strip()
    words = name.split()
    initials = "".join(strip_marks(word[0]).upper() for word in words[1:] if word[:1].isalpha())
    return name, f"S{initials}" if words and words[0] == "Sở" else "VP"


def load_demo(portal, stdout):
    level = portal.level.code
    position_vi, position_en, issuer = POSITIONS.get(level, POSITIONS["commune"])
    if level == "department":
        agency, issuer = _department_parts(portal)
        position_vi = f"Phó Giám đốc {agency}"
    number = 100 + hashlib.sha1(portal.codename.encode()).digest()[1]
    domain = "camau.gov.vn" if portal.is_network_root else f"{portal.codename.replace('-', '')}.camau.gov.vn"
    people = [
        (_pick(portal.codename), Spokesperson.ROLE_SPOKESPERSON, position_vi, position_en, 0),
        (
            _pick(portal.codename, 1),
            Spokesperson.ROLE_AUTHORISED,
            "Chánh Văn phòng" if level != "province" else "Phó Chánh Văn phòng Ủy ban nhân dân tỉnh",
            "Chief of Office" if level != "province" else "Deputy Chief of Office of the Provincial People's Committee",
            1,
        ),
    ]
    created_count = 0
    appointed = datetime.date(2025, 7, 1) + datetime.timedelta(days=number % 20)
    for name, role, pos_vi, pos_en, order in people:
        # Stable key: the portal's n-th spokesperson of a role (names may be edited).
        _spokesperson, created = Spokesperson.objects.get_or_create(
            portal=portal,
            role=role,
            sort_order=order,
            defaults={
                "name": name,
                "position_vi": pos_vi,
                "position_en": pos_en,
                "position": pos_vi,
                "phone": f"0290 3{number:03d} {order}{order + 1}{order + 2}",
                "email": f"{'phatngon' if order == 0 else 'vanphong'}@{domain}",
                "decision_number": f"{number + order}/QĐ-{issuer}",
                "decision_date": appointed,
                "term_start": appointed,
            },
        )
        created_count += created
    place_block(portal, "spokesperson.card", slot="sidebar", sort_order=10)
    stdout.write(f"  spokesperson: {portal.name}: {created_count} created\n")


def place_block(portal, block, slot="sidebar", sort_order=0, limit=5):
    for home in portal.root_pages():
        home = home.specific
        if not hasattr(home, "placements"):
            continue
        _placement, created = BlockPlacement.objects.get_or_create(
            page=home, block=block, defaults={"slot": slot, "sort_order": sort_order, "limit": limit}
        )
        if created and home.live:
            # Keep the latest revision in step, so publishing it later keeps the block.
            home.save_revision().publish()
