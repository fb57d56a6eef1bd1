"""Open data: /api/spokespersons/?portal=<hostname>&current=true|false."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from cms.api import PortalListAPIView
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
    plugin_name = "spokesperson"

    def get_queryset(self):
        qs = Spokesperson.objects.select_related("portal__site", "portal__level").order_by(
            "portal__level__rank", "portal__name", "sort_order", "name", "pk"
        )
        qs = self.filter_by_portal(qs)
        current = (self.request.query_params.get("current") or "").strip().lower()
        if current in ("true", "1", "yes"):
            qs = qs.current()
        elif current in ("false", "0", "no"):
            qs = qs.exclude(pk__in=Spokesperson.objects.current().values("pk"))
        elif current:
            raise ValidationError({"current": _("Use current=true or current=false.")})
        return qs
