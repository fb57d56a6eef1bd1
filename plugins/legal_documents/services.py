"""What the plugin offers outside the admin: the lookup other plugins use, and
creating and updating documents (bulk import, demo content).

The lookup :func:`find_document_url` is declared in plugin.py as the registry
service ``legal_documents.find_document_url`` (other plugins reach it through
``registry.plugins.registry.service``, never by importing this module).

Creating and updating: one code path for import and demo content: a row of raw values is checked completely first
(:func:`clean_row`), then written in one transaction (:func:`upsert_document`).
Re-importing a row updates the document with the same number/symbol and year
on the same portal instead of creating a second one.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Locale

from cms.importing import RowError

from . import symbols
from .files import check_file
from .models import (
    PLUGIN_NAME,
    DocumentType,
    Issuer,
    LegalDocumentFile,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalDocumentRelation,
    LegalField,
    RelationKind,
    Validity,
)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
REQUIRED = ("number_symbol", "summary", "type", "issuer", "issued_on")


@dataclass
class FileData:
    name: str
    content: bytes
    label: str = ""


@dataclass
class CleanRow:
    values: dict
    files: list = field(default_factory=list)  # [(FileData, CheckedFile)]
    relations: list = field(default_factory=list)  # [(kind, LegalDocumentPage)]
    parsed: bool = True


def parse_date(raw):
    if isinstance(raw, datetime.date):
        return raw
    raw = (raw or "").strip()
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _lookup(model, raw, extra_fields=()):
    raw = (raw or "").strip()
    if not raw:
        return None
    query = Q(slug__iexact=raw) | Q(name_vi__iexact=raw) | Q(name_en__iexact=raw)
    for name in extra_fields:
        query |= Q(**{f"{name}__iexact": raw})
    matches = list(model.objects.filter(query)[:2])
    if len(matches) == 1:
        return matches[0]
    folded = symbols.fold(raw)
    for item in model.objects.all():
        if folded in {symbols.fold(getattr(item, f) or "") for f in ("name_vi", "name_en", "slug", *extra_fields)}:
            return item
    return None


def find_document_url(symbol: str, portal=None, request=None) -> str | None:
    """The public URL of the published document whose number/symbol is ``symbol``, or None.

    The registry service ``legal_documents.find_document_url``. ``symbol`` is
    compared folded (``60/2014/QH13``, ``QD`` finds ``QĐ``). Only a document a
    citizen can open is linked: live, neither it nor an ancestor under a view
    restriction (password, login, groups), on a portal that has this plugin on.
    When several portals publish the same symbol, ``portal``'s own copy wins,
    then the nearest ancestor's (the province), then the newest elsewhere;
    a copy in the active language is preferred. The URL is relative when the
    document is on ``portal`` (or the request's site), absolute otherwise.
    """
    from wagtail.models import Site

    folded = symbols.fold(symbol or "")[:100]
    if not folded:
        return None
    candidates = [
        page
        for page in LegalDocumentPage.objects.live()
        .public()
        .filter(symbol_folded=folded)
        .select_related("portal", "locale")
        .order_by("-issued_on", "pk")[:50]
        if page.portal is not None and page.portal.has_plugin(PLUGIN_NAME)
    ]
    if not candidates:
        return None
    nearness = {}
    if portal is not None:
        nearness = {p.pk: rank for rank, p in enumerate([portal, *portal.ancestors])}
    language = Locale.get_active().language_code
    best = min(
        enumerate(candidates),
        key=lambda item: (nearness.get(item[1].portal_id, len(nearness)), item[1].locale.language_code != language, item[0]),
    )[1]
    current_site = portal.site if portal is not None else (Site.find_for_request(request) if request else None)
    return best.get_url(request=request, current_site=current_site)


def find_document(portal, number_symbol, year):
    return (
        LegalDocumentPage.objects.filter(portal=portal, symbol_folded=symbols.fold(number_symbol), issued_on__year=year)
        .order_by("pk")
        .first()
    )


def clean_row(raw: dict, portal, read_file=None, pending=()) -> CleanRow:
    """Check a row; raise RowError with every reason found. ``read_file(name) -> bytes``.

    ``pending``: folded symbols of earlier rows of a dry run (not written, yet valid targets).
    """
    reasons = []
    get = lambda key: str(raw.get(key) if raw.get(key) is not None else "").strip()  # noqa: E731
    for key in REQUIRED:
        if not get(key):
            reasons.append(_("the column %(column)s is empty") % {"column": key})
    number_symbol = symbols.normalise(get("number_symbol"))
    if len(number_symbol) > 100:
        reasons.append(_("the number and symbol is longer than 100 characters"))
    summary = get("summary")
    if len(summary) > 255:
        reasons.append(_("the summary is longer than 255 characters"))
    document_type = _lookup(DocumentType, get("type"), ("abbreviation",)) if get("type") else None
    if get("type") and document_type is None:
        reasons.append(_("unknown document type “%(value)s”") % {"value": get("type")[:80]})
    issuer = _lookup(Issuer, get("issuer"), ("code",)) if get("issuer") else None
    if get("issuer") and issuer is None:
        reasons.append(_("unknown issuing body “%(value)s”") % {"value": get("issuer")[:80]})
    legal_field = _lookup(LegalField, get("field")) if get("field") else None
    if get("field") and legal_field is None:
        reasons.append(_("unknown field “%(value)s”") % {"value": get("field")[:80]})
    dates = {}
    for key in ("issued_on", "effective_from", "expires_on"):
        try:
            dates[key] = parse_date(get(key))
        except ValueError:
            reasons.append(_("%(column)s “%(value)s” is not a date (use dd/mm/yyyy)") % {"column": key, "value": get(key)[:40]})
            dates[key] = None
    if dates["issued_on"] and dates["effective_from"] and dates["effective_from"] < dates["issued_on"]:
        reasons.append(_("the effective date is before the issue date"))
    start = dates["effective_from"] or dates["issued_on"]
    if start and dates["expires_on"] and dates["expires_on"] <= start:
        reasons.append(_("the expiry date is not after the effective date"))
    validity = get("validity")
    if validity and validity not in Validity.values:
        by_label = {str(label).lower(): value for value, label in Validity.choices}
        validity = by_label.get(validity.lower())
        if validity is None:
            reasons.append(
                _("unknown validity “%(value)s” (use %(values)s)")
                % {"value": get("validity")[:40], "values": ", ".join(Validity.values)}
            )
    files = []
    for item in [part.strip() for part in get("files").split(";") if part.strip()]:
        name, _sep, label = item.partition("|")
        try:
            content = read_file(name.strip()) if read_file else None
        except OSError:
            content = None
        if content is None:
            reasons.append(_("the file %(name)s cannot be read") % {"name": name.strip()[:120]})
            continue
        data = FileData(name=name.strip().rsplit("/", 1)[-1], content=content, label=label.strip())
        try:
            checked = check_file(ContentFile(content, name=data.name), data.name)
        except ValidationError as error:
            reasons.append(f"{data.name}: {' '.join(error.messages)}")
            continue
        files.append((data, checked))
    relations = []
    for item in [part.strip() for part in get("relations").split(";") if part.strip()]:
        kind, _sep, target_symbol = item.partition(":")
        kind = kind.strip().lower()
        if kind not in RelationKind.values or not target_symbol.strip():
            reasons.append(_("the relation “%(value)s” is not kind:number/symbol") % {"value": item[:80]})
            continue
        portals = [portal, *portal.ancestors]
        target = (
            LegalDocumentPage.objects.filter(portal__in=portals, symbol_folded=symbols.fold(target_symbol))
            .order_by("-issued_on")
            .first()
        )
        if target is None and symbols.fold(target_symbol) in pending:
            continue
        if target is None:
            reasons.append(_("no document %(symbol)s to relate to") % {"symbol": target_symbol.strip()[:80]})
            continue
        relations.append((kind, target))
    if reasons:
        raise RowError(*reasons)
    values = {
        "number_symbol": number_symbol,
        "title": summary,
        "document_type": document_type,
        "issuer": issuer,
        "legal_field": legal_field,
        "signer": get("signer")[:150],
        "signer_position": get("signer_position")[:150],
        "issued_on": dates["issued_on"],
        "effective_from": dates["effective_from"],
        "expires_on": dates["expires_on"],
        "validity_override": validity or "",
        "full_text": get("full_text"),
    }
    return CleanRow(values=values, files=files, relations=relations, parsed=symbols.parse(number_symbol) is not None)


def ensure_index_page(portal) -> LegalDocumentIndexPage:
    home = portal.site.root_page
    index = LegalDocumentIndexPage.objects.child_of(home).first()
    if index is None:
        index = LegalDocumentIndexPage(
            title="Văn bản", slug="van-ban", show_in_menus=True, locale=home.locale, seo_title="Văn bản chỉ đạo điều hành"
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    # The English tree gets its own list (it shows Vietnamese documents until they are translated).
    for locale in Locale.objects.exclude(pk=home.locale_id):
        translated_home = home.get_translation_or_none(locale)
        if translated_home is None or index.get_translation_or_none(locale) is not None:
            continue
        translation = index.copy_for_translation(locale)
        if locale.language_code == "en":
            translation.title, translation.slug, translation.seo_title = "Legal documents", "legal-documents", "Legal documents"
            translation.save()
        translation.save_revision().publish()
    return index


def _document_for(portal, data: FileData):
    Document = get_document_model()
    digest = hashlib.sha1(data.content).hexdigest()
    existing = Document.objects.filter(collection=portal.collection, file_hash=digest).first()
    if existing is not None:
        return existing
    title = data.label or data.name.rsplit(".", 1)[0]
    document = Document(title=title[:255], collection=portal.collection) if portal.collection_id else Document(title=title[:255])
    document.file.save(data.name, ContentFile(data.content), save=False)
    document.save()
    return document


@transaction.atomic
def upsert_document(portal, row: CleanRow, index=None, user=None) -> tuple[LegalDocumentPage, bool]:
    """Create or update (same portal, number/symbol and year) and publish."""
    values = row.values
    index = index or ensure_index_page(portal)
    page = find_document(portal, values["number_symbol"], values["issued_on"].year)
    created = page is None
    if created:
        page = LegalDocumentPage(locale=index.locale or Locale.get_default())
        page.slug = (
            slugify(f"{symbols.fold(values['number_symbol']).replace('/', '-')}-{values['issued_on'].year}")[:200] or "van-ban"
        )
    else:
        page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    for key, value in values.items():
        setattr(page, key, value)
    if row.files:
        page.files = [
            LegalDocumentFile(
                document=_document_for(portal, data),
                label=data.label,
                file_kind=checked.kind,
                file_size=checked.size,
                text=checked.text,
            )
            for data, checked in row.files
        ]
    if row.relations:
        page.relations = [LegalDocumentRelation(kind=kind, target=target) for kind, target in row.relations]
    if created:
        index.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return page, created
