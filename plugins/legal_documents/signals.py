"""Keep cached pages fresh when catalogues and file privacy change.

A published or withdrawn document bumps ``legal_documents:<portal>`` (cms.signals);
a member portal's list that shows the province's documents records that topic
(``listing_context``), so it follows the province without a signal here.
"""

from django.db.models.signals import post_delete, post_save

from cms.cache import purge_all


def _purge_after_catalogue_change(sender, **kwargs):
    # Type, issuer and field names appear on every portal's lists and pages.
    purge_all()


def _connect_catalogues():
    from .models import DocumentType, Issuer, LegalField

    for model in (DocumentType, Issuer, LegalField):
        for signal in (post_save, post_delete):
            signal.connect(
                _purge_after_catalogue_change, sender=model, dispatch_uid=f"legal_documents.purge.{model.__name__}.{signal}"
            )


_connect_catalogues()


# -- privacy of attached files ------------------------------------------------
def _collection_privacy_changed(sender, instance, raw=False, **kwargs):
    """A collection became private or public: the searchable text of documents
    with files in it (or in a collection under it) follows."""
    if raw:
        return
    from wagtail.documents import get_document_model

    from cms.privacy import collection_subtree_ids

    from .models import LegalDocumentPage

    collections = collection_subtree_ids(instance.collection_id)
    files = get_document_model().objects.filter(collection_id__in=collections).values_list("pk", flat=True)
    if collections and LegalDocumentPage.refresh_file_text(list(files)):
        purge_all()


def _file_saved(sender, instance, raw=False, created=False, **kwargs):
    """A Wagtail document saved (maybe moved to a private collection)."""
    if raw or created:
        return
    from .models import LegalDocumentPage

    if LegalDocumentPage.refresh_file_text([instance.pk]):
        purge_all()


def _connect_file_privacy():
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    for signal in (post_save, post_delete):
        signal.connect(
            _collection_privacy_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"legal_documents.collection_privacy.{id(signal)}",
        )
    post_save.connect(_file_saved, sender=get_document_model(), dispatch_uid="legal_documents.file_saved")


_connect_file_privacy()
