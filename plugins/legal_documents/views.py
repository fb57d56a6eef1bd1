"""The home-page block of the newest documents (the list page's own listing is in models.py)."""

from __future__ import annotations

from django.conf import settings

from .models import LegalDocumentIndexPage, active_locale, live_documents, localised


def index_page_for(portal, locale=None):
    if portal is None:
        return None
    pages = LegalDocumentIndexPage.objects.live().public().filter(portal=portal)
    if locale is not None:
        page = pages.filter(locale=locale).first()
        if page is not None:
            return page
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()


def newest_block_context(request, portal, placement) -> dict:
    locale = active_locale()
    documents = list(
        localised(live_documents().filter(portal=portal), locale).order_by("-issued_on", "-pk")[: max(1, placement.limit or 5)]
    )
    return {"documents": documents, "index_page": index_page_for(portal, locale)}
