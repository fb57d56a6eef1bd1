"""A question's public state changed: purge the portal's cached pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_portal

from .models import Question


@receiver(post_save, sender=Question)
@receiver(post_delete, sender=Question)
def question_changed(sender, instance, **kwargs):
    # New, unpublished questions change nothing public; everything else may.
    if kwargs.get("created") and not instance.is_published:
        return
    purge_portal(instance.portal, "questions")
