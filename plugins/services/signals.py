"""Purge the anonymous page cache when the catalogue changes.

The catalogue is network-wide: every portal lists it, so any change purges
every portal's cached pages.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cms.cache import purge_all

from .models import Procedure, ProcedureField, RequiredDocument, ServiceLevel, SubmissionMethod


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
    purge_all()


@receiver(m2m_changed, sender=Procedure.tiers.through)
def tiers_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        purge_all()
