"""Keep syndication offers, denormalised fields and caches true when articles change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from cms.cache import bump
from plugins.news.models import ArticlePage, NewsCategoryPage, SyndicationOffer
from plugins.news.syndication import sync_offer


@receiver(page_published, sender=ArticlePage)
def article_published(sender, instance, **kwargs):
    sync_offer(instance)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """Re-derive portal and category of moved news pages (and of the articles below)."""
    specific = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance.specific
    if not isinstance(specific, (ArticlePage, NewsCategoryPage)):
        return
    for model in (NewsCategoryPage, ArticlePage):
        for page in model.objects.descendant_of(instance, inclusive=True):
            page.save(update_fields=["portal", "category"] if model is ArticlePage else ["portal"])


@receiver(post_save, sender=SyndicationOffer)
@receiver(post_delete, sender=SyndicationOffer)
def offer_changed(sender, instance, **kwargs):
    """An offer accepted or withdrawn changes what the province shows of its members'
    news (the "News from the localities" block), not the province's other pages."""
    bump(f"news.members:{instance.portal_id}")
