"""Pending index operations and documents per portal and kind."""

from django.core.management.base import BaseCommand
from django.db.models import Count, Max, Min

from search.engines import EngineUnavailable, get_engine
from search.indexing import apply_pending
from search.models import IndexOperation
from sites.models import Portal


class Command(BaseCommand):
    help = "Show pending index operations and the number of documents per portal and kind."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="apply the pending operations now")

    def handle(self, *args, apply=False, **options):
        engine = get_engine()
        self.stdout.write(f"Engine: {engine.name}")
        if apply:
            result = apply_pending(engine)
            self.stdout.write(f"Applied {result['applied']} operations, {result['failed']} failed.")
        pending = IndexOperation.objects.aggregate(n=Count("id"), oldest=Min("created"), attempts=Max("attempts"))
        self.stdout.write(f"Pending operations: {pending['n']}")
        if pending["n"]:
            self.stdout.write(f"  oldest: {pending['oldest']:%Y-%m-%d %H:%M:%S}, most attempts: {pending['attempts']}")
            for row in IndexOperation.objects.values("action", "kind").annotate(n=Count("id")).order_by("action", "kind"):
                self.stdout.write(f"  {row['action']:<7} {row['kind']:<20} {row['n']}")
            last = IndexOperation.objects.exclude(last_error="").order_by("-pk").first()
            if last:
                self.stdout.write(f"  last error: {last.last_error[:300]}")
        try:
            counts = engine.counts()
        except EngineUnavailable as error:
            self.stdout.write(self.style.ERROR(f"The search engine is unavailable: {error}"))
            return
        names = {p.pk: p.site.hostname for p in Portal.objects.select_related("site")}
        total = sum(n for _p, _k, n in counts)
        self.stdout.write(f"Documents: {total}")
        self.stdout.write(f"  {'portal':<40} {'kind':<20} {'documents':>9}")
        for portal_id, kind, n in counts:
            self.stdout.write(f"  {names.get(portal_id, f'#{portal_id} (deleted)'):<40} {kind:<20} {n:>9}")
