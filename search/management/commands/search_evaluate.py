"""nDCG@10 of a judgement file's queries on a scratch network: ``manage.py search_evaluate FILE``.

By default everything happens in a scratch database created and migrated as the
test runner does (in memory on SQLite, ``test_<name>_search_evaluate`` on
PostgreSQL, dropped afterwards), with a local-memory cache and, on Elasticsearch,
a scratch index: the configured database, cache and index are never touched.
See search/evaluation.py for the file's format and the scoring.
"""

from __future__ import annotations

import json
import uuid
import warnings
from contextlib import ExitStack, contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import override_settings
from tqdm import tqdm

from search import conf, evaluation
from search.engines import get_engine, use_engine

SCRATCH_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "search-evaluate"}}
WIDTH = 48  # query column


@contextmanager
def scratch_database(verbosity: int):
    """A new database for the default connection, migrated, and dropped at the end."""
    old_name = connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    configured = test.get("NAME")
    if connection.vendor == "sqlite":
        test["NAME"] = "file:search_evaluate?mode=memory&cache=shared"
    else:
        test["NAME"] = f"test_{old_name}_search_evaluate"[:63]
    try:
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
        yield
    finally:
        # Only a database this command switched to is destroyed (never the configured one).
        if connection.settings_dict["NAME"] != old_name:
            connection.creation.destroy_test_db(old_name, verbosity=verbosity)
        test["NAME"] = configured


@contextmanager
def scratch_engine():
    """On Elasticsearch, a scratch index (deleted afterwards); the database engine lives in the scratch database."""
    if get_engine().name != "elasticsearch":
        yield
        return
    from search.engines.elasticsearch import ElasticsearchEngine

    engine = ElasticsearchEngine(conf.elasticsearch_url(), prefix=f"{conf.index_prefix()}-evaluate-{uuid.uuid4().hex[:8]}")
    use_engine(engine)
    try:
        yield
    finally:
        use_engine(None)
        engine.client.indices.delete(index=f"{engine.alias}-*", ignore_unavailable=True)
        engine.client.indices.delete_index_template(name=f"{engine.alias}-template", ignore=[404])


class Command(BaseCommand):
    help = (
        "Publish a judgement file's documents into a scratch network and print nDCG@10 of its queries "
        "(through /api/search/ on the network's root portal), the mean and the variant mismatches."
    )

    def add_arguments(self, parser):
        parser.add_argument("judgements", metavar="JUDGEMENTS.json", help="the judgement file (see search/evaluation.py)")
        parser.add_argument(
            "--floor", type=float, help="exit with status 1 when the mean nDCG@10 is below this or any variant mismatches"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON")
        parser.add_argument(
            "--no-scratch",
            action="store_true",
            help="run in the configured database, cache and index as they are (tests, a throwaway database); "
            "the evaluation network stays there",
        )

    def handle(self, *args, judgements, floor=None, as_json=False, no_scratch=False, **options):
        verbosity = options["verbosity"]
        try:
            data = evaluation.load_judgements(judgements)
        except evaluation.JudgementError as error:
            raise CommandError(str(error), returncode=2) from error
        with ExitStack() as stack:
            if not no_scratch:
                stack.enter_context(override_settings(CACHES=SCRATCH_CACHES))
                stack.enter_context(scratch_engine())
                stack.enter_context(scratch_database(max(verbosity - 1, 0)))
            report = self._run(data, verbosity, progress_file=self.stderr if as_json else self.stdout)
        if as_json:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(report)
        if floor is not None and (report.mean < floor or report.mismatches):
            reasons = []
            if report.mean < floor:
                reasons.append(f"the mean nDCG@10 {report.mean:.3f} is below the floor {floor:.3f}")
            if report.mismatches:
                reasons.append(f"{len(report.mismatches)} variant(s) differ from their query in the top {evaluation.TOP}")
            raise CommandError("; ".join(reasons) + ".", returncode=1)

    def _run(self, data, verbosity, progress_file):
        try:
            portals = evaluation.build_network(data)
            with tqdm(
                total=len(data.documents), desc="Publishing", unit=" docs", file=progress_file, disable=verbosity == 0
            ) as bar:
                ids = evaluation.publish_documents(data, portals, on_document=lambda _document: bar.update(1))
            evaluation.apply_index_queue()
            with warnings.catch_warnings():  # WhiteNoise, on the first request: no collected static files here
                warnings.filterwarnings("ignore", message="No directory at")
                return evaluation.evaluate(data, ids)
        except evaluation.JudgementError as error:
            raise CommandError(str(error), returncode=2) from error
        except evaluation.EvaluationError as error:
            raise CommandError(str(error)) from error

    def _print(self, report):
        def row(label, score, results, mark=""):
            label = label if len(label) <= WIDTH else label[: WIDTH - 1] + "…"
            top = ", ".join(results[: evaluation.TOP]) or "(nothing found)"
            return f"{label:<{WIDTH}} {score:>7.3f}  {top}{mark}"

        self.stdout.write(f"Engine: {report.engine}")
        self.stdout.write(f"{'query / variant':<{WIDTH}} {'nDCG@10':>7}  top {evaluation.TOP}")
        mismatched = {(m.query, m.variant) for m in report.mismatches}
        for result in report.queries:
            self.stdout.write(row(result.query, result.ndcg, result.results))
            for variant in result.variants:
                mark = "  ≠ query's top 3" if (result.query, variant.text) in mismatched else ""
                self.stdout.write(row(f"  ~ {variant.text}", variant.ndcg, variant.results, mark))
        self.stdout.write(f"Mean nDCG@10 over {len(report.queries)} queries: {report.mean:.3f}")
        self.stdout.write(f"Variant mismatches: {len(report.mismatches)}")
        for mismatch in report.mismatches:
            self.stdout.write(
                f'  "{mismatch.variant}" (of "{mismatch.query}"): '
                f"{', '.join(mismatch.found) or '(nothing)'} instead of {', '.join(mismatch.expected) or '(nothing)'}"
            )
