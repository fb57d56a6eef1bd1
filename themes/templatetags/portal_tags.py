"""Template tags shared by every theme: dates and numbers, breadcrumbs, languages.

A leaf: imports no project package. Tags that need the core (the plugin blocks'
``{% render_placements %}``, the cached ``{% main_menu %}``) are in its ``plugin_tags``.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import Resolver404, translate_url
from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

register = template.Library()

# How the public site writes dates, per language (Django's date format characters), always
# in Asia/Ho_Chi_Minh: Vietnamese style (14:55 | 14/08/2015) on the Vietnamese site, an
# unambiguous day-month-year on the English one (14 Aug 2015, 14:55). The admin keeps
# Django's own formats (cms/formats).
PUBLIC_DATE_FORMATS = {
    "vi": {"date": "d/m/Y", "datetime": "H:i | d/m/Y"},
    "en": {"date": "j M Y", "datetime": "j M Y, H:i"},
}
# The query string that tells a home page the reader came from a page not translated yet.
UNTRANSLATED_PARAM = "untranslated"


def _public_format(kind):
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    formats = PUBLIC_DATE_FORMATS.get(language) or PUBLIC_DATE_FORMATS[settings.LANGUAGE_CODE]
    return formats[kind]


@register.filter(name="local_datetime")
def vn_datetime(value):
    """A date and time the reader's way, in Asia/Ho_Chi_Minh: "14:55 | 14/08/2015" in
    Vietnamese, "14 Aug 2015, 14:55" in English (``vn_datetime`` is its old name)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _public_format("datetime"))


@register.filter(name="local_date")
def vn_date(value):
    """A date the reader's way: "14/08/2015" in Vietnamese, "14 Aug 2015" in English."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _public_format("date"))


register.filter("vn_datetime", vn_datetime)
register.filter("vn_date", vn_date)


def _decimal(value):
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def local_number(value):
    """A whole number with the language's digit grouping: 1.234.567 in Vietnamese,
    1,234,567 in English."""
    number = _decimal(value)
    if number is None:
        return ""
    return number_format(int(number), force_grouping=True)


@register.filter
def local_percent(value, decimals=1):
    """A percentage with the language's decimal mark: 74,9% in Vietnamese, 74.9% in English."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{number_format(number, decimal_pos=int(decimals), force_grouping=True)}%"


def _request_portal(request):
    """``request.portal`` by the core's rule (``cms.middleware.current_portal``, which a
    leaf cannot import): a portal, or None; a lazy object that wraps None counts as None."""
    portal = getattr(request, "portal", None) if request is not None else None
    return portal or None


def home_for_language(portal, language=None):
    if not portal:
        return None
    language = language or get_language()
    homes = getattr(portal, "homes", None)  # the core's hostname map holds them (no query)
    if homes:
        return homes.get(language) or homes.get(portal.site.root_page.locale.language_code)
    root = portal.site.root_page
    if root.locale.language_code == language:
        return root
    locale = Locale.objects.filter(language_code=language).first()
    return (root.get_translation_or_none(locale) if locale else None) or root


def _home_in(portal, language):
    """The portal's home page in ``language``, or None when it has none."""
    homes = getattr(portal, "homes", None)
    if homes:
        return homes.get(language)
    home = home_for_language(portal, language)
    return home if home is not None and home.locale.language_code == language else None


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


def page_translations(request, page) -> dict:
    """{language code: page} of ``page``'s live, public versions (itself included when live):
    one query per request, shared by the language switcher and the hreflang links."""
    if page is None or not getattr(page, "pk", None) or not getattr(page, "translation_key", None):
        return {}
    memo = getattr(request, "_page_translations", None) if request is not None else None
    if memo is not None and memo[0] == page.pk:
        return memo[1]
    found = {
        target.locale.language_code: target
        for target in Page.objects.filter(translation_key=page.translation_key).live().public().select_related("locale")
    }
    if request is not None:
        request._page_translations = (page.pk, found)
    return found


def _same_route_in(request, language):
    """The URL of this very view in ``language`` (a plugin's list, the search page ...),
    or None when the request is not such a route (a Wagtail page, an error page)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name in (None, "wagtail_serve"):
        return None
    try:
        url = translate_url(request.get_full_path(), language)
    except Resolver404:  # pragma: no cover - translate_url catches it itself
        return None
    return url if url != request.get_full_path() or language == get_language() else None


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, url, is_current)] for the language switcher: the page in that language
    when it has a live translation; the same route for a plugin's or the search's pages;
    else the portal's home page in that language with ``?untranslated=1``, which says the
    page is not available in that language yet."""
    page = context.get("page")
    request = context.get("request")
    portal = _request_portal(request)
    current = get_language()
    translations = page_translations(request, page)
    links = []
    for code, name in sorted(get_content_languages().items()):
        url = None
        target = translations.get(code)
        if code == current and page is not None and getattr(page, "pk", None):
            target = target or page
        if target is not None:
            url = target.get_url(request)
        elif page is None and request is not None:
            url = _same_route_in(request, code)
        if url is None:
            home = _home_in(portal, code) if portal else None
            if home is not None:
                url = home.get_url(request)
                if code != current:
                    url = f"{url}?{UNTRANSLATED_PARAM}=1"
            else:
                url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        links.append((code, name, url, code == current))
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """[(hreflang, absolute URL)] for ``<link rel="alternate">`` in the head: each live,
    public language version of the page, and ``x-default`` (the Vietnamese one); [] for a
    page with no other language version."""
    page = context.get("page")
    request = context.get("request")
    translations = page_translations(request, page)
    if len(translations) < 2:
        return []
    links = [(code, translations[code].get_full_url(request)) for code in sorted(get_content_languages()) if code in translations]
    default = translations.get(settings.LANGUAGE_CODE)
    if default is not None:
        links.append(("x-default", default.get_full_url(request)))
    return links


@register.simple_tag(takes_context=True)
def untranslated_notice(context):
    """True when the reader came here from a page that has no version in this language."""
    request = context.get("request")
    return bool(request is not None and request.GET.get(UNTRANSLATED_PARAM))
