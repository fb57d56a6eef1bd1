"""Poll changes are not page publishes: purge the portal's cached pages ourselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_portal

from .models import Poll, PollOption


@receiver(post_save, sender=Poll)
@receiver(post_delete, sender=Poll)
def poll_changed(sender, instance, **kwargs):
    portal = getattr(instance, "portal", None)
    if portal is not None:
        purge_portal(portal, "polls")


@receiver(post_save, sender=PollOption)
@receiver(post_delete, sender=PollOption)
def option_changed(sender, instance, **kwargs):
    try:
        portal = instance.poll.portal
    except Exception:  # the poll is being deleted with its options
        return
    purge_portal(portal, "polls")
