"""Link changes show at once: purge the portal's cached pages."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_portal

from .models import Link, LinkGroup


@receiver(post_save, sender=LinkGroup)
@receiver(post_delete, sender=LinkGroup)
@receiver(post_save, sender=Link)
@receiver(post_delete, sender=Link)
def purge_after_change(sender, instance, **kwargs):
    try:
        portal = instance.portal if isinstance(instance, LinkGroup) else instance.group.portal
    except ObjectDoesNotExist:  # the group or portal is being deleted
        return
    purge_portal(portal, "links")
