"""Open data: /api/legal-documents/?portal=&type=&issuer=&field=&year=&status=&q=&page="""

from django.db.models import Prefetch
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from cms.api import PortalListAPIView

from .models import PLUGIN_NAME, DocumentType, Issuer, LegalDocumentFile, LegalDocumentPage, LegalDocumentRelation, LegalField, Validity
from .serializers import LegalDocumentSerializer
from .views import apply_filters


def _taxonomy(model, raw, name):
    raw = raw.strip()
    lookup = {"pk": int(raw)} if raw.isdigit() else {"slug": raw}
    # Slugs never hold control characters (PostgreSQL refuses NUL in a query).
    found = None if any(ord(ch) < 32 for ch in raw) else model.objects.filter(**lookup).first()
    if found is None:
        raise ValidationError({name: _("Unknown value: %(value)s.") % {"value": raw[:100]}})
    return found


class LegalDocumentListView(PortalListAPIView):
    serializer_class = LegalDocumentSerializer
    plugin_name = PLUGIN_NAME

    def get_queryset(self):
        queryset = (
            LegalDocumentPage.objects.live()
            .public()  # a private document is in no list and its detail answers 404
            .select_related("portal__site", "document_type", "issuer", "legal_field", "locale")
            .prefetch_related(
                Prefetch("files", queryset=LegalDocumentFile.objects.select_related("document")),
                Prefetch("relations", queryset=LegalDocumentRelation.objects.select_related("target")),
            )
        )
        queryset = self.filter_by_portal(queryset)
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
        if data["sort"] not in ("newest", "oldest", "effective", "symbol"):
            data["sort"] = "newest"
        return apply_filters(queryset, data)


class LegalDocumentDetailView(LegalDocumentListView):
    pagination_class = None

    def list(self, request, *args, **kwargs):
        from django.shortcuts import get_object_or_404
        from rest_framework.response import Response

        page = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return Response(self.get_serializer(page).data)


urlpatterns = [
    path("", LegalDocumentListView.as_view(), name="list"),
    path("<int:pk>/", LegalDocumentDetailView.as_view(), name="detail"),
]
