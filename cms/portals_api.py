from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import PortalListAPIView
from cms.openapi import text
from sites.models import Portal


class PortalSerializer(serializers.ModelSerializer):
    hostname = serializers.CharField(source="site.hostname")
    url = serializers.CharField(source="site.root_url")
    level = serializers.CharField(source="level.code")
    level_name = serializers.CharField(source="level.name")
    parent = serializers.SerializerMethodField()
    enabled_plugins = serializers.ListField(
        child=serializers.CharField(), help_text=_("The plugins switched on for this portal.")
    )

    class Meta:
        model = Portal
        fields = (
            "id",
            "codename",
            "name",
            "name_vi",
            "name_en",
            "admin_code",
            "level",
            "level_name",
            "parent",
            "hostname",
            "url",
            "theme",
            "enabled_plugins",
            "governing_body",
            "responsible_person",
            "licence",
            "address",
            "phone",
            "email",
            "last_published_at",
        )

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("Hostname of the parent portal.")))
    def get_parent(self, obj):
        return obj.parent.site.hostname if obj.parent_id else None


@extend_schema(
    summary=_("Portals of the network"),
    parameters=[
        text("level", _("Only portals of this level (its code: province, department, commune, ward ...).")),
        text("parent", _("Only the member portals of this portal (its hostname).")),
    ],
)
class PortalListView(PortalListAPIView):
    """/api/portals/?portal=&level=&parent= : every portal of the network."""

    serializer_class = PortalSerializer
    portal_lookup = "pk"

    def get_queryset(self):
        qs = Portal.objects.select_related("site", "level", "parent__site").order_by("level__rank", "codename")
        qs = self.filter_by_portal(qs)
        level = self.request.query_params.get("level")
        if level:
            qs = qs.filter(level__code=level)
        parent = self.request.query_params.get("parent")
        if parent:
            qs = qs.filter(parent__site__hostname=parent.lower())
        return qs
