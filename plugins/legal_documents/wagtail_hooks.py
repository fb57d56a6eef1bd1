"""Admin: network-wide catalogues (network admins only), a flat list of documents,
symbol warnings."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_scoping import PortalScopedViewSetMixin

from . import symbols
from .models import DocumentType, Issuer, LegalDocumentPage, LegalField


class CatalogueViewSet(PortalScopedViewSetMixin, SnippetViewSet):
    """Network-wide catalogues (``network_models`` in plugin.py): network admins only."""

    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class DocumentTypeViewSet(CatalogueViewSet):
    model = DocumentType
    icon = "doc-full"
    list_display = ["name", "abbreviation", "slug", "sort_order"]
    panels = ["name_vi", "name_en", "abbreviation", "slug", "sort_order"]


class IssuerViewSet(CatalogueViewSet):
    model = Issuer
    icon = "site"
    list_display = ["name", "code", "slug", "sort_order"]
    panels = ["name_vi", "name_en", "code", "slug", "sort_order"]


class LegalFieldViewSet(CatalogueViewSet):
    model = LegalField
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    panels = ["name_vi", "name_en", "slug", "sort_order"]


class LegalCataloguesGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Legal document lists")
    menu_icon = "folder-open-inverse"
    menu_order = 310
    items = (DocumentTypeViewSet, IssuerViewSet, LegalFieldViewSet)


register_snippet(LegalCataloguesGroup)


class LegalDocumentListingViewSet(PageListingViewSet):
    """All documents the user may edit, flat, newest first (scoped by page permissions)."""

    model = LegalDocumentPage
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Legal documents")
    add_to_admin_menu = True
    menu_order = 205
    name = "legal_documents"


@hooks.register("register_admin_viewset")
def register_document_listing():
    return LegalDocumentListingViewSet("legal_documents")


def _warn_about_symbol(request, page):
    page = getattr(page, "specific", page)
    if not isinstance(page, LegalDocumentPage):
        return
    parsed = symbols.parse(page.number_symbol)
    if parsed is None:
        messages.warning(
            request,
            _(
                "The number and symbol “%(symbol)s” does not follow the usual form (e.g. 1234/QĐ-UBND or "
                "42/2022/NĐ-CP). It was kept exactly as typed; please check it."
            )
            % {"symbol": page.number_symbol},
        )
        return
    abbreviation = symbols.fold(page.document_type.abbreviation or "") if page.document_type_id else ""
    if abbreviation and symbols.fold(parsed.type_code) != abbreviation and page.document_type.abbreviation not in ("CV", ""):
        messages.warning(
            request,
            _("The symbol says %(code)s but the document type is %(type)s (%(abbr)s); please check.")
            % {"code": parsed.type_code, "type": page.document_type.name, "abbr": page.document_type.abbreviation},
        )


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn_about_symbol(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn_about_symbol(request, page)
