from django.db.models import Prefetch

from .models import Link, LinkGroup


def _groups(portal, display, placement):
    links = Link.objects.select_related("logo").prefetch_related("logo__renditions").order_by("sort_order", "pk")
    groups = (
        LinkGroup.objects.filter(portal=portal, display=display)
        .prefetch_related(Prefetch("links", queryset=links))
        .order_by("sort_order", "title")
    )
    return [group for group in groups[: placement.limit or 5] if group.links.all()]


def select_context(request, portal, placement):
    return {"groups": _groups(portal, LinkGroup.DISPLAY_SELECT, placement)}


def logos_context(request, portal, placement):
    return {"groups": _groups(portal, LinkGroup.DISPLAY_LOGOS, placement)}
