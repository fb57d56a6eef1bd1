from django.utils.translation import gettext_lazy as _

from registry.plugins import Plugin, PluginBlock, PortalMerge, registry

from .blocks import logos_context, select_context
from .demo import load_demo

registry.register(
    Plugin(
        name="links",
        label=_("Web links"),
        description=_("Grouped links to other state portals, as a drop-down list or as logos."),
        default_levels=None,
        editor_models=("links.LinkGroup",),
        blocks=(
            PluginBlock(
                name="links.select",
                label=_("Web links (drop-down list)"),
                template="links/blocks/select.html",
                get_context=select_context,
                slots=("main", "sidebar", "footer"),
            ),
            PluginBlock(
                name="links.logos",
                label=_("Web links (logos)"),
                template="links/blocks/logos.html",
                get_context=logos_context,
                slots=("main", "sidebar", "footer"),
            ),
        ),
        urls="plugins.links.urls",
        url_prefix="lien-ket",
        load_demo=load_demo,
        merge=PortalMerge(models=("links.LinkGroup",)),
    )
)
