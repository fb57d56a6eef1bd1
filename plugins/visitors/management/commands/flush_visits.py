from django.core.management.base import BaseCommand
from tqdm import tqdm

from plugins.visitors.stats import flush_visits


class Command(BaseCommand):
    help = "Add the visits counted in the cache to each portal's stored total (run every minute or so)."

    def handle(self, *args, **options):
        show = options.get("verbosity", 1) > 0
        with tqdm(desc="portals", unit="portal", file=self.stderr, disable=not show) as bar:
            flushed = flush_visits(progress=bar)
        if show:
            self.stdout.write(f"Flushed {sum(flushed.values())} visits of {len(flushed)} portals.")
