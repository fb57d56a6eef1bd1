"""Give portals the starter kit of their level: `manage.py provision_starter --all [--dry-run]`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from sites.models import Portal
from sites.starter import apply_starter, seed_kit


class Command(BaseCommand):
    help = (
        "Create the starter kit's sections (introduction, organisation, leadership, contact, news, "
        "documents, site map ...) in Vietnamese and English on portals that lack them. Running it again "
        "changes nothing; pages already at a section's slug are left as they are."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--all", action="store_true", help="Every portal of the network")
        target.add_argument("--portal", action="append", metavar="HOST", help="A portal's hostname (repeatable)")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be created and change nothing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        portals = Portal.objects.select_related("site", "level").order_by("level__rank", "pk")
        if not options["all"]:
            hosts = [h.strip().lower() for h in options["portal"]]
            portals = portals.filter(site__hostname__in=hosts)
            missing = sorted(set(hosts) - {p.site.hostname for p in portals})
            if missing:
                raise CommandError(f"No portal has the hostname {', '.join(missing)}. Nothing was changed.")
        dry_run = options["dry_run"]
        created = translated = 0
        with transaction.atomic():
            # A dry run reads the kit as the real run would (sections declared since the
            # last seeding included), then rolls the seeding back.
            seeded = seed_kit()
            bar = tqdm(list(portals), desc="Starter kit", unit="portal", disable=options["no_progress"])
            for portal in bar:
                result = apply_starter(portal, dry_run=dry_run)
                created += len(result.created)
                translated += len(result.translated)
                if result.created and (dry_run or options["verbosity"] > 1):
                    verb = "would create" if dry_run else "created"
                    self.stdout.write(f"{portal.site.hostname}: {verb} {', '.join(result.created)}")
            transaction.set_rollback(dry_run)
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Dry run: {created} sections would be created on {len(bar)} portals. Nothing was changed.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(bar)} portals: {created} sections created, {translated} English pages added"
                    f" ({seeded} new kit sections seeded)."
                )
            )
