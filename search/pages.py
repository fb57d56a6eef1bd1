"""The built-in provider for the core's plain pages (kind "page")."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from cms.privacy import is_public
from cms.search_contract import SearchDocument, SearchProvider, html_text
from sites.models import HomePage, Portal, StandardPage


def stream_text(value) -> str:
    """The searchable text of a StreamField value."""
    if not value:
        return ""
    parts = []
    for child in value:
        try:
            parts.extend(str(p) for p in child.block.get_searchable_content(child.value))
        except Exception:  # an unusual block must not stop indexing
            continue
    return "\n".join(html_text(p) for p in parts if p)


class PageSearchProvider(SearchProvider):
    kind = "page"
    label = pgettext_lazy("search result kind", "Page")
    plugin_name = ""  # core content: on for every portal
    models = (StandardPage, HomePage)

    def documents(self, portal=None):
        portals = [portal] if portal is not None else Portal.objects.select_related("site")
        for current in portals:
            for root in current.root_pages():
                pages = (
                    root.get_descendants(inclusive=True)
                    .live()
                    .public()
                    .type(*self.models)
                    .specific()
                    .select_related("locale")
                    .order_by("path")
                )
                for page in pages.iterator(chunk_size=200):
                    document = self._document(page, current)
                    if document is not None:
                        yield document

    def document_for(self, instance):
        page = instance.specific if type(instance) not in self.models else instance
        if not isinstance(page, self.models) or not page.live:
            return None
        if not is_public(page):  # private pages (or under a private ancestor) stay out
            return None
        portal = Portal.for_page(page)
        if portal is None:
            return None
        return self._document(page, portal)

    def _document(self, page, portal) -> SearchDocument | None:
        url = page.get_full_url()
        if not url:
            return None
        if isinstance(page, HomePage):
            summary = html_text(page.intro)
        else:
            summary = page.summary or page.search_description or ""
        return SearchDocument(
            id=self.document_id(page),
            kind=self.kind,
            portal_id=portal.pk,
            title=page.title,
            url=url,
            date=page.last_published_at or page.first_published_at,
            summary=summary,
            body=stream_text(page.body),
            language=page.locale.language_code if page.locale_id else "vi",
            facets={},
        )


page_provider = PageSearchProvider()
