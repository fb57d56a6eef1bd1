"""Functions this plugin offers to the core and to other plugins (registry services).

``organisation.contacts``: ``contacts(portal) -> list[ContactOfficial]``, the portal's
contact officials in their order, each with ``full_name``, ``position`` (in the active
language, Vietnamese when no translation), ``responsibility``, ``phone``, ``email``
and ``unit`` (a Unit or None, already read: no further query).

``organisation.units``: ``units(portal) -> list[tuple[int, str]]``, the portal's units as
``(id, name)`` in their order (the name in the active language, Vietnamese when no
translation; a sub-unit's name is not prefixed with its parent's); ``[]`` for None. One
query. Used by the questions plugin to forward a citizen's question to a unit.
"""

from __future__ import annotations

from .models import ContactOfficial, Unit


def contacts(portal) -> list[ContactOfficial]:
    if portal is None:
        return []
    return list(ContactOfficial.objects.filter(portal=portal).select_related("unit").order_by("sort_order", "full_name", "pk"))


def units(portal) -> list[tuple[int, str]]:
    if portal is None:
        return []
    return [(unit.pk, unit.name) for unit in Unit.objects.filter(portal=portal).order_by("sort_order", "name", "pk")]
