"""Template tags shared by every theme: dates, breadcrumbs, languages.

A leaf: imports no project package. Tags that need the core (the plugin blocks'
``{% render_placements %}``, the cached ``{% main_menu %}``) are in its ``plugin_tags``.
"""

from django import template
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

register = template.Library()


@register.filter
def vn_datetime(value):
    """14:55 | 14/08/2015 in Asia/Ho_Chi_Minh."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M | %d/%m/%Y")


@register.filter
def vn_date(value):
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def _request_portal(request):
    """``request.portal`` by the core's rule (``cms.middleware.current_portal``, which a
    leaf cannot import): a portal, or None; a lazy object that wraps None counts as None."""
    portal = getattr(request, "portal", None) if request is not None else None
    return portal or None


def home_for_language(portal):
    if not portal:
        return None
    homes = getattr(portal, "homes", None)  # the core's hostname map holds them (no query)
    if homes:
        return homes.get(get_language()) or homes.get(portal.site.root_page.locale.language_code)
    root = portal.site.root_page
    if root.locale.language_code == get_language():
        return root
    return root.get_translation_or_none(Locale.get_active()) or root


@register.simple_tag(takes_context=True)
def request_portal(context):
    """The portal of the request's hostname (never a ``portal`` a view put in its context):
    what the header and footer describe, so no other portal's details can show there."""
    return _request_portal(context.get("request"))


@register.simple_tag(takes_context=True)
def portal_home(context):
    request = context.get("request")
    portal = _request_portal(request)
    return home_for_language(portal)


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return []
    request = context.get("request")
    chain = getattr(request, "_route_chain", None)  # the pages the core's router walked
    if chain and chain[-1].pk == page.pk:
        return [crumb for crumb in chain[:-1] if crumb.live]
    return list(Page.objects.ancestor_of(page).filter(depth__gt=1).live())


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, url, is_current)] for the language switcher."""
    page = context.get("page")
    request = context.get("request")
    portal = _request_portal(request)
    current = get_language()
    translations = {}
    if page is not None and getattr(page, "pk", None):
        for target in Page.objects.filter(translation_key=page.translation_key, live=True).select_related("locale"):
            translations[target.locale.language_code] = target
    links = []
    for code, name in sorted(get_content_languages().items()):
        target = translations.get(code)
        if target is None and portal:
            homes = getattr(portal, "homes", None)
            target = (
                homes.get(code)
                if homes
                else portal.site.root_page.get_translation_or_none(Locale.objects.get(language_code=code))
            )
        url = target.get_url(request) if target is not None else "/"
        links.append((code, name, url, code == current))
    return links
