"""A question's public state changed: purge the portal's cached pages; an answer was
published: tell the citizen (once, after the commit)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_portal

from .models import Question
from .notify import notify_answer_published


@receiver(post_save, sender=Question)
@receiver(post_delete, sender=Question)
def question_changed(sender, instance, **kwargs):
    # New, unpublished questions change nothing public; everything else may.
    if kwargs.get("created") and not instance.is_published:
        return
    purge_portal(instance.portal, "questions")


@receiver(post_save, sender=Question)
def answer_published(sender, instance, raw=False, **kwargs):
    if not raw and instance.is_published and instance.answer_notified_at is None and instance.email:
        transaction.on_commit(partial(notify_answer_published, instance.pk))
