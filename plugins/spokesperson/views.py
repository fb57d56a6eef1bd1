"""The network's list of spokespersons (/nguoi-phat-ngon/).

On the network's root portal (the province) it lists the current
spokespersons of every portal that has the plugin on, grouped by level; on a
member portal it lists that portal's own spokespersons and links to the
province's list.
"""

from itertools import groupby

from django.db.models import Prefetch
from django.template.response import TemplateResponse

from cms.cache import depends_on
from cms.middleware import portal_or_404
from sites.models import Portal

from .models import Spokesperson

PLUGIN_NAME = "spokesperson"


def current_spokespersons():
    return Spokesperson.objects.current().order_by("sort_order", "name")


def network_list(request):
    portal = portal_or_404(request)
    depends_on(request, f"{PLUGIN_NAME}:{portal.pk}")
    if portal.is_network_root:
        depends_on(request, f"{PLUGIN_NAME}.members:{portal.pk}")
        portals = (
            Portal.objects.select_related("site", "level")
            .filter(pk__in=[portal.pk, *_descendant_ids(portal)])
            .prefetch_related(Prefetch("spokespersons", queryset=current_spokespersons(), to_attr="current"))
            .order_by("level__rank", "name")
        )
    else:
        portals = (
            Portal.objects.select_related("site", "level")
            .filter(pk=portal.pk)
            .prefetch_related(Prefetch("spokespersons", queryset=current_spokespersons(), to_attr="current"))
        )
    portals = [p for p in portals if p.has_plugin(PLUGIN_NAME)]
    groups = [(level, list(members)) for level, members in groupby(portals, key=lambda p: p.level)]
    root = portal
    while root.parent_id is not None and root.parent is not None:
        root = root.parent
    return TemplateResponse(
        request,
        "spokesperson/network_list.html",
        {
            "groups": groups,
            "is_network": portal.is_network_root,
            "network_root": root if root.pk != portal.pk else None,
            "portal_count": len(portals),
        },
    )


def _descendant_ids(portal):
    """Ids of every portal below ``portal`` (levels are data: any depth)."""
    pairs = list(Portal.objects.values_list("pk", "parent_id"))
    children = {}
    for pk, parent_id in pairs:
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], list(children.get(portal.pk, []))
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found
