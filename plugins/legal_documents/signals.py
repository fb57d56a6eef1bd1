"""Member portals show the province's documents: keep their cached pages fresh."""

from wagtail.signals import page_published, page_unpublished

from django.db.models.signals import post_delete, post_save

from cms.cache import purge_all, purge_portal


def _purge_member_portals(sender, instance, **kwargs):
    from sites.models import Portal

    from .models import LegalDocumentPage

    if not isinstance(instance, LegalDocumentPage) or instance.portal_id is None:
        return
    for child in Portal.objects.filter(parent_id=instance.portal_id):
        purge_portal(child)


page_published.connect(_purge_member_portals, dispatch_uid="legal_documents.purge_members_on_publish")
page_unpublished.connect(_purge_member_portals, dispatch_uid="legal_documents.purge_members_on_unpublish")


def _purge_after_catalogue_change(sender, **kwargs):
    # Type, issuer and field names appear on every portal's lists and pages.
    purge_all()


def _connect_catalogues():
    from .models import DocumentType, Issuer, LegalField

    for model in (DocumentType, Issuer, LegalField):
        for signal in (post_save, post_delete):
            signal.connect(_purge_after_catalogue_change, sender=model, dispatch_uid=f"legal_documents.purge.{model.__name__}.{signal}")


_connect_catalogues()
