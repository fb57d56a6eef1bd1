"""Open data: /api/spokespersons/?portal=<hostname>&current=true|false."""

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import PortalListAPIView, YesNoFilter
from cms.openapi import choice

from .models import Spokesperson


class SpokespersonSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="portal.site.hostname")
    portal_name = serializers.CharField(source="portal.name")
    level = serializers.CharField(source="portal.level.code")
    role_name = serializers.CharField(source="get_role_display")
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Spokesperson
        fields = (
            "id",
            "portal",
            "portal_name",
            "level",
            "name",
            "role",
            "role_name",
            "position",
            "position_vi",
            "position_en",
            "phone",
            "email",
            "decision_number",
            "decision_date",
            "decision_url",
            "term_start",
            "term_end",
            "is_current",
        )

    @extend_schema_field(serializers.BooleanField())
    def get_is_current(self, obj):
        return obj.is_current()


class SpokespersonFilter(django_filters.FilterSet):
    current = YesNoFilter(
        method="by_current", error_messages={"invalid_choice": gettext_lazy("Use current=true or current=false.")}
    )

    class Meta:
        model = Spokesperson
        fields = ()

    def by_current(self, queryset, name, value: bool):
        if value:
            return queryset.current()
        return queryset.exclude(pk__in=Spokesperson.objects.current().values("pk"))


@extend_schema(
    summary=gettext_lazy("Spokespersons of the portals"),
    parameters=[
        choice(
            "current",
            ["true", "false", "1", "0", "yes", "no"],
            gettext_lazy("true: only those in office today; false: only former ones."),
        )
    ],
)
class SpokespersonListView(PortalListAPIView):
    serializer_class = SpokespersonSerializer
    queryset = Spokesperson.objects.none()  # the model, for the schema; get_queryset builds the list
    plugin_name = "spokesperson"
    filterset_class = SpokespersonFilter

    def get_queryset(self):
        qs = Spokesperson.objects.select_related("portal__site", "portal__level").order_by(
            "portal__level__rank", "portal__name", "sort_order", "name", "pk"
        )
        return self.filter_by_portal(qs)
