"""Home-page and sidebar blocks. Each block runs a constant number of queries."""

from __future__ import annotations

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import get_language

from plugins.news.models import NewsCategoryPage, live_articles, with_images
from plugins.news.syndication import approved_offers


def _limit(placement, default=5, maximum=30):
    try:
        return max(1, min(int(placement.limit or default), maximum))
    except (TypeError, ValueError):
        return default


def latest_context(request, portal, placement):
    articles = live_articles(portal, get_language())
    return {"articles": list(with_images(articles)[: _limit(placement)])}


def featured_context(request, portal, placement):
    articles = live_articles(portal, get_language()).filter(featured=True)
    return {"articles": list(with_images(articles)[: _limit(placement)])}


def find_category(portal, name):
    """The portal's category whose title or slug is ``name`` (the placement's title)."""
    name = (name or "").strip()
    if not name:
        return None
    categories = NewsCategoryPage.objects.live().public().filter(portal=portal, locale__language_code=get_language())
    return (
        categories.filter(title__iexact=name).first()
        or categories.filter(slug=slugify(name, allow_unicode=True)).first()
        or categories.filter(slug=slugify(name)).first()
    )


def category_context(request, portal, placement):
    category = find_category(portal, placement.title)
    if category is None:
        return {"category": None, "articles": []}
    articles = category.articles()
    return {"category": category, "articles": list(with_images(articles)[: _limit(placement)])}


def network_context(request, portal, placement):
    limit = _limit(placement)
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return {"offers": approved_offers(portal, limit)}
    # Offers are Vietnamese articles: another language's home shows their live
    # translations, and leaves out the articles not translated yet.
    offers = approved_offers(portal, limit * 3)
    keys = [offer.article.translation_key for offer in offers]
    translated = {
        article.translation_key: article
        for article in with_images(live_articles(language=language).filter(translation_key__in=keys))
    }
    shown = []
    for offer in offers:
        article = translated.get(offer.article.translation_key)
        if article is not None:
            offer.article = article
            shown.append(offer)
    return {"offers": shown[:limit]}
