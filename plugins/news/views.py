"""Public routes of the news plugin (mounted at /news/, also /en/news/)."""

from __future__ import annotations

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag

from cms.middleware import portal_or_404
from cms.pagination import paginate
from plugins.news.models import (
    PAGE_SIZE,
    ArticlePage,
    NewsCategoryPage,
    live_articles,
    with_images,
)
from plugins.news.viewcounts import record_view

MAX_ID = 2**62  # larger ids overflow the database integer


@csrf_exempt
@never_cache
@require_POST
def view_beacon(request, pk):
    """Count one view of an article (sent by news/views.js after the page loads)."""
    portal = portal_or_404(request)
    if pk > MAX_ID or not ArticlePage.objects.live().public().filter(pk=pk, portal=portal).exists():
        return JsonResponse({"error": _("This article does not exist.")}, status=404)
    counted = record_view(pk, request)
    return JsonResponse({"counted": counted}, status=202)


def tag_articles(request, slug):
    """Articles of the portal with one tag; an unknown tag gives an empty list and a message."""
    portal = portal_or_404(request)
    # NUL characters cannot reach PostgreSQL; such a slug is simply an unknown tag.
    tag = Tag.objects.filter(slug=slug).first() if "\x00" not in slug and len(slug) <= 200 else None
    articles = live_articles(portal, get_language())
    articles = articles.filter(tagged_items__tag=tag).distinct() if tag else articles.none()
    pagination = paginate(request, with_images(articles), PAGE_SIZE)
    context = {
        "tag": tag,
        "tag_slug": slug,
        "page": None,
        "pagination": pagination,
        "page_obj": pagination.page,
        "articles": pagination.object_list,
    }
    return TemplateResponse(request, "news/tag_list.html", context, status=pagination.status)


def feed_list(request):
    """The RSS page: the portal's feed and one feed per category."""
    portal = portal_or_404(request)
    categories = (
        NewsCategoryPage.objects.live()
        .public()
        .filter(portal=portal, locale__language_code=get_language())
        .order_by("path")
        .only("id", "title", "depth", "path")
    )
    return TemplateResponse(request, "news/feed_list.html", {"categories": categories, "page": None})
