"""RSS 2.0 feeds: the portal's newest articles, and one feed per category."""

from __future__ import annotations

import mimetypes

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.middleware import absolute_url, portal_or_404
from plugins.news.models import (
    ArticlePage,
    NewsCategoryPage,
    live_articles,
    with_images,
)

FEED_SIZE = 30
FEED_RENDITION = "width-800"


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        portal = portal_or_404(request)
        return {"portal": portal, "category": None}

    def title(self, obj):
        return obj["portal"].name

    def link(self, obj):
        return absolute_url(self.request, "/" if get_language() == "vi" else f"/{get_language()}/")

    def feed_url(self, obj):
        return absolute_url(self.request, self.request.path)

    def description(self, obj):
        return _("Newest news of %(portal)s") % {"portal": obj["portal"].name}

    def items(self, obj):
        articles = live_articles(obj["portal"], get_language())
        return list(with_images(articles, (FEED_RENDITION,))[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.date or item.first_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.title] if item.category_id and item.category else []

    def item_enclosures(self, item):
        image = item.featured_image
        if image is None:
            return []
        try:
            rendition = image.get_rendition(FEED_RENDITION)
            length = rendition.file.size
        except Exception:  # a missing file must not break the feed
            return []
        mime = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [Enclosure(absolute_url(self.request, rendition.url), str(length), mime)]


class CategoryFeed(NewsFeed):
    def get_object(self, request, pk):
        portal = portal_or_404(request)
        category = None
        if pk < 2**62:
            category = NewsCategoryPage.objects.live().public().filter(pk=pk, portal=portal).first()
        if category is None:
            raise Http404
        return {"portal": portal, "category": category}

    def title(self, obj):
        return f"{obj['category'].title} - {obj['portal'].name}"

    def link(self, obj):
        return obj["category"].get_full_url(self.request)

    def description(self, obj):
        return _("Newest news in %(category)s") % {"category": obj["category"].title}

    def items(self, obj):
        articles = ArticlePage.objects.live().public().descendant_of(obj["category"]).select_related("category")
        return list(with_images(articles.order_by("-date", "-pk"), (FEED_RENDITION,))[:FEED_SIZE])


def feed_url(request, category=None):
    if category is None:
        return absolute_url(request, reverse("news:feed"))
    return absolute_url(request, reverse("news:category-feed", args=[category.pk]))
