"""What the network oversight dashboard (``sites.oversight``) reads of the services plugin.

* ``services.procedures`` (:func:`procedures`): changes to the procedures a portal's agency
  keeps (``updated_at``); a procedure no agency portal keeps counts for the network's root
  portal, which presents it (``Procedure.owner_portal``);
* ``services.linked`` (:func:`linked`): the portal's list of procedures is not empty, by
  the rule of ``Procedure.objects.for_portal``.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from sites.models import Portal

from .models import Procedure


def procedures(until, days) -> dict:
    """{portal_id: (last, counts)}: per owner portal, the latest change of one of its
    procedures at or before ``until`` and the number of its procedures changed in each
    window of ``days`` ending at ``until``. Procedures in force on ``until``'s day only
    (one not yet or no longer valid is not listed to readers). One query."""
    root = Portal.objects.filter(parent__isnull=True).order_by("pk").values("pk")[:1]
    changed = (
        Procedure.objects.in_force(on=timezone.localdate(until))
        .filter(updated_at__lte=until)
        .annotate(owner=Coalesce("agency_portal_id", Subquery(root)))
        .filter(owner__isnull=False)
    )
    windows = {f"in_{n}": Count("pk", filter=Q(updated_at__gt=until - datetime.timedelta(days=d))) for n, d in enumerate(days)}
    rows = changed.values("owner").order_by().annotate(last=Max("updated_at"), **windows)
    return {row["owner"]: (row["last"], tuple(row[f"in_{n}"] for n in range(len(days)))) for row in rows}


def linked(portal_ids) -> set:
    """The ids, among ``portal_ids``, of the portals whose list of procedures in force is
    not empty: the root portal (the province) lists the whole catalogue, any other portal
    the procedures carried out at its level and those its own agency keeps
    (``Procedure.objects.for_portal``). One query."""
    in_force = Procedure.objects.in_force()
    catalogue = Exists(in_force.order_by())
    at_level = Exists(in_force.filter(tiers=OuterRef("level_id")).order_by())
    own = Exists(in_force.filter(agency_portal=OuterRef("pk")).order_by())
    portals = Portal.objects.filter(pk__in=list(portal_ids)).filter((Q(parent__isnull=True) & catalogue) | at_level | own)
    return set(portals.values_list("pk", flat=True))
