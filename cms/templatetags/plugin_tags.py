"""The template tag that renders plugin blocks into a theme's slots.

Themes are a leaf (they import no project package); what needs the plugin registry
lives here, in the core: a theme's template loads ``plugin_tags``.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cms.cache import cached
from cms.middleware import current_portal
from registry.plugins import registry
from sites.models import BlockPlacement
from themes.templatetags.portal_tags import home_for_language

register = template.Library()


@register.simple_tag(takes_context=True)
def render_placements(context, slot):
    """Render the plugin blocks placed in ``slot`` of the portal's home page.

    The slot's placements and each block's HTML come from the fragment cache
    (cms.cache.cached): the placements until the portal's pages change, a block
    until one of the topics it shows moves, so a page whose blocks did not change
    renders them without a query.
    """
    request = context.get("request")
    portal = current_portal(request)
    home = home_for_language(portal)
    if home is None:
        return ""
    placements = cached(
        request,
        f"placements:{home.pk}:{slot}",
        [f"site:{portal.pk}"],
        lambda: list(BlockPlacement.objects.filter(page_id=home.pk, slot=slot).order_by("sort_order")),
    )
    blocks = registry.blocks()
    html = []
    for placement in placements:
        block = blocks.get(placement.block)
        plugin = registry.plugin_of_block(placement.block)
        if block is None or plugin is None or not portal.has_plugin(plugin.name):
            continue
        topics = block.topics(portal) if block.topics is not None else [f"{plugin.name}:{portal.pk}"]
        name = f"block:{placement.pk}:{placement.block}:{placement.limit}:{placement.title}"
        html.append(cached(request, name, topics, lambda b=block, p=placement: _render_block(request, portal, b, p)))
    return mark_safe("".join(html))


def _render_block(request, portal, block, placement):
    block_context = {"request": request, "portal": portal, "placement": placement, "title": placement.title or block.label}
    if block.get_context is not None:
        block_context.update(block.get_context(request, portal, placement))
    return render_to_string(block.template, block_context, request=request)
