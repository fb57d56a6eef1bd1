"""Generate a Vietnamese corpus, bulk-index it, measure indexing rate and query latency.

Uses the configured engine (the database engine unless Elasticsearch is set).
Run it on a database of its own, e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench manage.py migrate
DATABASE_URL=... manage.py search_benchmark --documents 500000
"""

import os
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from search import benchmark
from search.documents import encode_all
from search.engines import get_engine
from search.models import SearchEntry
from search.query import SearchQuery


class Command(BaseCommand):
    help = "Benchmark the search engine on a generated Vietnamese corpus."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000)
        parser.add_argument("--portals", type=int, default=120)
        parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
        parser.add_argument("--skip-index", action="store_true", help="query the corpus already loaded")
        parser.add_argument("--keep", action="store_true", help="keep the benchmark documents afterwards")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="processes that normalise and encode documents"
        )

    def handle(self, *args, documents, portals, runs, skip_index, keep, workers, **options):
        engine = get_engine()
        portal_list = benchmark.portals(portals)
        scopes = {pk: [pk] + ([parent] if parent else []) for pk, _name, parent in portal_list}
        self.stdout.write(
            f"Engine: {engine.name} ({connection.vendor}); {documents} documents over {portals} portals; "
            f"{workers} encoding worker(s)"
        )
        if not skip_index:
            self._remove(engine, portal_list)
            indexed, elapsed = 0, 0.0
            # The corpus is generated a chunk at a time, untimed; the clock
            # runs from documents to searchable (normalise, encode, write).
            chunk = 50_000
            generator = benchmark.documents(documents, portal_list)
            with tqdm(total=documents, unit=" docs", desc="Indexing", file=self.stdout) as bar:
                while indexed < documents:
                    batch = [next(generator) for _ in range(min(chunk, documents - indexed))]
                    started = time.perf_counter()
                    engine.index(encode_all(batch, scopes, engine, workers), replace=False)
                    elapsed += time.perf_counter() - started
                    indexed += len(batch)
                    bar.update(len(batch))
            engine.analyze(vacuum=True)
            self.stdout.write(f"Indexed {indexed} documents in {elapsed:.1f} s: {indexed / elapsed:,.0f} documents/s")

        member = portal_list[1][0]
        latencies, per_query = [], []
        for text, options_ in tqdm(benchmark.QUERIES, desc="Querying", file=self.stdout):
            query_args = {"text": text, "sort": options_.get("sort", "relevance")}
            if options_.get("member"):
                query_args["scope"] = (member,)
            if options_.get("kind"):
                query_args["filters"] = {"kind": [options_["kind"]]}
            engine.search(SearchQuery(**query_args))  # warm up
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = engine.search(SearchQuery(**query_args))
                times.append((time.perf_counter() - started) * 1000)
            latencies += times
            per_query.append((text, options_, max(times), result.total, result.total_is_lower_bound))
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
        worst_common = max(t for text, _o, t, _n, _b in per_query if text in benchmark.COMMON)
        self.stdout.write("")
        self.stdout.write(f"{'query':<32} {'options':<28} {'max ms':>8} {'hits':>8}")
        for text, opts, worst, total, lower in per_query:
            self.stdout.write(f"{text:<32} {str(opts):<28} {worst:>8.1f} {('>' if lower else '') + str(total):>8}")
        self.stdout.write("")
        self.stdout.write(
            f"Query latency over {len(latencies)} runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms; "
            f"worst common-word query {worst_common:.1f} ms"
        )
        if not keep and not skip_index:
            self._remove(engine, portal_list)
            self.stdout.write("Benchmark documents removed (use --keep to keep them).")

    def _remove(self, engine, portal_list):
        if engine.name == "database":
            engine.delete_entries(SearchEntry.objects.filter(portal_id__gte=benchmark.BENCH_PORTAL_BASE))
            if connection.vendor == "postgresql":
                # Rewritten without the removed rows, so that each run starts from the
                # same tables: a previous run's dead rows and their index entries slowed
                # the next run's queries (document numbers from 3 to 12 ms).
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM FULL search_searchentry, search_searchmatch")
        else:
            for pk, _name, _parent in portal_list:
                engine.delete_where(portal_id=pk)
