"""Legal and directive documents (văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành).

A document is a Wagtail page (:class:`LegalDocumentPage`) under the portal's
:class:`LegalDocumentIndexPage`, so the portal's moderation workflow,
revisions, scheduled publishing and page permissions apply to it unchanged.
Types, issuers and fields are network-wide catalogues (translatable).
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page

from cms.cache import depends_on
from cms.middleware import current_portal
from cms.pagination import PaginatedPageMixin, paginate
from cms.plugin_pages import PluginPageMixin
from cms.privacy import path_is_public, private_document_ids, restricted_paths

from . import symbols
from .forms import LegalDocumentPageForm

PLUGIN_NAME = "legal_documents"


class Validity(models.TextChoices):
    NOT_YET = "not_yet", pgettext_lazy("legal documents", "Not yet in force")
    IN_FORCE = "in_force", pgettext_lazy("legal documents", "In force")
    PARTIAL = "partial", pgettext_lazy("legal documents", "Partially expired")
    EXPIRED = "expired", pgettext_lazy("legal documents", "Expired")


class RelationKind(models.TextChoices):
    REPLACES = "replaces", pgettext_lazy("legal documents", "Replaces")
    AMENDS = "amends", pgettext_lazy("legal documents", "Amends")
    GUIDES = "guides", pgettext_lazy("legal documents", "Guides")


# How a relation reads from the other side.
REVERSE_LABELS = {
    RelationKind.REPLACES: pgettext_lazy("legal documents", "Replaced by"),
    RelationKind.AMENDS: pgettext_lazy("legal documents", "Amended by"),
    RelationKind.GUIDES: pgettext_lazy("legal documents", "Guided by"),
}


def local_today() -> datetime.date:
    return timezone.localdate()


def validity_q(status: str, today: datetime.date | None = None) -> Q:
    """A filter for documents whose validity (set or derived) is ``status``."""
    today = today or local_today()
    derived = Q(validity_override="")
    not_yet = Q(effective_from__gt=today)
    expired = Q(expires_on__lte=today)
    if status == Validity.NOT_YET:
        return Q(validity_override=Validity.NOT_YET) | (derived & not_yet)
    if status == Validity.EXPIRED:
        return Q(validity_override=Validity.EXPIRED) | (derived & ~not_yet & expired)
    if status == Validity.IN_FORCE:
        return Q(validity_override=Validity.IN_FORCE) | (derived & ~not_yet & ~expired)
    if status == Validity.PARTIAL:
        return Q(validity_override=Validity.PARTIAL)
    raise ValueError(status)


class Taxonomy(models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DocumentType(Taxonomy):
    """Loại văn bản (Decree 30/2020 Appendix III), with its abbreviation."""

    abbreviation = models.CharField(
        _("abbreviation"), max_length=20, blank=True, help_text=_("As in the symbol, e.g. QĐ, NQ, NĐ.")
    )

    class Meta(Taxonomy.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Issuer(Taxonomy):
    """Cơ quan ban hành."""

    code = models.CharField(_("code in symbols"), max_length=30, blank=True, help_text=_("E.g. CP, TTg, UBND."))

    class Meta(Taxonomy.Meta):
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")


class LegalField(Taxonomy):
    """Lĩnh vực."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class LegalDocumentIndexPage(PaginatedPageMixin, PluginPageMixin, Page):
    """The portal's list of documents, with filters ("Văn bản")."""

    plugin_name = PLUGIN_NAME
    portal = models.ForeignKey("sites.Portal", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+")
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    show_province_documents = models.BooleanField(
        _("show the parent portal's documents"),
        default=True,
        help_text=_("Member portals: add a tab with the documents of the parent portal (e.g. the province)."),
    )

    parent_page_types = ["sites.HomePage"]
    subpage_types = ["legal_documents.LegalDocumentPage"]
    max_count_per_parent = 1
    template = "legal_documents/index_page.html"
    per_page = 20

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_province_documents")]

    class Meta:
        verbose_name = _("legal documents list")
        verbose_name_plural = _("legal documents lists")

    def save(self, *args, **kwargs):
        from sites.models import Portal

        if self.path:
            self.portal = Portal.for_page(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(self, request))
        return context


class LegalDocumentPage(PluginPageMixin, Page):
    """One document. The page title is the summary (trích yếu)."""

    plugin_name = PLUGIN_NAME
    portal = models.ForeignKey("sites.Portal", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+")
    number_symbol = models.CharField(
        _("number and symbol"),
        max_length=100,
        help_text=_("Exactly as written on the document, e.g. 42/2022/NĐ-CP or 1234/QĐ-UBND."),
    )
    symbol_folded = models.CharField(max_length=100, editable=False, db_index=True, default="")
    number = models.CharField(max_length=10, editable=False, blank=True, default="")
    symbol_parsed = models.BooleanField(editable=False, default=False)
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("document type")
    )
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="documents", verbose_name=_("issuing body"))
    legal_field = models.ForeignKey(
        LegalField, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("field")
    )
    signer = models.CharField(_("signer"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    issued_on = models.DateField(_("issued on"))
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    validity_override = models.CharField(
        _("validity"),
        max_length=20,
        choices=Validity.choices,
        blank=True,
        help_text=_("Leave empty to derive it from the dates; set it e.g. when a document is partially expired."),
    )
    full_text = RichTextField(_("full text"), blank=True)
    files_text = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    parent_page_types = ["legal_documents.LegalDocumentIndexPage"]
    subpage_types = []
    template = "legal_documents/document_page.html"
    base_form_class = LegalDocumentPageForm

    content_panels = [
        TitleFieldPanel("title", heading=_("Summary (trích yếu)")),
        MultiFieldPanel(
            [
                FieldPanel("number_symbol"),
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("issuer")]),
                FieldPanel("legal_field"),
                FieldRowPanel([FieldPanel("signer"), FieldPanel("signer_position")]),
            ],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_from"), FieldPanel("expires_on")]),
                FieldPanel("validity_override"),
            ],
            heading=_("Dates and validity"),
        ),
        InlinePanel("files", label=_("File"), heading=_("Files (PDF, DOC, DOCX, ODT)")),
        InlinePanel("relations", label=_("Related document"), heading=_("Related documents")),
        FieldPanel("full_text"),
    ]

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        indexes = [models.Index(fields=["portal", "issued_on"], name="legaldoc_portal_issued")]

    def __str__(self):
        return f"{self.number_symbol} {self.title}".strip()

    # -- derived values -------------------------------------------------

    @property
    def parsed_symbol(self):
        return symbols.parse(self.number_symbol)

    def get_validity(self, today: datetime.date | None = None) -> str:
        if self.validity_override:
            return self.validity_override
        today = today or local_today()
        if self.effective_from and today < self.effective_from:
            return Validity.NOT_YET
        if self.expires_on and self.expires_on <= today:
            return Validity.EXPIRED
        return Validity.IN_FORCE

    @property
    def validity(self) -> str:
        return self.get_validity()

    @property
    def validity_label(self):
        return Validity(self.validity).label

    @property
    def year(self):
        return self.issued_on.year if self.issued_on else None

    def clean(self):
        super().clean()
        errors = {}
        self.number_symbol = symbols.normalise(self.number_symbol)
        if self.issued_on and self.effective_from and self.effective_from < self.issued_on:
            errors["effective_from"] = _("The effective date cannot be before the issue date.")
        start = self.effective_from or self.issued_on
        if start and self.expires_on and self.expires_on <= start:
            errors["expires_on"] = _("The expiry date must be after the effective date.")
        if errors:
            raise ValidationError(errors)

    def refresh_derived_fields(self):
        self.number_symbol = symbols.normalise(self.number_symbol)
        parsed = symbols.parse(self.number_symbol)
        self.symbol_parsed = parsed is not None
        self.number = parsed.number[:10] if parsed else ""
        self.symbol_folded = symbols.fold(self.number_symbol)[:100]
        files = [f for f in self.files.all() if f.document_id]
        for item in files:
            if not item.file_kind:
                item.refresh_metadata()
        # Text of files in a private collection is neither searchable nor indexed.
        private = private_document_ids([f.document_id for f in files])
        self.files_text = "\n".join(f.text for f in files if f.text and f.document_id not in private)
        issuer = Issuer.objects.filter(pk=self.issuer_id).values_list("name", flat=True).first() or ""
        self.search_text = symbols.fold_text(
            " ".join([self.number_symbol, self.symbol_folded, self.title, issuer, self.signer, self.files_text])
        )

    def save(self, *args, **kwargs):
        from sites.models import Portal

        self.refresh_derived_fields()
        if self.path:
            self.portal = Portal.for_page(self)
        return super().save(*args, **kwargs)

    # -- relations --------------------------------------------------------

    def related_documents(self):
        """[(label, document)] both ways: what this one replaces/amends/guides and what does so to it."""
        items = []
        restricted = restricted_paths()  # private documents are not named on a public page
        for relation in self.relations.all():
            target = relation.target
            if target is not None and target.live and path_is_public(target.path, restricted):
                items.append((RelationKind(relation.kind).label, target))
        incoming = (
            LegalDocumentRelation.objects.filter(target=self, page__live=True)
            .select_related("page", "page__document_type")
            .order_by("page__issued_on")
        )
        for relation in incoming:
            if path_is_public(relation.page.path, restricted):
                items.append((REVERSE_LABELS[RelationKind(relation.kind)], relation.page))
        return items

    @classmethod
    def refresh_file_text(cls, document_ids) -> int:
        """Recompute the file-derived text of pages using these Wagtail documents
        (their collection became private or public). Returns the pages changed."""
        changed = 0
        pages = cls.objects.filter(files__document_id__in=list(document_ids)).distinct()
        for page in pages.prefetch_related("files"):
            before = (page.files_text, page.search_text)
            page.refresh_derived_fields()
            if (page.files_text, page.search_text) != before:
                cls.objects.filter(pk=page.pk).update(files_text=page.files_text, search_text=page.search_text)
                changed += 1
        return changed

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = [f for f in self.files.select_related("document") if f.document_id]
        context["related"] = self.related_documents()
        context["index_page"] = self.get_parent()
        return context


class LegalDocumentFile(Orderable):
    """A file of a document: a Wagtail document in the portal's collection, checked by content."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("file")
    )
    label = models.CharField(_("label"), max_length=150, blank=True, help_text=_("E.g. Full text, Appendix I."))
    file_kind = models.CharField(max_length=10, editable=False, blank=True, default="")
    file_size = models.PositiveBigIntegerField(editable=False, null=True, blank=True)
    text = models.TextField(editable=False, blank=True, default="")

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def apply_check(self, checked):
        self.file_kind = checked.kind
        self.file_size = checked.size
        self.text = checked.text

    def refresh_metadata(self):
        from .files import check_file

        try:
            checked = check_file(self.document.file, self.document.file.name)
        except (ValidationError, OSError, ValueError):
            return
        self.apply_check(checked)

    @property
    def kind_label(self):
        from .files import FILE_TYPES

        return FILE_TYPES.get(self.file_kind, self.file_kind.upper())

    @property
    def display_label(self):
        return self.label or (self.document.title if self.document else "")


class LegalDocumentRelation(Orderable):
    """This document replaces / amends / guides another one."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocumentPage,
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        verbose_name=pgettext_lazy("legal documents", "document"),
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")

    def clean(self):
        if self.target_id and self.page_id and self.target_id == self.page_id:
            raise ValidationError({"target": _("A document cannot be related to itself.")})


# -- the public list: filters, sort, pages (the index page's context; also the API's filters)

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


class SlugOrIdField(forms.ModelChoiceField):
    """A catalogue entry by its slug (the public form's values) or its id (the API's)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        lookup = {"pk": int(text)} if text.isascii() and text.isdigit() and len(text) <= 18 else {"slug": text}
        try:
            # Slugs never hold control characters (PostgreSQL refuses NUL in a query).
            if any(ord(ch) < 32 for ch in text) or len(text) > 255:
                raise self.queryset.model.DoesNotExist
            return self.queryset.get(**lookup)
        except (self.queryset.model.DoesNotExist, ValueError, TypeError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:100]}
            ) from None


class SlugOrIdFilter(django_filters.ModelChoiceFilter):
    field_class = SlugOrIdField


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


def _unknown_value():
    return {"invalid_choice": _("Unknown value: %(value)s.")}


class LegalDocumentFilter(django_filters.FilterSet):
    """The list's filters and sort (django-filter), for the public list and the API alike.

    On the public list a wrong value is reported and left out (the other filters still
    apply); the API answers 400 with the message under the parameter's name.
    """

    q = django_filters.CharFilter(
        label=pgettext_lazy("legal documents", "Number, symbol or words"), max_length=200, method="filter_text"
    )
    type = SlugOrIdFilter(
        label=pgettext_lazy("legal documents", "Document type"),
        field_name="document_type",
        queryset=DocumentType.objects.all(),
        to_field_name="slug",
        empty_label=pgettext_lazy("legal documents", "All types"),
        error_messages=_unknown_value(),
    )
    issuer = SlugOrIdFilter(
        label=pgettext_lazy("legal documents", "Issuing body"),
        field_name="issuer",
        queryset=Issuer.objects.all(),
        to_field_name="slug",
        empty_label=pgettext_lazy("legal documents", "All issuing bodies"),
        error_messages=_unknown_value(),
    )
    field = SlugOrIdFilter(
        label=pgettext_lazy("legal documents", "Field"),
        field_name="legal_field",
        queryset=LegalField.objects.all(),
        to_field_name="slug",
        empty_label=pgettext_lazy("legal documents", "All fields"),
        error_messages=_unknown_value(),
    )
    year = YearFilter(
        label=pgettext_lazy("legal documents", "Year issued"),
        field_name="issued_on",
        lookup_expr="year",
        min_value=1900,
        max_value=2200,
        error_messages={key: _("The year must be a four-digit number.") for key in ("invalid", "min_value", "max_value")},
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("legal documents", "Validity"),
        choices=Validity.choices,
        empty_label=pgettext_lazy("legal documents", "All"),
        method="filter_status",
        error_messages={
            "invalid_choice": lazy(
                lambda: _("Unknown validity; use one of: %(values)s.") % {"values": ", ".join(Validity.values)}, str
            )()
        },
    )
    sort = django_filters.ChoiceFilter(
        label=pgettext_lazy("legal documents", "Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
        error_messages=_unknown_value(),
    )

    class Meta:
        model = LegalDocumentPage
        fields = ()

    def __init__(self, data=None, *args, years=None, **kwargs):
        # Always bound (an empty QueryDict at worst), so the default sort applies.
        super().__init__(data if data is not None else {}, *args, **kwargs)
        if years is not None:  # the public form: the years that have documents
            choices = [("", pgettext("legal documents", "All years"))] + [(str(y), str(y)) for y in years]
            self.form.fields["year"].widget = forms.Select(choices=choices)
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault("id", f"ld-filter-{name}")

    def filter_text(self, queryset, name, text):
        text = text.strip()
        if not text:
            return queryset
        return queryset.filter(Q(symbol_folded__contains=symbols.fold(text)) | Q(search_text__contains=symbols.fold_text(text)))

    def filter_status(self, queryset, name, value):
        return queryset.filter(validity_q(value))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") if "sort" not in self.form.errors else ""
        return queryset.order_by(*SORTS.get(sort or "newest", SORTS["newest"]))

    @property
    def is_filtered(self) -> bool:
        """True when a valid filter (not the sort) narrows the list."""
        data = self.form.cleaned_data if self.is_bound else {}
        return any(data.get(name) for name in self.filters if name != "sort" and name not in self.errors)


def listing_context(index: LegalDocumentIndexPage, request) -> dict:
    portal = index.portal or current_portal(request)
    parent = portal.parent if portal is not None else None
    can_show_parent = bool(index.show_province_documents and parent is not None and parent.has_plugin(index.plugin_name))
    scope = "parent" if can_show_parent and request.GET.get("scope") == "parent" else "own"
    source = parent if scope == "parent" else portal
    if source is not None and source != portal:
        depends_on(request, f"legal_documents:{source.pk}")  # the province's documents, on a member's page

    base = localised(live_documents().filter(portal=source), index.locale)
    years = [d.year for d in base.dates("issued_on", "year", order="DESC")]
    filterset = LegalDocumentFilter(request.GET, queryset=base, years=years)

    pagination = paginate(request, filterset.qs, index.per_page)  # a ?page= that names no page: 404

    return {
        "filter_form": filterset.form,
        "documents": pagination.object_list,
        "pagination": pagination,
        "page_obj": pagination.page,
        "paginator": pagination.paginator,
        "scope": scope,
        "can_show_parent": can_show_parent,
        "parent_portal": parent if can_show_parent else None,
        "source_portal": source,
        "is_filtered": filterset.is_filtered,
    }
