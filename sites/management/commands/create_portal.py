from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from registry.text import strip_marks
from sites.models import Portal
from sites.provisioning import PortalSpec, ProvisioningError, provision_portal


class Command(BaseCommand):
    help = "Create (or complete) one portal, e.g. a department (sở, ban, ngành) under a parent portal."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Vietnamese name, e.g. 'Sở Tư pháp'")
        parser.add_argument("--name-en", default="", help="English name")
        parser.add_argument("--level", required=True, help="Level code: province, department, district, commune, ward ...")
        parser.add_argument("--hostname", required=True)
        parser.add_argument("--parent", default=None, help="Hostname of the parent portal")
        parser.add_argument("--codename", default=None)
        parser.add_argument("--admin-code", default="")
        parser.add_argument("--theme", default="")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--plugins", default=None, help="Comma-separated plugin names (default: the level's defaults)")

    def handle(self, *args, **o):
        parent = None
        if o["parent"]:
            parent = Portal.objects.filter(site__hostname=o["parent"].lower()).first()
            if parent is None:
                raise CommandError(f"No portal has the hostname {o['parent']!r}. Nothing was created.")
        spec = PortalSpec(
            name=o["name"],
            name_en=o["name_en"],
            codename=o["codename"] or slugify(strip_marks(o["name"])),
            hostname=o["hostname"].strip().lower(),
            port=o["port"],
            level=o["level"],
            parent=parent,
            admin_code=o["admin_code"],
            theme=o["theme"],
            plugins=[p.strip() for p in o["plugins"].split(",") if p.strip()] if o["plugins"] is not None else None,
        )
        try:
            portal, created = provision_portal(spec)
        except ProvisioningError as exc:
            raise CommandError(f"{exc} Nothing was created.") from None
        verb = "Created" if created else "Already there, completed"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {portal.name} at {portal.site.root_url}"))
