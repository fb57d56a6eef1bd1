from django.utils.translation import gettext_lazy as _

from registry.plugins import Plugin, PluginBlock, PortalMerge, registry

from .blocks import stats_context
from .demo import load_demo

registry.register(
    Plugin(
        name="visitors",
        label=_("Visit statistics"),
        description=_("Visitors online now (guests and members) and the total of visits of the portal."),
        default_levels=None,
        blocks=(
            PluginBlock(
                name="visitors.stats",
                label=_("Visit statistics"),
                template="visitors/blocks/stats.html",
                get_context=stats_context,
                slots=("main", "sidebar", "footer"),
            ),
        ),
        urls="plugins.visitors.urls",
        url_prefix="thong-ke-truy-cap",
        load_demo=load_demo,
        # visits(portal_ids, since_date) -> {portal_id: visits} (see the function).
        services={"visitors.visits": "plugins.visitors.services:visits"},
        merge=PortalMerge(count="plugins.visitors.merging:count", merge="plugins.visitors.merging:merge"),
    )
)
