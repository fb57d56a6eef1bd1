"""Keep derived portal state true when content changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.cache import purge_portal
from sites.models import Portal


def _portal_of(page):
    return Portal.for_page(page)


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    portal = _portal_of(instance)
    if portal is not None:
        Portal.objects.filter(pk=portal.pk).update(last_published_at=timezone.now())
        purge_portal(portal)


@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def on_change(sender, instance, **kwargs):
    portal = _portal_of(instance)
    if portal is not None:
        purge_portal(portal)


@receiver(post_save, sender=Portal)
@receiver(post_delete, sender=Portal)
def on_portal_change(sender, instance, **kwargs):
    purge_portal(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_page_privacy_change(sender, instance, **kwargs):
    """A page (and its subtree) became private or public: cached lists, blocks,
    feeds, the sitemap and the page itself must not outlive the change. The
    portals above see it too (syndicated news on the province home)."""
    page = Page.objects.filter(pk=instance.page_id).only("pk", "path", "depth", "translation_key").first()
    portal = _portal_of(page) if page is not None else None
    if portal is not None:
        purge_portal(portal)
