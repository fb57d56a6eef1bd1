"""Public routes of the news plugin (mounted at /news/, also /en/news/)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag

from cms.ratelimits import client_address
from plugins.news.models import (
    ArticlePage,
    NewsCategoryPage,
    PageNumberError,
    live_articles,
    paginate,
    with_images,
)
from plugins.news.viewcounts import record_view

MAX_ID = 2**62  # larger ids overflow the database integer


def _portal(request):
    portal = getattr(request, "portal", None)
    if not portal:
        raise Http404
    return portal


@csrf_exempt
@never_cache
@require_POST
def view_beacon(request, pk):
    """Count one view of an article (sent by news/views.js after the page loads)."""
    portal = _portal(request)
    if pk > MAX_ID or not ArticlePage.objects.live().public().filter(pk=pk, portal=portal).exists():
        return JsonResponse({"error": _("This article does not exist.")}, status=404)
    counted = record_view(pk, client_address(request))
    return JsonResponse({"counted": counted}, status=202)


def tag_articles(request, slug):
    """Articles of the portal with one tag; an unknown tag gives an empty list and a message."""
    portal = _portal(request)
    # NUL characters cannot reach PostgreSQL; such a slug is simply an unknown tag.
    tag = Tag.objects.filter(slug=slug).first() if "\x00" not in slug and len(slug) <= 200 else None
    articles = live_articles(portal, get_language())
    articles = articles.filter(tagged_items__tag=tag).distinct() if tag else articles.none()
    context = {"tag": tag, "tag_slug": slug, "page": None}
    try:
        page_obj = paginate(request, with_images(articles))
    except PageNumberError:
        context["page_error"] = True
        return TemplateResponse(request, "news/tag_list.html", context, status=404)
    context.update(page_obj=page_obj, articles=page_obj.object_list)
    return TemplateResponse(request, "news/tag_list.html", context)


def feed_list(request):
    """The RSS page: the portal's feed and one feed per category."""
    portal = _portal(request)
    categories = (
        NewsCategoryPage.objects.live()
        .public()
        .filter(portal=portal, locale__language_code=get_language())
        .order_by("path")
        .only("id", "title", "depth", "path")
    )
    return TemplateResponse(request, "news/feed_list.html", {"categories": categories, "page": None})
