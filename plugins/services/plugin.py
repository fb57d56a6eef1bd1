"""The online public-service directory: thủ tục hành chính and their statistics."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.plugins import ContentActivity, Duty, Plugin, PluginBlock, PortalMerge, registry

from .demo import load_demo
from .search_provider import ProcedureSearchProvider


def stats_block_context(request, portal, placement):
    from .stats import compute

    stats = compute(portal=portal)
    return {
        "stats": stats,
        "levels": [row for row in stats.levels if row.count][: max(1, placement.limit)],
        "stats_url": reverse("services:stats"),
        "list_url": reverse("services:list"),
    }


def catalogue_topics(portal):
    from .models import CATALOGUE_TOPIC

    return [CATALOGUE_TOPIC]


def search_block_context(request, portal, placement):
    from .models import ProcedureField

    return {"fields": list(ProcedureField.objects.all()), "list_url": reverse("services:list")}


registry.register(
    Plugin(
        name="services",
        label=_("Online public services"),
        description=_("Administrative procedures, where to carry them out online, and service statistics."),
        default_levels=None,
        editor_models={"services.Procedure": "agency_portal"},
        network_models=("services.ProcedureField", "services.ServiceLevel"),
        blocks=(
            PluginBlock(
                name="services.stats",
                label=_("Online public service statistics"),
                template="services/blocks/stats.html",
                get_context=stats_block_context,
                topics=catalogue_topics,
            ),
            PluginBlock(
                name="services.search",
                label=_("Look up administrative procedures"),
                template="services/blocks/search.html",
                get_context=search_block_context,
                topics=catalogue_topics,
            ),
        ),
        urls="plugins.services.urls",
        url_prefix="thu-tuc",
        api_urls="plugins.services.api_urls",
        api_prefix="procedures",
        load_demo=load_demo,
        search_providers=(ProcedureSearchProvider(),),
        activities=(
            # Kept by the agencies that implement them (and the catalogue by the province):
            # not expected of communes and wards, which list their tier's procedures.
            ContentActivity(
                key="services.procedures",
                label=_("Administrative procedures"),
                activity="plugins.services.oversight:procedures",
                max_days=90,
                levels=("province", "department"),
            ),
        ),
        duties=(
            Duty(
                key="services.linked", label=_("Administrative procedures are linked"), check="plugins.services.oversight:linked"
            ),
        ),
        merge=PortalMerge(models=(("services.Procedure", "agency_portal"),)),
    )
)
