"""Member portals show the province's documents: keep their cached pages fresh."""

from wagtail.signals import page_published, page_unpublished

from cms.cache import purge_portal


def _purge_member_portals(sender, instance, **kwargs):
    from sites.models import Portal

    from .models import LegalDocumentPage

    if not isinstance(instance, LegalDocumentPage) or instance.portal_id is None:
        return
    for child in Portal.objects.filter(parent_id=instance.portal_id):
        purge_portal(child)


page_published.connect(_purge_member_portals, dispatch_uid="legal_documents.purge_members_on_publish")
page_unpublished.connect(_purge_member_portals, dispatch_uid="legal_documents.purge_members_on_unpublish")
