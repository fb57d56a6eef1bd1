"""The legal documents plugin's oversight providers: the documents published on each portal
(``legal_documents.documents``) and the duty of a non-empty list (``legal_documents.list``)."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from plugins.legal_documents.models import LegalDocumentPage
from plugins.legal_documents.oversight import documents, has_documents
from registry.plugins import registry
from tests.plugins.legal_documents.conftest import add_document
from tests.plugins.oversight_helpers import DAYS, ago

pytestmark = pytest.mark.django_db


def published(portal, symbol, at, **overrides):
    """A document of ``portal`` first published at ``at``."""
    page = add_document(portal, number_symbol=symbol, **overrides)
    LegalDocumentPage.objects.filter(pk=page.pk).update(first_published_at=at)
    return page


def test_declared_in_the_plugin_contract():
    plugin = registry.get("legal_documents")
    (activity,) = plugin.activities
    (duty,) = plugin.duties
    assert (activity.key, activity.max_days, activity.levels) == ("legal_documents.documents", 30, None)
    assert registry.load(activity.activity) is documents
    assert duty.key == "legal_documents.list" and registry.load(duty.check) is has_documents


def test_last_publication_and_counts_in_each_window(ld, now):
    published(ld.ward_a, "1/QĐ-UBND", ago(3, now))
    published(ld.ward_a, "2/QĐ-UBND", ago(40, now))
    # Issued long ago, published online yesterday: the publication counts, not the issue.
    published(ld.ward_b, "3/QĐ-UBND", ago(1, now), issued_on="01/02/2020")

    found = documents(now, DAYS)

    assert found[ld.ward_a.pk] == (ago(3, now), (1, 2))  # 40 days ago: in 90, not in 30
    assert found[ld.ward_b.pk] == (ago(1, now), (1, 1))
    assert ld.province.pk not in found


def test_nothing_after_until_counts(ld, now):
    published(ld.ward_a, "1/QĐ-UBND", ago(20, now))
    published(ld.ward_a, "2/QĐ-UBND", ago(2, now))
    assert documents(ago(10, now), DAYS)[ld.ward_a.pk] == (ago(20, now), (1, 1))
    assert ld.ward_a.pk not in documents(ago(25, now), DAYS)


def test_unpublished_and_private_documents_count_for_nothing(ld, now):
    withdrawn = published(ld.ward_a, "1/QĐ-UBND", ago(2, now))
    withdrawn.unpublish()
    private = published(ld.ward_a, "2/QĐ-UBND", ago(3, now))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    ids = [ld.province.pk, ld.ward_a.pk, ld.ward_b.pk]

    assert ld.ward_a.pk not in documents(now, DAYS)
    assert has_documents(ids) == set()

    published(ld.ward_a, "3/QĐ-UBND", ago(4, now))
    assert documents(now, DAYS)[ld.ward_a.pk] == (ago(4, now), (1, 1))
    assert has_documents(ids) == {ld.ward_a.pk}
    assert has_documents([ld.ward_b.pk]) == set()  # only among the ids asked


def test_one_query_for_the_whole_network(ld, now, django_assert_max_num_queries):
    published(ld.ward_a, "1/QĐ-UBND", ago(1, now))
    published(ld.ward_b, "2/QĐ-UBND", ago(50, now))
    ids = [ld.province.pk, ld.ward_a.pk, ld.ward_b.pk]
    with django_assert_max_num_queries(2):  # the documents, and the view restrictions public() reads
        found = documents(now, DAYS)
    with django_assert_max_num_queries(2):
        listed = has_documents(ids)
    assert {pk: counts for pk, (_last, counts) in found.items()} == {ld.ward_a.pk: (1, 1), ld.ward_b.pk: (0, 1)}
    assert listed == {ld.ward_a.pk, ld.ward_b.pk}
