"""What the shared search indexes for legal documents (cms.search_contract)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.privacy import is_public, private_collection_ids
from cms.search_contract import SearchDocument, SearchProvider, html_text

from . import symbols
from .models import PLUGIN_NAME, LegalDocumentFile, LegalDocumentPage


class LegalDocumentSearchProvider(SearchProvider):
    kind = "legal_document"
    label = _("Legal documents")
    plugin_name = PLUGIN_NAME
    models = (LegalDocumentPage,)

    def _queryset(self):
        return (
            LegalDocumentPage.objects.live()
            .select_related("portal", "portal__site", "document_type", "issuer", "legal_field", "locale")
            .prefetch_related(
                Prefetch(
                    "files",
                    queryset=LegalDocumentFile.objects.select_related("document").only(
                        "page_id", "sort_order", "text", "document__id", "document__collection_id"
                    ),
                )
            )
        )

    def documents(self, portal=None):
        queryset = self._queryset()
        if portal is not None:
            queryset = queryset.filter(portal=portal)
        private = private_collection_ids()
        for page in queryset.public().iterator(chunk_size=200):
            document = self._build(page, private)
            if document is not None:
                yield document

    def instances_for_documents(self, document_ids):
        """Documents whose body holds text extracted from these files."""
        return LegalDocumentPage.objects.filter(files__document_id__in=list(document_ids)).distinct().only("pk")

    def document_for(self, instance):
        if not isinstance(instance, LegalDocumentPage):
            instance = getattr(instance, "specific", instance)
            if not isinstance(instance, LegalDocumentPage):
                return None
        if not instance.pk:
            return None
        fresh = self._queryset().filter(pk=instance.pk).first()
        return self._build(fresh, private_collection_ids()) if fresh is not None else None

    def _build(self, page: LegalDocumentPage, private_collections: set):
        # Names and labels in the document's own language, whatever the request's is.
        with translation.override(page.locale.language_code if page.locale_id else "vi"):
            return self._build_document(page, private_collections)

    def _build_document(self, page: LegalDocumentPage, private_collections: set):
        portal = page.portal
        if portal is None or not page.live or not portal.has_plugin(PLUGIN_NAME):
            return None
        if not is_public(page):  # private pages (or under a private ancestor) stay out of the public index
            return None
        folded = symbols.fold(page.number_symbol)
        keywords = [page.number_symbol] + ([folded] if folded != page.number_symbol else [])
        # Text of files in a private collection is never indexed (read here, not from
        # the stored files_text, so a change of collection privacy applies at once).
        files_text = "\n".join(
            item.text
            for item in page.files.all()
            if item.text and item.document is not None and item.document.collection_id not in private_collections
        )
        body = "\n".join(part for part in (html_text(page.full_text), files_text) if part)
        return SearchDocument(
            id=self.document_id(page),
            kind=self.kind,
            portal_id=portal.pk,
            title=f"{page.number_symbol} {page.title}".strip(),
            url=page.get_full_url() or "",
            date=page.issued_on,
            summary=page.title,
            body=body,
            language=page.locale.language_code if page.locale_id else "vi",
            keywords=keywords,
            facets={
                "document_type": page.document_type.name if page.document_type_id else "",
                "issuer": page.issuer.name if page.issuer_id else "",
                "field": page.legal_field.name if page.legal_field_id else "",
                "year": page.issued_on.year if page.issued_on else None,
                "validity": page.validity,
            },
        )
