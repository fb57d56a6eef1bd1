"""manage.py merge_portals --from HOST[,HOST...] --into HOST [--dry-run] [--staff move|deactivate]

Merges portals after a reorganisation (issue #16; ``sites.merging``): every page, image,
document, collection and plugin object of each ``--from`` portal goes to ``--into``,
every old URL answers 301 to its new address, and the old portal is kept, marked
"merged into …". Prints the counts per kind before and after and fails when anything is
missing; ``--dry-run`` prints what would move and changes nothing. A rerun completes an
interrupted merge and otherwise changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sites.merging import STAFF_CHOICES, check_merge, counts, merge_portal
from sites.models import Portal


class Command(BaseCommand):
    help = "Merge portals into another after a reorganisation: content, files, plugin objects, old URLs (301), staff."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="sources", required=True, help="Hostname(s) of the merged portal(s), comma-separated.")
        parser.add_argument("--into", required=True, help="Hostname of the portal that absorbs them.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would move; change nothing.")
        parser.add_argument(
            "--staff",
            choices=STAFF_CHOICES,
            default="move",
            help="move: the old staff join the target's matching groups; deactivate: their accounts are switched off.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def _portal(self, hostname):
        portal = Portal.objects.select_related("site", "level").filter(site__hostname=hostname.strip().lower()).first()
        if portal is None:
            raise CommandError(f"No portal has the hostname {hostname!r}.")
        return portal

    def handle(self, *args, sources, into, dry_run=False, staff="move", no_progress=False, **options):
        target = self._portal(into)
        olds = [self._portal(host) for host in sources.split(",") if host.strip()]
        if not olds:
            raise CommandError("Name at least one portal to merge (--from).")
        for old in olds:  # every one checked before any is merged
            try:
                check_merge(old, target)
            except ValueError as error:
                raise CommandError(str(error)) from error
        if dry_run:
            for old in olds:
                self.stdout.write(f"{old.site.hostname} ({old.name}) -> {target.site.hostname} ({target.name}):")
                for kind, number in sorted(counts(old).items()):
                    self.stdout.write(f"  {kind}: {number} would move")
            self.stdout.write("Dry run: nothing was changed.")
            return
        failed = []
        for old in tqdm(olds, desc="Portals", unit="portal", disable=no_progress, file=self.stderr):
            result = merge_portal(old, target, staff=staff)
            self.stdout.write(f"{old.site.hostname} -> {target.site.hostname}: {result.redirects} old addresses kept")
            for kind in sorted(set(result.before_old) | set(result.before_into)):
                self.stdout.write(
                    f"  {kind}: before {result.before_old[kind]} + {result.before_into[kind]}, "
                    f"after {result.after_old[kind]} + {result.after_into[kind]}"
                )
            missing = result.missing()
            if missing:
                failed.append(f"{old.site.hostname}: {missing}")
        if failed:
            raise CommandError("Something did not reach the target portal: " + "; ".join(failed))
        self.stdout.write(self.style.SUCCESS(f"Merged {len(olds)} portal(s) into {target.site.hostname}."))
