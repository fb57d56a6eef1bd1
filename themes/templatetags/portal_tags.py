"""Template tags shared by every theme: dates, menu, breadcrumbs, languages.

A leaf: imports no project package. The plugin blocks' tag, which needs the plugin
registry, is ``{% render_placements %}`` of the core's ``plugin_tags`` library.
"""

from django import template
from django.utils import timezone
from django.utils.translation import get_language
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
    root = portal.site.root_page
    if root.locale.language_code == get_language():
        return root
    return root.get_translation_or_none(Locale.get_active()) or root


@register.simple_tag(takes_context=True)
def portal_home(context):
    request = context.get("request")
    portal = _request_portal(request)
    return home_for_language(portal)


@register.simple_tag(takes_context=True)
def main_menu(context):
    home = portal_home(context)
    if home is None:
        return []
    # Plain Page objects: one query, and pageurl needs nothing more.
    return list(home.get_children().live().in_menu().public())


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return []
    return list(Page.objects.ancestor_of(page).filter(depth__gt=1).live())


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, url, is_current)] for the language switcher."""
    page = context.get("page")
    request = context.get("request")
    portal = _request_portal(request)
    current = get_language()
    links = []
    for locale in Locale.objects.all():
        target = None
        if page is not None and getattr(page, "pk", None):
            target = page.get_translation_or_none(locale)
            if target is not None and not target.live:
                target = None
        if target is None and portal:
            target = portal.site.root_page.get_translation_or_none(locale)
        url = target.get_url(request) if target is not None else "/"
        links.append((locale.language_code, locale.get_display_name(), url, locale.language_code == current))
    return links
