"""Open data: /api/procedures/ (list, filters) and /api/procedures/stats/."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import PortalListAPIView, portal_from_param
from cms.middleware import absolute_url
from cms.openapi import NOT_FOUND, PORTAL, text

from .filters import ProcedureAPIFilter
from .models import PLUGIN_NAME, Procedure
from .stats import compute


class MethodSerializer(serializers.Serializer):
    method = serializers.CharField()
    method_name = serializers.CharField(source="get_method_display")
    processing_time = serializers.CharField()
    fees = serializers.CharField()


class DocumentSerializer(serializers.Serializer):
    name = serializers.CharField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    form_url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text=gettext_lazy("The form to fill in, when there is one."))
    )
    def get_form_url(self, obj):
        if obj.form_id:
            return absolute_url(self.context.get("request"), obj.form.url)
        return obj.form_url or None


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureLevelSerializer(CodeNameSerializer):
    online = serializers.BooleanField(help_text=gettext_lazy("True when this level is an online public service."))


class AgencySerializer(serializers.Serializer):
    name = serializers.CharField()
    portal = serializers.CharField(allow_null=True, help_text=gettext_lazy("Hostname of the agency's portal."))


class ProcedureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    field = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    online = serializers.BooleanField(source="is_online")
    tiers = serializers.SerializerMethodField()
    agency = serializers.SerializerMethodField()
    online_url = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()
    methods = MethodSerializer(many=True)
    documents = DocumentSerializer(many=True)
    applicants = serializers.CharField()
    requirements = serializers.CharField()
    result = serializers.CharField()
    legal_basis = serializers.ListField(source="legal_basis_lines", child=serializers.CharField())
    updated_at = serializers.DateTimeField()

    @extend_schema_field(CodeNameSerializer())
    def get_field(self, obj):
        return {"code": obj.field.code, "name": obj.field.name}

    @extend_schema_field(ProcedureLevelSerializer(allow_null=True))
    def get_level(self, obj):
        if obj.level_id is None:
            return None
        return {"code": obj.level.code, "name": obj.level.name, "online": obj.level.is_online}

    @extend_schema_field(
        serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("Portal levels that handle it."))
    )
    def get_tiers(self, obj):
        return [tier.code for tier in obj.tiers.all()]

    @extend_schema_field(AgencySerializer())
    def get_agency(self, obj):
        return {
            "name": obj.agency_name,
            "portal": obj.agency_portal.site.hostname if obj.agency_portal_id else None,
        }

    @extend_schema_field(serializers.CharField())
    def get_url(self, obj):
        request = self.context.get("request")
        portal = self.context.get("portal")
        path = obj.get_url_path()
        if portal is not None:
            return portal.site.root_url + path
        return absolute_url(request, path)


class StatsRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField(help_text=gettext_lazy("Share of all procedures in scope."))
    online = serializers.IntegerField()
    online_percent = serializers.FloatField(help_text=gettext_lazy("Share of this row's procedures that are online."))


class StatsLevelSerializer(StatsRowSerializer):
    is_online = serializers.BooleanField()
    is_legacy = serializers.BooleanField()


class StatsAgencySerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()
    online = serializers.IntegerField()
    online_percent = serializers.FloatField()
    portal = serializers.CharField(allow_null=True)


class ProcedureStatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    online = serializers.IntegerField()
    online_percent = serializers.FloatField()
    levels = StatsLevelSerializer(many=True)
    tiers = StatsRowSerializer(many=True)
    agencies = StatsAgencySerializer(many=True)
    portal = serializers.CharField(allow_null=True, help_text=gettext_lazy("The portal counted; null for the whole catalogue."))


@extend_schema(
    summary=gettext_lazy("Administrative procedures in force"),
    parameters=[
        text("level", gettext_lazy("Service level code (online in full, in part ...).")),
        text("field", gettext_lazy("Field code.")),
        text("tier", gettext_lazy("Portal level that handles it (province, commune ...).")),
        text("q", gettext_lazy("Words of the name or the code, with or without Vietnamese marks.")),
    ],
)
class ProcedureListAPIView(PortalListAPIView):
    """/api/procedures/?portal=&level=&field=&tier=&q=&page= (filters: plugins.services.filters)."""

    serializer_class = ProcedureSerializer
    plugin_name = PLUGIN_NAME
    filterset_class = ProcedureAPIFilter

    def get_queryset(self):
        portal = portal_from_param(self.request)
        queryset = Procedure.objects.public().prefetch_related("tiers", "methods", "documents__form")
        if portal is not None:
            if not portal.has_plugin(PLUGIN_NAME):
                return queryset.none()
            queryset = queryset.for_portal(portal)
        self._portal = portal
        return queryset.order_by("code")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["portal"] = getattr(self, "_portal", None)
        return context


class ProcedureDetailAPIView(APIView):
    @extend_schema(
        summary=gettext_lazy("One administrative procedure by its code"), responses={200: ProcedureSerializer, 404: NOT_FOUND}
    )
    def get(self, request, code):
        procedure = (
            Procedure.objects.public().prefetch_related("tiers", "methods", "documents__form").filter(code=code[:60]).first()
        )
        if procedure is None:
            raise NotFound(_("No procedure has the code %(code)s.") % {"code": code[:60]})
        return Response(ProcedureSerializer(procedure, context={"request": request}).data)


class ProcedureStatsAPIView(APIView):
    """/api/procedures/stats/?portal= (default: the whole catalogue)."""

    @extend_schema(
        summary=gettext_lazy("Statistics of the procedures and online public services"),
        parameters=[PORTAL],
        responses={200: ProcedureStatsSerializer, 404: NOT_FOUND},
    )
    def get(self, request):
        portal = portal_from_param(request)
        if portal is not None and not portal.has_plugin(PLUGIN_NAME):
            raise NotFound(_("This portal does not publish public services."))
        stats = compute(portal=portal)
        data = stats.as_dict()
        data["portal"] = portal.site.hostname if portal is not None else None
        return Response(data)
