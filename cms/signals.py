"""Keep derived portal state true when content changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.cache import purge_all, purge_portal
from sites.models import Portal, PortalIdentity


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


@receiver(post_save, sender=PortalIdentity)
def on_identity_change(sender, instance, **kwargs):
    """The header and footer of every page show the identity: no cached page may keep the old one."""
    portal = Portal.objects.filter(site_id=instance.site_id).first()
    if portal is not None:
        purge_portal(portal)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_page_privacy_change(sender, instance, **kwargs):
    """A page (and its subtree) became private or public: no cached page may
    outlive the change, on any portal: the page itself, its portal's lists,
    blocks, feeds and sitemap, the province's syndicated news and every portal's
    network-wide search results. Privacy changes are rare; purge everything."""
    purge_all()
