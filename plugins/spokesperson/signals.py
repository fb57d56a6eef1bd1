"""Spokesperson changes show at once: the portal's pages and the ancestors' network lists (cms.cache topics)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_portal

from .models import Spokesperson


@receiver(post_save, sender=Spokesperson)
@receiver(post_delete, sender=Spokesperson)
def purge_after_change(sender, instance, **kwargs):
    try:
        portal = instance.portal
    except ObjectDoesNotExist:  # the portal itself is being deleted
        return
    purge_portal(portal, "spokesperson")
