"""Open data: /api/news/?portal=&category=&page= lists published articles."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from cms.api import PortalListAPIView
from cms.openapi import choice, integer
from plugins.news.models import ArticlePage


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    date = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    portal = serializers.SerializerMethodField()

    class Meta:
        model = ArticlePage
        fields = ("id", "title", "sapo", "url", "date", "category", "portal")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_url(self, obj):
        return obj.get_full_url(self.context.get("request"))

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=gettext_lazy("ISO 8601 date or date and time.")))
    def get_date(self, obj):
        value = obj.date or obj.first_published_at
        return value.isoformat() if value else None

    @extend_schema_field(CategoryRefSerializer(allow_null=True))
    def get_category(self, obj):
        if obj.category is None:
            return None
        return {"id": obj.category.pk, "title": obj.category.title}

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=gettext_lazy("Hostname of the portal.")))
    def get_portal(self, obj):
        return obj.portal.site.hostname if obj.portal else None


@extend_schema(
    summary=gettext_lazy("Published news articles, newest first"),
    parameters=[
        integer("category", gettext_lazy("Only articles of this news category and its sub-categories (its id)."), minimum=1),
        choice("language", dict(settings.LANGUAGES), gettext_lazy("Only articles in this language (vi or en).")),
    ],
)
class ArticleListView(PortalListAPIView):
    serializer_class = ArticleSerializer
    plugin_name = "news"

    def get_queryset(self):
        qs = ArticlePage.objects.live().public().select_related("category", "portal__site").order_by("-date", "-pk")
        qs = self.filter_by_portal(qs)
        raw = (self.request.query_params.get("category") or "").strip()
        if raw:
            if not raw.isdigit() or int(raw) >= 2**62:
                raise ValidationError({"category": _("The category must be the id of a news category.")})
            qs = qs.filter(path__startswith=self._category_path(int(raw)))
        language = (self.request.query_params.get("language") or "").strip()
        if language:
            if language not in dict(settings.LANGUAGES):
                raise ValidationError({"language": _("Unknown language: use vi or en.")})
            qs = qs.filter(locale__language_code=language)
        return qs

    def _category_path(self, pk):
        from plugins.news.models import NewsCategoryPage

        category = NewsCategoryPage.objects.filter(pk=pk).only("path").first()
        if category is None:
            raise ValidationError({"category": _("No news category has the id %(id)s.") % {"id": pk}})
        return category.path


urlpatterns = [path("", ArticleListView.as_view(), name="list")]
