"""The template tag that renders plugin blocks into a theme's slots.

Themes are a leaf (they import no project package); what needs the plugin registry
lives here, in the core: a theme's template loads ``plugin_tags``.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cms.middleware import current_portal
from registry.plugins import registry
from themes.templatetags.portal_tags import home_for_language

register = template.Library()


@register.simple_tag(takes_context=True)
def render_placements(context, slot):
    """Render the plugin blocks placed in ``slot`` of the portal's home page."""
    request = context.get("request")
    portal = current_portal(request)
    home = home_for_language(portal)
    if home is None:
        return ""
    blocks = registry.blocks()
    html = []
    for placement in home.specific.placements.filter(slot=slot):
        block = blocks.get(placement.block)
        plugin = registry.plugin_of_block(placement.block)
        if block is None or plugin is None or not portal.has_plugin(plugin.name):
            continue
        block_context = {"request": request, "portal": portal, "placement": placement, "title": placement.title or block.label}
        if block.get_context is not None:
            block_context.update(block.get_context(request, portal, placement))
        html.append(render_to_string(block.template, block_context, request=request))
    return mark_safe("".join(html))
