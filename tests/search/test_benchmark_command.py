"""``manage.py search_benchmark`` (README: Search, Benchmark) runs end to end on a small
corpus and leaves nothing behind: on PostgreSQL it vacuums and rewrites the search tables,
which cannot happen inside a transaction, hence a transactional test."""

import io
import re

import pytest
from django.core.management import call_command

from search import benchmark
from search.models import SearchEntry


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_indexes_queries_reports_and_removes_its_documents():
    before = SearchEntry.objects.count()
    out = io.StringIO()
    call_command("search_benchmark", documents=300, portals=4, runs=1, workers=1, stdout=out)
    output = out.getvalue()

    assert re.search(r"Indexed 300 documents in [\d.]+ s: [\d,]+ documents/s", output), output
    assert re.search(r"Query latency over \d+ runs: p50 [\d.]+ ms, p95 [\d.]+ ms, max [\d.]+ ms", output), output
    for text, _options in benchmark.QUERIES:
        assert text in output
    assert "Benchmark documents removed" in output
    assert not SearchEntry.objects.filter(portal_id__gte=benchmark.BENCH_PORTAL_BASE).exists()
    assert SearchEntry.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_keeps_its_documents_when_asked():
    call_command("search_benchmark", documents=120, portals=3, runs=1, workers=1, keep=True, stdout=io.StringIO())
    kept = SearchEntry.objects.filter(portal_id__gte=benchmark.BENCH_PORTAL_BASE)
    assert kept.count() == 120
    # A second run replaces them instead of adding to them.
    call_command("search_benchmark", documents=80, portals=3, runs=1, workers=1, keep=True, stdout=io.StringIO())
    assert kept.count() == 80
