"""Open data: /api/legal-documents/?portal=&type=&issuer=&field=&year=&status=&q=&page="""

from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from cms.api import PortalListAPIView
from cms.openapi import PORTAL, choice, integer, text

from .models import (
    PLUGIN_NAME,
    SORTS,
    LegalDocumentFile,
    LegalDocumentFilter,
    LegalDocumentPage,
    LegalDocumentRelation,
    Validity,
)
from .serializers import LegalDocumentSerializer


@extend_schema(
    summary=gettext_lazy("Published legal documents"),
    parameters=[
        text("q", gettext_lazy("Words of the summary, or the number and symbol (1234/QĐ-UBND).")),
        text("type", gettext_lazy("Document type: its slug (quyet-dinh) or id.")),
        text("issuer", gettext_lazy("Issuing body: its slug or id.")),
        text("field", gettext_lazy("Field: its slug or id.")),
        integer("year", gettext_lazy("Year of issue."), minimum=1900, maximum=2200),
        choice("status", Validity.values, gettext_lazy("Validity: not yet in force, in force, expired ...")),
        choice("sort", tuple(SORTS), gettext_lazy("newest (default), oldest, effective (by effective date) or symbol.")),
    ],
)
class LegalDocumentListView(PortalListAPIView):
    serializer_class = LegalDocumentSerializer
    queryset = LegalDocumentPage.objects.none()  # the model, for the schema; get_queryset builds the list
    plugin_name = PLUGIN_NAME
    filterset_class = LegalDocumentFilter  # the public list's filters; a wrong value: 400

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
        return self.documents()


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
