"""Load the demo portal network (idempotent): `python manage.py load_demo`.

The network is Cà Mau province (official 2025 units) on ``NETWORK_DOMAIN``
(camau.localhost by default): the provincial portal, a department portal and
the first ward/commune portals. Every installed plugin is switched on for the
demo portals and adds its own demo content through ``Plugin.load_demo``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm
from wagtail.models import Site

from registry.plugins import registry
from sites.models import HomePage, Portal, PortalNavigation, StarterPage
from sites.oversight import demo_history
from sites.provisioning import PortalSpec, network_admins_group, provision_portal
from sites.starter import apply_starter

DEMO_ADMIN = ("admin", "demo-admin-2025")
DEMO_EDITOR_PASSWORD = "demo-editor-2025"

DEMO_MODERATOR_PASSWORD = "demo-moderator-2025"

# People of the demo, picked per portal by its codename so no two portals show the same
# person responsible (the legal notice) or the same phone number.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Quốc", "Ngọc", "Hữu", "Kim", "Thành"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long", "Nam", "Phúc", "Quang", "Tâm", "Thảo"]

ABOUT = {
    "province": (
        "<p>Tỉnh Cà Mau được thành lập trên cơ sở hợp nhất tỉnh Bạc Liêu và tỉnh Cà Mau từ ngày 01/7/2025, "
        "là tỉnh cực Nam của Tổ quốc, có ba mặt giáp biển với bờ biển dài hơn 300 km. Tỉnh có 64 đơn vị hành "
        "chính cấp xã gồm {wards} phường và {communes} xã; trung tâm hành chính đặt tại phường An Xuyên.</p>"
        "<p>Ủy ban nhân dân tỉnh là cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng "
        "nhân dân tỉnh và cơ quan nhà nước cấp trên; tổ chức thi hành Hiến pháp, pháp luật, nghị quyết của Hội "
        "đồng nhân dân tỉnh và thực hiện nhiệm vụ, quyền hạn do cơ quan nhà nước cấp trên phân cấp, ủy quyền.</p>"
    ),
    "department": (
        "<p>{name} là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Cà Mau, tham mưu, giúp Ủy ban nhân dân "
        "tỉnh quản lý nhà nước về tổ chức bộ máy, vị trí việc làm, biên chế, cán bộ, công chức, viên chức, "
        "cải cách hành chính, chính quyền địa phương, thi đua, khen thưởng, văn thư, lưu trữ và công tác "
        "thanh niên.</p><p>Sở có tư cách pháp nhân, con dấu và tài khoản riêng; chịu sự chỉ đạo, quản lý về "
        "tổ chức, biên chế và công tác của Ủy ban nhân dân tỉnh, đồng thời chịu sự chỉ đạo, hướng dẫn, kiểm "
        "tra về chuyên môn, nghiệp vụ của Bộ Nội vụ.</p>"
    ),
    "local": (
        "<p>{name} được sắp xếp theo Nghị quyết của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành "
        "chính cấp xã của tỉnh Cà Mau năm 2025, có diện tích tự nhiên khoảng {area} km², dân số khoảng "
        "{people} người, chia thành {hamlets} {hamlet_word}.</p><p>Ủy ban nhân dân {lower} là cơ quan hành "
        "chính nhà nước ở địa phương, tổ chức thực hiện Hiến pháp, pháp luật trên địa bàn; giải quyết thủ tục "
        "hành chính cho người dân, doanh nghiệp tại Trung tâm Phục vụ hành chính công {lower}.</p>"
    ),
}


def _pick(portal, items, salt=""):
    """A deterministic choice per portal (the same on every run of the loader)."""
    digest = hashlib.sha1(f"{portal.codename}{salt}".encode()).digest()
    return items[digest[0] % len(items)], int.from_bytes(digest[1:4], "big")


def _person(portal, salt=""):
    family, n = _pick(portal, FAMILY, salt)
    return f"{family} {MIDDLE[n % len(MIDDLE)]} {GIVEN[(n // 7) % len(GIVEN)]}"


def _lower_first(name):
    return name[0].lower() + name[1:]


class Command(BaseCommand):
    help = "Create or complete the demo portal network with content from every plugin."

    def add_arguments(self, parser):
        parser.add_argument("--domain", default=getattr(settings, "NETWORK_DOMAIN", "camau.localhost"))
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--wards", type=int, default=4, help="Number of ward/commune portals (at least 3)")

    def handle(self, *args, domain, port, wards, **options):
        wards = max(3, wards)
        self.stdout.write(f"Demo network on {domain}:{port}")
        call_command(
            "create_network", province="96", domain=domain, port=port, limit=wards, no_progress=False, stdout=self.stdout
        )
        province = Portal.objects.get(site__hostname=domain)
        # Sites follow the port the demo is served on (make demo PORT=8101): every absolute
        # link (search results, news from other portals, RSS) then works.
        Site.objects.filter(portal__isnull=False).exclude(port=port).update(port=port)
        department, _created = provision_portal(
            PortalSpec(
                name="Sở Nội vụ tỉnh Cà Mau",
                name_en="Ca Mau Department of Home Affairs",
                codename="so-noi-vu",
                hostname=f"sonoivu.{domain}",
                port=port,
                level="department",
                parent=province,
                legal={"governing_body": "Sở Nội vụ tỉnh Cà Mau"},
            )
        )
        portals = [province, department, *Portal.objects.filter(parent=province).exclude(pk=department.pk).order_by("pk")]
        everything = registry.names()
        for portal in tqdm(portals, desc="Portals", unit="portal"):
            with transaction.atomic():
                self._complete_portal(portal, everything)
        self._users(province, portals)

        for plugin in registry.all():
            if plugin.load_demo is None:
                continue
            for portal in tqdm(portals, desc=f"Plugin {plugin.name}", unit="portal"):
                with transaction.atomic():
                    plugin.load_demo(Portal.objects.select_related("site", "level", "parent").get(pk=portal.pk), self.stdout)

        # Oversight worth looking at: two wards "chậm cập nhật", and twelve weeks of scores.
        recorded = demo_history(portals[-2:])
        self.stdout.write(f"Oversight: {recorded} portal scores recorded; {', '.join(p.name for p in portals[-2:])} are slow.")

        self.stdout.write(self.style.SUCCESS("\nThe demo network is ready:"))
        for portal in Portal.objects.select_related("site", "level").order_by("level__rank", "pk"):
            self.stdout.write(f"  {portal.site.root_url}/  {portal.name} ({portal.level.name})")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo admin login: {province.site.root_url}/admin/  user {DEMO_ADMIN[0]}  password {DEMO_ADMIN[1]}"
                f"\nWard editor login (drafts in their ward only): user {self._editor_name(portals[2])}"
                f"  password {DEMO_EDITOR_PASSWORD}"
                f"\nWard moderator login (publishes in their ward only): user {self._moderator_name(portals[2])}"
                f"  password {DEMO_MODERATOR_PASSWORD}"
                f"\n  ({portals[2].site.root_url}/admin/ — the ward's own address; any portal's /admin/ works)"
            )
        )

    @staticmethod
    def _editor_name(portal):
        return f"bientap-{portal.codename}"[:150]

    @staticmethod
    def _moderator_name(portal):
        return f"kiemduyet-{portal.codename}"[:150]

    def _complete_portal(self, portal, plugin_names):
        changed = False
        if sorted(portal.enabled_plugins or []) != sorted(plugin_names):
            portal.enabled_plugins = sorted(plugin_names)
            changed = True
        level = portal.level.code
        _family, n = _pick(portal, FAMILY, "phone")
        if level == "province":
            address = "Số 2 Hùng Vương, phường An Xuyên, tỉnh Cà Mau"
        elif level == "department":
            address = f"Số {n % 200 + 1} Trần Hưng Đạo, phường An Xuyên, tỉnh Cà Mau"
        else:
            address = f"Trụ sở Ủy ban nhân dân {_lower_first(portal.name)}, tỉnh Cà Mau"
        defaults = {
            "responsible_person": f"{_person(portal)}, "
            + (
                "Chánh Văn phòng Ủy ban nhân dân tỉnh"
                if level == "province"
                else "Chánh Văn phòng"
                if level == "department"
                else "Phó Chủ tịch Ủy ban nhân dân"
            ),
            "licence": f"Giấy phép số {n % 90 + 10}/GP-TTĐT do Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau cấp"
            if level == "province"
            else "",
            "address": address,
            "phone": f"0290 38{n % 100:02d} {n % 1000:03d}",
            "email": f"{portal.codename}@camau.gov.vn",
        }
        for field, value in defaults.items():
            if value and not getattr(portal, field):
                setattr(portal, field, value)
                changed = True
        # The legal notice of the English site (sites/translation.py).
        name_en = portal.name_en or portal.name
        office = f"People's Committee of {name_en}"
        english = {
            "governing_body_en": name_en if level == "department" else office,
            "responsible_person_en": f"{_person(portal)}, "
            + (
                "Chief of Office of the Provincial People's Committee"
                if level == "province"
                else "Chief of Office"
                if level == "department"
                else "Vice Chairman of the People's Committee"
            ),
            "licence_en": f"Licence No. {n % 90 + 10}/GP-TTĐT issued by the Ca Mau Department of Culture, Sports and Tourism"
            if level == "province"
            else "",
            "address_en": "2 Hung Vuong Street, An Xuyen Ward, Ca Mau Province"
            if level == "province"
            else f"{n % 200 + 1} Tran Hung Dao Street, An Xuyen Ward, Ca Mau Province"
            if level == "department"
            else f"Office of the {office}, Ca Mau Province",
        }
        for field, value in english.items():
            if value and not getattr(portal, field):
                setattr(portal, field, value)
                changed = True
        if changed:
            portal.save()

        home = portal.site.root_page.specific
        if isinstance(home, HomePage) and not home.intro:
            home.intro = f"<p>Chào mừng bạn đến với Cổng thông tin điện tử {portal.name}.</p>"
            home.save_revision().publish()
        apply_starter(portal)  # sections of the plugins switched on just now
        self._fill_about(portal)
        self._navigation(portal)

    def _navigation(self, portal):
        """A two-level main menu and footer links, as a portal's moderators would set them."""
        navigation = PortalNavigation.for_site(portal.site)
        if navigation.main_menu:
            return
        pages = dict(portal.site.root_page.get_children().live().values_list("slug", "pk"))

        def page(slug, children=()):
            value = {"page": pages[slug], "title_vi": "", "title_en": "", "children": list(children)}
            return {"type": "page", "value": value}

        def sub(slug):
            return {"type": "page", "value": {"page": pages[slug], "title_vi": "", "title_en": ""}}

        if not {"gioi-thieu", "co-cau-to-chuc", "lanh-dao", "tin-tuc", "van-ban", "lien-he"} <= set(pages):
            return
        public_services = {
            "type": "link",
            "value": {
                "url": "https://dichvucong.gov.vn/",
                "title_vi": "Dịch vụ công",
                "title_en": "Public services",
                "children": [],
            },
        }
        navigation.main_menu = [
            page("gioi-thieu", [sub("co-cau-to-chuc"), sub("lanh-dao"), sub("lien-he")]),
            page("tin-tuc"),
            page("van-ban"),
            public_services,
            page("lien-he"),
        ]
        navigation.footer_links = [
            {"type": "page", "value": {"page": pages[slug], "title_vi": "", "title_en": ""}}
            for slug in ("so-do-cong", "cong-thanh-vien", "lien-he")
            if slug in pages
        ]
        navigation.save()

    def _fill_about(self, portal):
        """The introduction in the agency's words (the starter kit left a neutral notice)."""
        record = StarterPage.objects.filter(portal=portal, key="core.about", filled=False).select_related("page").first()
        if record is None:
            return
        level = portal.level.code
        _family, n = _pick(portal, FAMILY, "about")
        members = Portal.objects.filter(parent=portal)
        text = ABOUT["province" if level == "province" else "department" if level == "department" else "local"].format(
            name=portal.name,
            lower=_lower_first(portal.name),
            wards=members.filter(level__code="ward").count() or 9,
            communes=members.filter(level__code="commune").count() or 55,
            area=60 + n % 240,
            people=f"{18 + n % 40}.{n % 1000:03d}",
            hamlets=6 + n % 15,
            hamlet_word="khóm" if level == "ward" else "ấp",
        )
        page = record.page.specific
        page.body = [("paragraph", text)]
        page.save_revision().publish()
        record.filled = True
        record.save(update_fields=["filled"])

    def _users(self, province, portals):
        User = get_user_model()
        admin, _ = User.objects.get_or_create(username=DEMO_ADMIN[0], defaults={"email": "admin@camau.localhost"})
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_ADMIN[1])
        admin.save()
        admin.groups.add(network_admins_group())
        moderator, _ = User.objects.get_or_create(
            username=self._moderator_name(portals[2]),
            defaults={"email": f"kiemduyet@{portals[2].codename}.camau.localhost", "first_name": "Kiểm duyệt"},
        )
        moderator.set_password(DEMO_MODERATOR_PASSWORD)
        moderator.save()
        moderator.groups.add(portals[2].moderators_group)
        for portal in portals:
            editor, _ = User.objects.get_or_create(
                username=self._editor_name(portal),
                defaults={"email": f"bientap@{portal.codename}.camau.localhost", "first_name": "Biên tập"},
            )
            editor.set_password(DEMO_EDITOR_PASSWORD)
            editor.save()
            editor.groups.add(portal.editors_group)
