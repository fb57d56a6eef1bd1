"""The template tag that renders plugin blocks into a theme's slots.

Themes are a leaf (they import no project package); what needs the plugin registry
lives here, in the core: a theme's template loads ``plugin_tags``.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page
from wagtail.templatetags.wagtailcore_tags import richtext

from cms.cache import cached, cached_many, menu_topic
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
    fragments = []
    for placement in placements:
        block = blocks.get(placement.block)
        plugin = registry.plugin_of_block(placement.block)
        if block is None or plugin is None or not portal.has_plugin(plugin.name):
            continue
        topics = block.topics(portal) if block.topics is not None else [f"{plugin.name}:{portal.pk}"]
        name = f"block:{placement.pk}:{placement.block}:{placement.limit}:{placement.title}"
        fragments.append((name, topics, lambda b=block, p=placement: _render_block(request, portal, b, p)))
    return mark_safe("".join(cached_many(request, fragments)))


def _render_block(request, portal, block, placement):
    # A block with nothing to list says so on the Vietnamese site ("Chưa có tin"), where its
    # editors look for it; a reader of another language sees no empty box: the block's
    # template renders nothing when ``hide_empty`` and it has nothing to show.
    block_context = {
        "request": request,
        "portal": portal,
        "placement": placement,
        "title": placement.title or block.label,
        "hide_empty": get_language() != settings.LANGUAGE_CODE,
    }
    if block.get_context is not None:
        block_context.update(block.get_context(request, portal, placement))
    html = render_to_string(block.template, block_context, request=request)
    return html if html.strip() else ""


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The portal's main menu: [{"pk", "title", "url"}], from the fragment cache until
    a page at the top of its tree changes."""
    request = context.get("request")
    portal = current_portal(request)
    home = home_for_language(portal)
    if home is None:
        return []

    def items():
        pages = home.get_children().live().in_menu().public()
        return [{"pk": page.pk, "title": page.title, "url": page.get_url(request)} for page in pages]

    return cached(request, f"menu:{home.pk}", [menu_topic(portal)], items)


def _link_title(value, language, fallback=""):
    return (value.get(f"title_{language}") or "").strip() or fallback or (value.get("title_vi") or "").strip()


def _resolve_links(request, items, with_children):
    """The portal's navigation links (the raw data of a PortalNavigation stream) as
    [{"pk", "title", "url", "children"}], page links to the page in the reader's
    language (its translation when there is one, else the page itself); pages that
    are gone or not live are left out. Two queries, whatever the menu holds."""
    language = get_language()
    entries = [(item, [c for c in (item.get("value") or {}).get("children") or []] if with_children else []) for item in items]
    ids = {
        link["value"].get("page")
        for item, children in entries
        for link in (item, *children)
        if link.get("type") == "page" and isinstance(link.get("value"), dict)
    } - {None}
    chosen, translated = {}, {}
    if ids:
        chosen = {page.pk: page for page in Page.objects.filter(pk__in=ids).only("pk", "translation_key", "live")}
        locale = Locale.objects.filter(language_code=language).first()
        if locale is not None:
            keys = {page.translation_key for page in chosen.values()}
            translated = {
                page.translation_key: page
                for page in Page.objects.live().filter(translation_key__in=keys, locale=locale).select_related("locale")
            }

    def resolve(link):
        value = link.get("value")
        if not isinstance(value, dict):
            return None
        if link.get("type") == "link":
            url = (value.get("url") or "").strip()
            title = _link_title(value, language)
            return {"pk": None, "title": title, "url": url} if url and title else None
        if link.get("type") != "page":
            return None
        page = chosen.get(value.get("page"))
        if page is None:
            return None
        target = translated.get(page.translation_key) or (page if page.live else None)
        if target is None:
            return None
        own_title = value.get(f"title_{language}") or ("" if target.pk != page.pk else value.get("title_vi"))
        return {"pk": target.pk, "title": (own_title or "").strip() or target.title, "url": target.get_url(request)}

    links = []
    for item, children in entries:
        resolved = resolve(item)
        if resolved is None:
            continue
        resolved["children"] = [child for child in map(resolve, children) if child is not None]
        links.append(resolved)
    return links


@register.simple_tag(takes_context=True)
def portal_navigation(context, field="main_menu"):
    """The links the portal's staff set in *Settings > Portal navigation* (``main_menu``,
    two levels, or ``footer_links``): [{"pk", "title", "url", "children"}], [] when none
    is set. The navigation comes with the hostname map (no query), its resolved links from
    the fragment cache until the portal's pages or its navigation change."""
    if field not in ("main_menu", "footer_links"):
        return []
    request = context.get("request")
    portal = current_portal(request)
    navigation = getattr(portal, "navigation", None) if portal is not None else None
    if navigation is None:
        return []
    stream = getattr(navigation, field)
    if not len(stream):
        return []
    items = list(stream.raw_data)
    return cached(
        request,
        f"navigation:{field}",
        [f"site:{portal.pk}", menu_topic(portal)],
        lambda: _resolve_links(request, items, with_children=field == "main_menu"),
    )


@register.simple_tag(takes_context=True)
def portal_footer_text(context):
    """The footer text of the portal's identity (rich text, the reader's language), from the
    fragment cache: its page links cost no query on a page."""
    request = context.get("request")
    portal = current_portal(request)
    identity = getattr(portal, "identity", None) if portal is not None else None
    if identity is None or not identity.footer_text:
        return ""
    text = identity.footer_text
    return mark_safe(cached(request, "identity:footer-text", [f"site:{portal.pk}"], lambda: str(richtext(text))))


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, topics):
        self.nodelist, self.name, self.topics = nodelist, name, topics

    def render(self, context):
        name = str(self.name.resolve(context))
        topics = [str(topic.resolve(context)) for topic in self.topics]
        return cached(context.get("request"), name, topics, lambda: self.nodelist.render(context))


@register.tag
def cached_fragment(parser, token):
    """``{% cached_fragment name topic ... %}...{% endcached_fragment %}``: the enclosed HTML
    from the fragment cache (cms.cache.cached), per portal and language, until one of the
    topics moves; ``name`` says what the part shows (an article's revision, say). The
    enclosed part must hold nothing personal and no CSP nonce. Lazy context values
    (SimpleLazyObject) it alone uses cost no query on a hit."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached_fragment needs a name")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
