import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import PortalListAPIView
from cms.openapi import lazy_format, text
from sites.models import Portal, PortalLevel


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


class HostnameChoiceField(forms.ModelChoiceField):
    """A portal by its hostname, in any letter case."""

    def to_python(self, value):
        text = str(value or "").strip().lower()
        if not text:
            return None
        portal = self.queryset.filter(site__hostname=text[:255]).first() if text.isprintable() else None
        if portal is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:100]})
        return portal


class HostnameChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = HostnameChoiceField


class PortalFilter(django_filters.FilterSet):
    """?level=<code>, ?parent=<hostname>; a value that names nothing: 400."""

    level = django_filters.ModelChoiceFilter(
        queryset=PortalLevel.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": lazy_format(_("No portal level has the code %(code)s."), code="%(value)s")},
    )
    parent = HostnameChoiceFilter(
        queryset=Portal.objects.all(),
        error_messages={"invalid_choice": lazy_format(_("No portal has the hostname %(host)s."), host="%(value)s")},
    )

    class Meta:
        model = Portal
        fields = ()


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
    queryset = Portal.objects.none()  # the model, for the schema; get_queryset builds the list
    filterset_class = PortalFilter
    portal_lookup = "pk"

    def get_queryset(self):
        qs = Portal.objects.select_related("site", "level", "parent__site").order_by("level__rank", "codename")
        return self.filter_by_portal(qs)
