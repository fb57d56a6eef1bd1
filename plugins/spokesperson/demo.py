"""Demo spokespersons (idempotent: looked up by portal and name)."""

import datetime
import hashlib

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
    return NAMES[(digest[0] + offset) % len(NAMES)]


def load_demo(portal, stdout):
    level = portal.level.code
    position_vi, position_en, issuer = POSITIONS.get(level, POSITIONS["commune"])
    if level == "department" and portal.short_name:
        position_vi = f"Phó Giám đốc {portal.short_name}"
    number = 100 + hashlib.sha1(portal.codename.encode()).digest()[1]
    people = [
        (_pick(portal.codename), Spokesperson.ROLE_SPOKESPERSON, position_vi, position_en, 0),
        (
            _pick(portal.codename, 3),
            Spokesperson.ROLE_AUTHORISED,
            "Chánh Văn phòng" if level != "province" else "Phó Chánh Văn phòng Ủy ban nhân dân tỉnh",
            "Chief of Office" if level != "province" else "Deputy Chief of Office of the Provincial People's Committee",
            1,
        ),
    ]
    created_count = 0
    for name, role, pos_vi, pos_en, order in people:
        slug = portal.codename.replace("-", "")[:10]
        spokesperson, created = Spokesperson.objects.get_or_create(
            portal=portal,
            name=name,
            defaults={
                "role": role,
                "position_vi": pos_vi,
                "position_en": pos_en,
                "position": pos_vi,
                "phone": f"0290 38{number:03d} {order}{order + 1}",
                "email": f"phatngon{order or ''}@{slug}.camau.gov.vn",
                "decision_number": f"{number + order}/QĐ-{issuer}",
                "decision_date": datetime.date(2025, 7, 1) + datetime.timedelta(days=number % 20),
                "term_start": datetime.date(2025, 7, 1) + datetime.timedelta(days=number % 20),
                "sort_order": order,
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
