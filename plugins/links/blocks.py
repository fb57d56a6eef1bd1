from django.db.models import Prefetch

from sites.models import MemberDirectoryPage

from .models import Link, LinkGroup


def _groups(portal, display, placement):
    links = Link.objects.select_related("logo").prefetch_related("logo__renditions").order_by("sort_order", "pk")
    groups = (
        LinkGroup.objects.filter(portal=portal, display=display)
        .prefetch_related(Prefetch("links", queryset=links))
        .order_by("sort_order", "title")
    )
    return [group for group in groups[: placement.limit or 5] if group.links.all()]


def network_portals(portal):
    """The portals of ``portal``'s network for the member list: everyone below the
    network's root, and the root itself (built from the network, never kept by hand)."""
    root = portal.ancestors[-1] if portal.ancestors else portal
    others = [root, *root.members()]
    return root, [other for other in others if other.pk != portal.pk]


def select_context(request, portal, placement):
    root, members = network_portals(portal)
    # The starter kit puts the directory under the root portal's home page.
    directory = MemberDirectoryPage.objects.live().public().child_of(root.site.root_page).only("slug").first()
    return {
        "groups": _groups(portal, LinkGroup.DISPLAY_SELECT, placement),
        "members": members,
        "network_name": root.name,
        "directory_url": f"{root.site.root_url}/{directory.slug}/" if directory else "",
    }


def logos_context(request, portal, placement):
    return {"groups": _groups(portal, LinkGroup.DISPLAY_LOGOS, placement)}
