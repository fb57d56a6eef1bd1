"""Organisation changes show at once: the portal's cached pages are purged (cms.cache topics)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_portal

from .models import PLUGIN_NAME, ContactOfficial, Leader, Unit


@receiver(post_save, sender=Unit)
@receiver(post_delete, sender=Unit)
@receiver(post_save, sender=Leader)
@receiver(post_delete, sender=Leader)
@receiver(post_save, sender=ContactOfficial)
@receiver(post_delete, sender=ContactOfficial)
def purge_after_change(sender, instance, **kwargs):
    try:
        portal = instance.portal
    except ObjectDoesNotExist:  # the portal itself is being deleted
        return
    purge_portal(portal, PLUGIN_NAME)
