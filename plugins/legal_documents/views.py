"""Public listing (filters, sort, pages), the home-page block, and shared queries."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.models import Locale

from cms.middleware import current_portal
from cms.pagination import paginate

from . import symbols
from .models import (
    DocumentType,
    Issuer,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalField,
    Validity,
    validity_q,
)

SORTS = {
    "newest": ("-issued_on", "-pk"),
    "oldest": ("issued_on", "pk"),
    "effective": ("-effective_from", "-issued_on", "-pk"),
    "symbol": ("symbol_folded", "pk"),
}
SORT_CHOICES = [
    ("newest", pgettext_lazy("legal documents", "Newest first")),
    ("oldest", pgettext_lazy("legal documents", "Oldest first")),
    ("effective", pgettext_lazy("legal documents", "Latest effective date")),
    ("symbol", pgettext_lazy("legal documents", "Number and symbol")),
]


def live_documents():
    """Published documents the public may see (no view restriction on them or above)."""
    return LegalDocumentPage.objects.live().public().select_related("document_type", "issuer", "legal_field")


def localised(queryset, locale):
    """Documents of ``locale``, plus default-language documents not translated into it."""
    if locale is None:
        return queryset
    default = settings.LANGUAGE_CODE
    if locale.language_code == default:
        return queryset.filter(locale=locale)
    translated = LegalDocumentPage.objects.filter(locale=locale).values("translation_key")
    return queryset.filter(Q(locale=locale) | (Q(locale__language_code=default) & ~Q(translation_key__in=translated)))


def active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


class FilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("legal documents", "Number, symbol or words"), max_length=200, required=False)
    type = forms.ModelChoiceField(
        label=pgettext_lazy("legal documents", "Document type"),
        queryset=DocumentType.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=pgettext_lazy("legal documents", "All types"),
    )
    issuer = forms.ModelChoiceField(
        label=pgettext_lazy("legal documents", "Issuing body"),
        queryset=Issuer.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=pgettext_lazy("legal documents", "All issuing bodies"),
    )
    field = forms.ModelChoiceField(
        label=pgettext_lazy("legal documents", "Field"),
        queryset=LegalField.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=pgettext_lazy("legal documents", "All fields"),
    )
    year = forms.TypedChoiceField(
        label=pgettext_lazy("legal documents", "Year issued"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=pgettext_lazy("legal documents", "Validity"), required=False)
    sort = forms.ChoiceField(label=pgettext_lazy("legal documents", "Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", pgettext("legal documents", "All years"))] + [(str(y), str(y)) for y in years]
        self.fields["status"].choices = [("", pgettext("legal documents", "All"))] + list(Validity.choices)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"ld-filter-{name}")
        # Catalogues are small: fetch each once, with its translated name.
        self.fields["type"].queryset = DocumentType.objects.all()
        self.fields["issuer"].queryset = Issuer.objects.all()
        self.fields["field"].queryset = LegalField.objects.all()

    def valid_data(self):
        """The values that are valid; invalid ones are reported and ignored."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


def apply_filters(queryset, data):
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(symbol_folded__contains=symbols.fold(text)) | Q(search_text__contains=symbols.fold_text(text))
        )
    if data.get("type"):
        queryset = queryset.filter(document_type=data["type"])
    if data.get("issuer"):
        queryset = queryset.filter(issuer=data["issuer"])
    if data.get("field"):
        queryset = queryset.filter(legal_field=data["field"])
    if data.get("year"):
        queryset = queryset.filter(issued_on__year=data["year"])
    if data.get("status"):
        queryset = queryset.filter(validity_q(data["status"]))
    return queryset.order_by(*SORTS.get(data.get("sort") or "newest", SORTS["newest"]))


def listing_context(index: LegalDocumentIndexPage, request) -> dict:
    portal = index.portal or current_portal(request)
    parent = portal.parent if portal is not None else None
    can_show_parent = bool(index.show_province_documents and parent is not None and parent.has_plugin(index.plugin_name))
    scope = "parent" if can_show_parent and request.GET.get("scope") == "parent" else "own"
    source = parent if scope == "parent" else portal

    base = localised(live_documents().filter(portal=source), index.locale)
    years = [d.year for d in base.dates("issued_on", "year", order="DESC")]
    form = FilterForm(request.GET or None, years=years)
    data = form.valid_data() if request.GET else {}
    documents = apply_filters(base, data)

    pagination = paginate(request, documents, index.per_page)  # a ?page= that names no page: 404

    return {
        "filter_form": form,
        "documents": pagination.object_list,
        "pagination": pagination,
        "page_obj": pagination.page,
        "paginator": pagination.paginator,
        "scope": scope,
        "can_show_parent": can_show_parent,
        "parent_portal": parent if can_show_parent else None,
        "source_portal": source,
        "is_filtered": bool({k: v for k, v in data.items() if v and k != "sort"}),
    }


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
