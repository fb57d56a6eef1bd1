"""A plugin that lives only in the tests: proves the contract needs no core change."""

from registry.plugins import Plugin, PluginBlock, PortalMerge, registry


def gadget_context(request, portal, placement):
    return {"gadgets": ["alpha", "beta", "gamma"][: placement.limit]}


registry.register(
    Plugin(
        name="gadgets",
        label="Gadgets",
        default_levels=("province",),
        page_models=("testplugin.GadgetPage",),
        editor_models=("testplugin.Gadget",),
        blocks=(
            PluginBlock(name="gadgets.list", label="Gadget list", template="testplugin/block.html", get_context=gadget_context),
        ),
        urls="tests.testplugin.urls",
        api_urls="tests.testplugin.api_urls",
        services={"gadgets.names": "tests.testplugin.services:gadget_names"},
        # Merging portals (sites.merging): the core knows no plugin by name.
        merge=PortalMerge(models=("testplugin.Gadget",)),
    )
)
