"""Syndication: member portals offer articles to their province."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model

from cms.privacy import public_page_q
from plugins.news.models import LIST_RENDITIONS, SyndicationOffer


def province_of(portal):
    """The province a member portal offers its news to (None for the province itself)."""
    if portal is None:
        return None
    ancestors = portal.ancestors
    if not ancestors:
        return None
    for ancestor in ancestors:
        if ancestor.level.code == "province":
            return ancestor
    return ancestors[-1]


def sync_offer(article) -> SyndicationOffer | None:
    """Create or withdraw the offer of a just-published article."""
    from sites.models import Portal

    portal = Portal.objects.select_related("level", "parent__level").filter(pk=article.portal_id).first()
    province = province_of(portal)
    offer = SyndicationOffer.objects.filter(article=article).first()
    if not article.offer_to_province or province is None or article.locale.language_code != "vi":
        if offer is not None:
            offer.delete()
        return None
    if offer is None:
        offer = SyndicationOffer.objects.create(article=article, portal=province, source_portal=portal)
    return offer


def approved_offers(province, limit=5):
    """Newest approved offers to ``province`` whose articles are live (3 queries)."""
    offers = list(
        SyndicationOffer.objects.filter(
            public_page_q("article__"),  # neither the article nor its category is private
            portal=province,
            status=SyndicationOffer.APPROVED,
            article__live=True,
        )
        .select_related("article", "source_portal__site")
        .order_by("-article__date", "-pk")[:limit]
    )
    articles = [offer.article for offer in offers]
    if articles:
        prefetch_related_objects(
            articles,
            Prefetch("featured_image", queryset=get_image_model().objects.prefetch_renditions(*LIST_RENDITIONS)),
        )
    return offers
