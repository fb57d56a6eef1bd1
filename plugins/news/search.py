"""How articles become documents of the network-wide search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.privacy import is_public
from cms.search_contract import SearchDocument, SearchProvider, html_text


def _body_text(article) -> str:
    parts = []
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(html_text(block.value.source))
        elif block.block_type == "quote":
            parts.append(block.value.get("text", ""))
        elif block.block_type in ("image",):
            parts.append(getattr(block.value, "contextual_alt_text", "") or "")
        elif block.block_type == "attachment":
            parts.append(block.value.get("title") or "")
    return "\n".join(p for p in parts if p)


class NewsSearchProvider(SearchProvider):
    kind = "news"
    label = _("News")
    plugin_name = "news"

    @property
    def models(self):
        from plugins.news.models import ArticlePage

        return (ArticlePage,)

    def _queryset(self):
        from plugins.news.models import ArticlePage

        return (
            ArticlePage.objects.live()
            .public()
            .select_related("portal__site", "category", "locale")
            .prefetch_related("tagged_items__tag")
        )

    def documents(self, portal=None):
        qs = self._queryset()
        if portal is not None:
            if not portal.has_plugin(self.plugin_name):
                return
            qs = qs.filter(portal=portal)
        for article in qs.order_by("pk").iterator(chunk_size=200):
            document = self.document_for(article)
            if document is not None:
                yield document

    def document_for(self, instance):
        from plugins.news.models import ArticlePage

        article = instance.specific if not isinstance(instance, ArticlePage) else instance
        if not isinstance(article, ArticlePage) or not article.live or article.pk is None:
            return None
        if not is_public(article):  # private, or under a private category
            return None
        portal = article.portal
        if portal is None or not portal.has_plugin(self.plugin_name):
            return None
        date = article.date or article.first_published_at
        tags = [item.tag.name for item in article.tagged_items.all()]
        facets = {"category": article.category.title if article.category else ""}
        if date:
            facets["year"] = date.year
        if tags:
            facets["tags"] = tags
        return SearchDocument(
            id=self.document_id(article),
            kind=self.kind,
            portal_id=portal.pk,
            title=article.title,
            url=article.get_full_url(),
            date=date,
            summary=article.sapo,
            body=_body_text(article),
            language=article.locale.language_code,
            keywords=[],
            facets=facets,
        )
