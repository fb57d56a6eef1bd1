"""Functions this plugin offers to the core and to other plugins (registry services).

``organisation.contacts``: ``contacts(portal) -> list[ContactOfficial]``, the portal's
contact officials in their order, each with ``full_name``, ``position`` (in the active
language, Vietnamese when no translation), ``responsibility``, ``phone``, ``email``
and ``unit`` (a Unit or None, already read: no further query).
"""

from __future__ import annotations

from .models import ContactOfficial


def contacts(portal) -> list[ContactOfficial]:
    if portal is None:
        return []
    return list(ContactOfficial.objects.filter(portal=portal).select_related("unit").order_by("sort_order", "full_name", "pk"))
