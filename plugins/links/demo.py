"""Demo web links (idempotent: groups by portal and title, links by group and address)."""

from cms.demo import demo_image
from sites.models import BlockPlacement

from .models import Link, LinkGroup

NATIONAL = [
    ("Cổng Thông tin điện tử Chính phủ", "Government Portal", "https://chinhphu.vn/"),
    ("Cổng Dịch vụ công quốc gia", "National Public Service Portal", "https://dichvucong.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "National Database of Legal Documents", "https://vbpl.vn/"),
    ("Cổng Thông tin điện tử Quốc hội", "National Assembly Portal", "https://quochoi.vn/"),
    ("Báo Điện tử Chính phủ", "Government Online Newspaper", "https://baochinhphu.vn/"),
]

FEATURED = [
    ("Cổng Dịch vụ công quốc gia", "National Public Service Portal", "https://dichvucong.gov.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "Government Portal", "https://chinhphu.vn/"),
    ("Báo Cà Mau", "Ca Mau Newspaper", "https://baocamau.vn/"),
    ("Hệ thống thông tin báo cáo quốc gia", "National Reporting System", "https://baocao.chinhphu.vn/"),
]


def _group(portal, title_vi, title_en, display, order):
    group = LinkGroup.objects.filter(portal=portal, title_vi=title_vi).first()
    if group is None:
        group = LinkGroup(portal=portal, title=title_vi, display=display, sort_order=order)
        group.title_vi, group.title_en = title_vi, title_en
        group.save()
    return group


def _link(group, title_vi, title_en, url, order, logo=None):
    link = Link.objects.filter(group=group, url=url).first()
    if link is None:
        link = Link(group=group, title=title_vi, url=url, sort_order=order, logo=logo)
        link.title_vi, link.title_en = title_vi, title_en
        link.save()
        return 1
    return 0


def load_demo(portal, stdout):
    created = 0
    national = _group(portal, "Cổng thông tin Trung ương", "Central government portals", LinkGroup.DISPLAY_SELECT, 0)
    for order, (vi, en, url) in enumerate(NATIONAL):
        created += _link(national, vi, en, url, order)
    # The member portals are listed from the network itself (blocks.network_portals);
    # the hand-kept group earlier demos made is removed.
    LinkGroup.objects.filter(portal=portal, title_vi="Cổng thành viên tỉnh Cà Mau").delete()
    featured = _group(portal, "Liên kết nổi bật", "Featured links", LinkGroup.DISPLAY_LOGOS, 2)
    for order, (vi, en, url) in enumerate(FEATURED):
        if not Link.objects.filter(group=featured, url=url).exists():
            logo = demo_image(f"Logo {vi} ({portal.codename})", collection=portal.collection, size=(480, 160))
            created += _link(featured, vi, en, url, order, logo=logo)
    _place(portal, "links.select", "sidebar", 30, limit=5)
    _place(portal, "links.logos", "footer", 90, limit=5)
    stdout.write(f"  links: {portal.name}: {created} links created\n")


def _place(portal, block, slot, sort_order, limit):
    for home in portal.root_pages():
        home = home.specific
        if not hasattr(home, "placements"):
            continue
        _placement, created = BlockPlacement.objects.get_or_create(
            page=home, block=block, defaults={"slot": slot, "sort_order": sort_order, "limit": limit}
        )
        if created and home.live:
            home.save_revision().publish()
