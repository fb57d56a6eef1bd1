"""Open data: /api/organisation/?portal=<hostname>.

One result per portal that has the plugin on: its units (``parent`` is the id of the
parent unit, so the tree can be rebuilt), leaders and contact officials, each in
its order. Paginated and filtered like every list of the open-data API
(``cms.api``); an unknown hostname answers 400 with a message.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import PortalListAPIView, portal_from_param
from cms.middleware import absolute_url
from sites.models import Portal

from .models import PLUGIN_NAME, ContactOfficial, Leader, Unit

PHOTO_SPEC = "fill-240x300"


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.IntegerField(source="parent_id", allow_null=True, help_text=gettext_lazy("Id of the parent unit."))

    class Meta:
        model = Unit
        fields = (
            "id",
            "name",
            "name_vi",
            "name_en",
            "parent",
            "functions_vi",
            "functions_en",
            "address",
            "phone",
            "email",
            "website",
            "sort_order",
        )


class LeaderSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", allow_null=True, help_text=gettext_lazy("Id of the unit."))
    photo = serializers.SerializerMethodField()

    class Meta:
        model = Leader
        fields = (
            "id",
            "full_name",
            "position",
            "position_vi",
            "position_en",
            "unit",
            "term",
            "phone",
            "email",
            "photo",
            "biography_vi",
            "biography_en",
            "sort_order",
        )

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=gettext_lazy("Address of the photo (240×300).")))
    def get_photo(self, obj):
        if obj.photo is None:
            return None
        try:
            rendition = obj.photo.get_rendition(PHOTO_SPEC)
        except Exception:  # a missing or unreadable source file: no photo rather than an error
            return None
        return absolute_url(self.context.get("request"), rendition.url)


class ContactOfficialSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", allow_null=True, help_text=gettext_lazy("Id of the unit."))

    class Meta:
        model = ContactOfficial
        fields = (
            "id",
            "full_name",
            "position",
            "position_vi",
            "position_en",
            "unit",
            "responsibility",
            "responsibility_vi",
            "responsibility_en",
            "phone",
            "email",
            "sort_order",
        )


class PortalOrganisationSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="site.hostname", help_text=gettext_lazy("Hostname of the portal."))
    portal_name = serializers.CharField(source="name")
    level = serializers.CharField(source="level.code")
    units = UnitSerializer(many=True, source="org_units")
    leaders = LeaderSerializer(many=True, source="org_leaders")
    contacts = ContactOfficialSerializer(many=True, source="org_contacts")

    class Meta:
        model = Portal
        fields = ("portal", "portal_name", "level", "units", "leaders", "contacts")


@extend_schema(summary=gettext_lazy("Organisation of the portals: units, leaders and contact officials"))
class OrganisationListView(PortalListAPIView):
    serializer_class = PortalOrganisationSerializer
    queryset = Portal.objects.none()  # the model, for the schema; get_queryset builds the list
    plugin_name = PLUGIN_NAME

    def get_queryset(self):
        qs = (
            Portal.objects.select_related("site", "level")
            .prefetch_related(
                Prefetch("organisation_units", queryset=Unit.objects.order_by("sort_order", "name", "pk"), to_attr="org_units"),
                Prefetch(
                    "organisation_leaders",
                    queryset=Leader.objects.select_related("photo")
                    .prefetch_related("photo__renditions")
                    .order_by("sort_order", "full_name", "pk"),
                    to_attr="org_leaders",
                ),
                Prefetch(
                    "organisation_contacts",
                    queryset=ContactOfficial.objects.order_by("sort_order", "full_name", "pk"),
                    to_attr="org_contacts",
                ),
            )
            .order_by("level__rank", "name", "pk")
        )
        portal = portal_from_param(self.request)
        if portal is not None:
            qs = qs.filter(pk=portal.pk)
        enabled = [p.pk for p in Portal.objects.only("pk", "enabled_plugins") if p.has_plugin(PLUGIN_NAME)]
        return qs.filter(pk__in=enabled)
