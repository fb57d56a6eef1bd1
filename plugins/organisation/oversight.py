"""What the network oversight dashboard (``sites.oversight``) reads of the organisation plugin.

``organisation.leaders`` (:func:`leaders_reachable`): the agency's leaders are published
with a way to contact them.
"""

from __future__ import annotations

from django.db.models import Q

from .models import Leader


def leaders_reachable(portal_ids) -> set:
    """The ids, among ``portal_ids``, of the portals with at least one leader whose phone
    number or e-mail address is published. One query."""
    leaders = Leader.objects.filter(portal_id__in=list(portal_ids)).filter(~Q(phone="") | ~Q(email=""))
    return set(leaders.order_by().values_list("portal_id", flat=True).distinct())
