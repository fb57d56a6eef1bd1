"""What the network oversight dashboard (``sites.oversight``) reads of the spokesperson plugin.

``spokesperson.contact`` (:func:`has_contact`): a spokesperson in office with a phone number
and an e-mail address published.
"""

from __future__ import annotations

from .models import Spokesperson


def has_contact(portal_ids) -> set:
    """The ids, among ``portal_ids``, of the portals with a spokesperson (or a person
    authorised to speak to the press) in office today (``Spokesperson.objects.current``:
    the term has started, or has no start, and has not ended) with both a phone number and
    an e-mail address. One query."""
    people = Spokesperson.objects.current().filter(portal_id__in=list(portal_ids)).exclude(phone="").exclude(email="")
    return set(people.order_by().values_list("portal_id", flat=True).distinct())
