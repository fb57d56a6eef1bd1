"""Open data: /api/legal-documents/?portal=&type=&issuer=&field=&year=&status=&q=&page="""

from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from cms.api import PortalListAPIView
from cms.openapi import PORTAL, choice, integer, text

from .models import (
    PLUGIN_NAME,
    DocumentType,
    Issuer,
    LegalDocumentFile,
    LegalDocumentPage,
    LegalDocumentRelation,
    LegalField,
    Validity,
    apply_filters,
)
from .serializers import LegalDocumentSerializer


def _taxonomy(model, raw, name):
    raw = raw.strip()
    lookup = {"pk": int(raw)} if raw.isdigit() else {"slug": raw}
    # Slugs never hold control characters (PostgreSQL refuses NUL in a query).
    found = None if any(ord(ch) < 32 for ch in raw) else model.objects.filter(**lookup).first()
    if found is None:
        raise ValidationError({name: _("Unknown value: %(value)s.") % {"value": raw[:100]}})
    return found


SORTS = ("newest", "oldest", "effective", "symbol")


@extend_schema(
    summary=gettext_lazy("Published legal documents"),
    parameters=[
        text("q", gettext_lazy("Words of the summary, or the number and symbol (1234/QĐ-UBND).")),
        text("type", gettext_lazy("Document type: its slug (quyet-dinh) or id.")),
        text("issuer", gettext_lazy("Issuing body: its slug or id.")),
        text("field", gettext_lazy("Field: its slug or id.")),
        integer("year", gettext_lazy("Year of issue."), minimum=1900, maximum=2200),
        choice("status", Validity.values, gettext_lazy("Validity: not yet in force, in force, expired ...")),
        choice("sort", SORTS, gettext_lazy("newest (default), oldest, effective (by effective date) or symbol.")),
    ],
)
class LegalDocumentListView(PortalListAPIView):
    serializer_class = LegalDocumentSerializer
    plugin_name = PLUGIN_NAME

    def documents(self):
        """The public, live documents of the portals that publish legal documents."""
        queryset = (
            LegalDocumentPage.objects.live()
            .public()  # a private document is in no list and its detail answers 404
            .select_related("portal__site", "document_type", "issuer", "legal_field", "locale")
            .prefetch_related(
                Prefetch("files", queryset=LegalDocumentFile.objects.select_related("document")),
                Prefetch("relations", queryset=LegalDocumentRelation.objects.select_related("target")),
            )
        )
        return self.filter_by_portal(queryset)

    def get_queryset(self):
        queryset = self.documents()
        params = self.request.query_params
        data = {"q": params.get("q", "")[:200], "sort": params.get("sort", "newest")}
        for name, model in (("type", DocumentType), ("issuer", Issuer), ("field", LegalField)):
            if params.get(name, "").strip():
                data[name] = _taxonomy(model, params[name], name)
        year = params.get("year", "").strip()
        if year:
            if not (year.isdigit() and 1900 <= int(year) <= 2200):
                raise ValidationError({"year": _("The year must be a four-digit number.")})
            data["year"] = int(year)
        status = params.get("status", "").strip()
        if status:
            if status not in Validity.values:
                raise ValidationError(
                    {"status": _("Unknown validity; use one of: %(values)s.") % {"values": ", ".join(Validity.values)}}
                )
            data["status"] = status
        if data["sort"] not in SORTS:
            data["sort"] = "newest"
        return apply_filters(queryset, data)


@extend_schema(summary=gettext_lazy("One legal document"), parameters=[PORTAL])
class LegalDocumentDetailView(generics.RetrieveAPIView):
    """One document by its id; 404 when it is not public or its portal does not publish legal documents."""

    serializer_class = LegalDocumentSerializer

    def get_queryset(self):
        lister = LegalDocumentListView()
        lister.request, lister.kwargs, lister.format_kwarg = self.request, {}, None
        return lister.documents()


urlpatterns = [
    path("", LegalDocumentListView.as_view(), name="list"),
    path("<int:pk>/", LegalDocumentDetailView.as_view(), name="detail"),
]
