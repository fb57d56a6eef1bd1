"""What the network oversight dashboard (``sites.oversight``) reads of the legal documents
plugin.

* ``legal_documents.documents`` (:func:`documents`): documents published on each portal,
  at their first publication (when the portal put them online, not ``issued_on``: the
  rules ask documents to be published within days of their issue);
* ``legal_documents.list`` (:func:`has_documents`): the portal's list of documents is not
  empty.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q

from .models import LegalDocumentPage


def _published():
    """Documents a reader can open: live and public (drafts, unpublished and private ones left out)."""
    return LegalDocumentPage.objects.live().public().filter(portal__isnull=False)


def documents(until, days) -> dict:
    """{portal_id: (last, counts)}: per portal, the latest first publication of a document at
    or before ``until`` and the number of documents first published in each window of
    ``days`` ending at ``until``; a document and its English translation count once. One
    query."""
    published = _published().filter(first_published_at__lte=until)
    windows = {
        f"in_{n}": Count("translation_key", distinct=True, filter=Q(first_published_at__gt=until - datetime.timedelta(days=d)))
        for n, d in enumerate(days)
    }
    rows = published.values("portal_id").order_by().annotate(last=Max("first_published_at"), **windows)
    return {row["portal_id"]: (row["last"], tuple(row[f"in_{n}"] for n in range(len(days)))) for row in rows}


def has_documents(portal_ids) -> set:
    """The ids, among ``portal_ids``, of the portals with at least one published document."""
    return set(_published().filter(portal_id__in=list(portal_ids)).order_by().values_list("portal_id", flat=True).distinct())
