"""Load the demo portal network (idempotent): `python manage.py load_demo`.

The network is Cà Mau province (official 2025 units) on ``NETWORK_DOMAIN``
(camau.localhost by default): the provincial portal, a department portal and
the first ward/commune portals. Every installed plugin is switched on for the
demo portals and adds its own demo content through ``Plugin.load_demo``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm
from wagtail.models import Locale

from registry.plugins import registry
from sites.models import HomePage, Portal, StandardPage
from sites.provisioning import PortalSpec, network_admins_group, provision_portal

DEMO_ADMIN = ("admin", "demo-admin-2025")
DEMO_EDITOR_PASSWORD = "demo-editor-2025"

ABOUT_PAGES = [
    # (slug, vi title, en title, vi body)
    ("gioi-thieu", "Giới thiệu", "About", "Giới thiệu chung về {name}: vị trí, chức năng, nhiệm vụ và cơ cấu tổ chức."),
    ("co-cau-to-chuc", "Cơ cấu tổ chức", "Organisation", "Lãnh đạo và các phòng, ban, đơn vị trực thuộc của {name}."),
    ("lien-he", "Liên hệ", "Contact", "Địa chỉ, số điện thoại và thư điện tử liên hệ của {name}."),
]


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

        self.stdout.write(self.style.SUCCESS("\nThe demo network is ready:"))
        for portal in Portal.objects.select_related("site", "level").order_by("level__rank", "pk"):
            self.stdout.write(f"  {portal.site.root_url}/  {portal.name} ({portal.level.name})")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo admin login: {province.site.root_url}/admin/  user {DEMO_ADMIN[0]}  password {DEMO_ADMIN[1]}"
                f"\nWard editor login (sees only their ward): user {self._editor_name(portals[2])}  password {DEMO_EDITOR_PASSWORD}"
            )
        )

    @staticmethod
    def _editor_name(portal):
        return f"bientap-{portal.codename}"[:150]

    def _complete_portal(self, portal, plugin_names):
        changed = False
        if sorted(portal.enabled_plugins or []) != sorted(plugin_names):
            portal.enabled_plugins = sorted(plugin_names)
            changed = True
        defaults = {
            "responsible_person": "Nguyễn Văn An, Chánh Văn phòng",
            "licence": "Giấy phép số 12/GP-TTĐT do Sở Văn hóa, Thể thao và Du lịch cấp",
            "address": f"{portal.name}, tỉnh Cà Mau",
            "phone": "0290 3831 000",
            "email": f"{portal.codename}@camau.gov.vn",
        }
        for field, value in defaults.items():
            if not getattr(portal, field):
                setattr(portal, field, value)
                changed = True
        if changed:
            portal.save()

        home = portal.site.root_page.specific
        if isinstance(home, HomePage) and not home.intro:
            home.intro = f"<p>Chào mừng bạn đến với Cổng thông tin điện tử {portal.name}.</p>"
            home.save_revision().publish()
        en = Locale.objects.get(language_code="en")
        for slug, title, title_en, body in ABOUT_PAGES:
            page = home.get_children().filter(slug=slug).first()
            if page is None:
                page = StandardPage(
                    title=title,
                    slug=slug,
                    show_in_menus=True,
                    summary=body.format(name=portal.name),
                    body=[("paragraph", f"<p>{body.format(name=portal.name)}</p>")],
                )
                home.add_child(instance=page)
                page.save_revision().publish()
            if page.specific.get_translation_or_none(en) is None:
                translated = page.specific.copy_for_translation(en)
                translated.title = title_en
                translated.save_revision().publish()

    def _users(self, province, portals):
        User = get_user_model()
        admin, _ = User.objects.get_or_create(username=DEMO_ADMIN[0], defaults={"email": "admin@camau.localhost"})
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_ADMIN[1])
        admin.save()
        admin.groups.add(network_admins_group())
        for portal in portals:
            editor, _ = User.objects.get_or_create(
                username=self._editor_name(portal),
                defaults={"email": f"bientap@{portal.codename}.camau.localhost", "first_name": "Biên tập"},
            )
            editor.set_password(DEMO_EDITOR_PASSWORD)
            editor.save()
            editor.groups.add(portal.editors_group)
