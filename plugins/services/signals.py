"""Invalidate what shows the catalogue when it changes.

The catalogue is network-wide: every portal lists it, so a change bumps the
``services`` cache topic, which every procedure page, statistics page and
services block records; other pages stay cached.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cms.cache import bump

from .models import CATALOGUE_TOPIC, Procedure, ProcedureField, RequiredDocument, ServiceLevel, SubmissionMethod


@receiver(post_save, sender=Procedure)
@receiver(post_delete, sender=Procedure)
@receiver(post_save, sender=ProcedureField)
@receiver(post_delete, sender=ProcedureField)
@receiver(post_save, sender=ServiceLevel)
@receiver(post_delete, sender=ServiceLevel)
@receiver(post_save, sender=SubmissionMethod)
@receiver(post_save, sender=RequiredDocument)
def catalogue_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    bump(CATALOGUE_TOPIC)


@receiver(m2m_changed, sender=Procedure.tiers.through)
def tiers_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump(CATALOGUE_TOPIC)
