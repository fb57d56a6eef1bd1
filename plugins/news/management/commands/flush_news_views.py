from django.core.management.base import BaseCommand
from tqdm import tqdm

from plugins.news.viewcounts import flush_view_counts


class Command(BaseCommand):
    help = "Move counted article views from the cache into the database (run from cron, and before restarting Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        with tqdm(desc="articles", unit="article", disable=options["no_progress"]) as bar:
            moved = flush_view_counts(progress=bar)
        self.stdout.write(self.style.SUCCESS(f"{moved} views saved."))
