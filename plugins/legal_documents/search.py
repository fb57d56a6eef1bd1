"""What the shared search indexes for legal documents (cms.search_contract)."""

from __future__ import annotations

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cms.search_contract import SearchDocument, SearchProvider

from . import symbols
from .models import PLUGIN_NAME, LegalDocumentPage


class LegalDocumentSearchProvider(SearchProvider):
    kind = "legal_document"
    label = _("Legal documents")
    plugin_name = PLUGIN_NAME
    models = (LegalDocumentPage,)

    def _queryset(self):
        return LegalDocumentPage.objects.live().select_related(
            "portal", "portal__site", "document_type", "issuer", "legal_field", "locale"
        )

    def documents(self, portal=None):
        queryset = self._queryset()
        if portal is not None:
            queryset = queryset.filter(portal=portal)
        for page in queryset.public().iterator(chunk_size=200):
            document = self._build(page)
            if document is not None:
                yield document

    def document_for(self, instance):
        if not isinstance(instance, LegalDocumentPage):
            instance = getattr(instance, "specific", instance)
            if not isinstance(instance, LegalDocumentPage):
                return None
        if not instance.pk:
            return None
        fresh = self._queryset().filter(pk=instance.pk).first()
        return self._build(fresh) if fresh is not None else None

    def _build(self, page: LegalDocumentPage):
        # Names and labels in the document's own language, whatever the request's is.
        with translation.override(page.locale.language_code if page.locale_id else "vi"):
            return self._build_document(page)

    def _build_document(self, page: LegalDocumentPage):
        portal = page.portal
        if portal is None or not page.live or not portal.has_plugin(PLUGIN_NAME):
            return None
        if page.get_view_restrictions().exists():  # private pages stay out of the public index
            return None
        folded = symbols.fold(page.number_symbol)
        keywords = [page.number_symbol] + ([folded] if folded != page.number_symbol else [])
        body = "\n".join(part for part in (strip_tags(page.full_text or ""), page.files_text) if part)
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
