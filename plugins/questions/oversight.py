"""What the network oversight dashboard (``sites.oversight``) reads of the questions plugin.

``questions.answered`` (:func:`answered`): the answers each portal published.
``questions.overdue`` (:func:`overdue`): the questions not answered in time (their
``due_on``, ``ANSWER_WORKING_DAYS`` working days after receipt, is past and the answer is
not published).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from registry.plugins import OverdueItem

from .models import Question


def answered(until, days) -> dict:
    """{portal_id: (last, counts)}: per portal, when it last published an answer at or
    before ``until`` and the answers published in each window of ``days`` ending at
    ``until``. One query."""
    done = Question.objects.published().filter(published_at__lte=until)
    windows = {f"in_{n}": Count("pk", filter=Q(published_at__gt=until - datetime.timedelta(days=d))) for n, d in enumerate(days)}
    rows = done.values("portal_id").order_by().annotate(last=Max("published_at"), **windows)
    return {row["portal_id"]: (row["last"], tuple(row[f"in_{n}"] for n in range(len(days)))) for row in rows}


def overdue(portal_ids) -> dict:
    """{portal_id: [OverdueItem]}: the questions of ``portal_ids`` whose due date is past
    (before today, local time) and whose answer is not published, oldest due first. The
    title is the subject as sent; the link opens the question in the admin. One query."""
    rows = (
        Question.objects.filter(portal_id__in=portal_ids, due_on__lt=timezone.localdate())
        .exclude(status=Question.Status.PUBLISHED, published_at__isnull=False)
        .order_by("due_on", "pk")
        .values_list("pk", "portal_id", "subject_vi", "due_on")
    )
    found: dict[int, list[OverdueItem]] = {}
    for pk, portal_id, subject, due_on in rows:
        url = reverse("wagtailsnippets_questions_question:edit", args=[pk])
        found.setdefault(portal_id, []).append(OverdueItem(title=subject or "", due=due_on, admin_url=url))
    return found
