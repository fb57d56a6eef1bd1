from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sites import network
from sites.provisioning import PortalSpec, ProvisioningError, network_admins_group, provision_portal, remove_wagtail_welcome_site


class Command(BaseCommand):
    help = (
        "Create the provincial portal and one member portal per commune, ward and special zone "
        "of a province (official 2025 units). Running it again completes or changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Province code, e.g. 96 (Cà Mau)")
        parser.add_argument("--domain", required=True, help="Provincial hostname, e.g. camau.gov.vn")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--limit", type=int, default=None, help="Only the first N member portals (demo, tests)")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--no-starter",
            action="store_true",
            help="Leave out the starter kit's pages (add them later with provision_starter --all)",
        )

    def handle(self, *args, **options):
        try:
            province = network.province(options["province"])
        except ValueError:
            raise CommandError(
                f"Unknown province code {options['province']!r}: use a code of the 34 provinces "
                "in the 2025 list (e.g. 01 Hà Nội, 79 Hồ Chí Minh, 96 Cà Mau). Nothing was created."
            ) from None
        domain = options["domain"].strip().lower().rstrip(".")
        if not domain or "/" in domain or " " in domain:
            raise CommandError(f"Invalid domain {options['domain']!r}. Nothing was created.")
        units = network.province_units(int(province.code))
        if options["limit"] is not None:
            units = units[: options["limit"]]

        remove_wagtail_welcome_site()
        network_admins_group()
        name = network.province_display_name(province)
        try:
            root, created = provision_portal(
                PortalSpec(
                    name=name,
                    name_en=network.english_name(name, "province"),
                    codename=network.province_codename(province),
                    hostname=domain,
                    port=options["port"],
                    level="province",
                    admin_code=str(int(province.code)),
                    theme="provincial",
                    is_default=True,
                    starter=not options["no_starter"],
                    legal={"governing_body": f"Ủy ban nhân dân {name[0].lower() + name[1:]}"},
                )
            )
        except ProvisioningError as exc:
            raise CommandError(str(exc)) from None

        made = int(created)
        bar = tqdm(units, desc=f"{province.name}", unit="portal", disable=options["no_progress"])
        for unit in bar:
            try:
                _portal, created = provision_portal(
                    PortalSpec(
                        name=unit.name,
                        name_en=network.english_name(unit.name, unit.level),
                        codename=unit.codename,
                        hostname=f"{unit.codename}.{domain}",
                        port=options["port"],
                        level=unit.level,
                        parent=root,
                        admin_code=unit.code,
                        starter=not options["no_starter"],
                        legal={"governing_body": f"Ủy ban nhân dân {unit.name[0].lower() + unit.name[1:]}"},
                    )
                )
            except ProvisioningError as exc:
                raise CommandError(f"{unit.name} ({unit.code}): {exc}") from None
            made += int(created)
        self.stdout.write(self.style.SUCCESS(f"{name}: {len(units) + 1} portals in the network, {made} created now."))
