from django.utils.translation import gettext_lazy as _

from registry.plugins import Duty, Plugin, PluginBlock, PortalMerge, registry

from .blocks import card_context
from .demo import load_demo
from .search import SpokespersonSearchProvider

registry.register(
    Plugin(
        name="spokesperson",
        label=_("Spokesperson"),
        description=_("The agency's spokespersons (Decree 09/2017/ND-CP): a sidebar card, a network list and open data."),
        default_levels=None,
        editor_models=("spokesperson.Spokesperson",),
        blocks=(
            PluginBlock(
                name="spokesperson.card",
                label=_("Spokesperson information"),
                template="spokesperson/blocks/card.html",
                get_context=card_context,
                slots=("main", "sidebar"),
            ),
        ),
        urls="plugins.spokesperson.urls",
        url_prefix="nguoi-phat-ngon",
        api_urls="plugins.spokesperson.api_urls",
        api_prefix="spokespersons",
        load_demo=load_demo,
        search_providers=(SpokespersonSearchProvider(),),
        duties=(
            Duty(
                key="spokesperson.contact",
                label=_("A spokesperson in office with phone and e-mail"),
                check="plugins.spokesperson.oversight:has_contact",
            ),
        ),
        merge=PortalMerge(models=("spokesperson.Spokesperson",)),
    )
)
