"""Open data: /api/news/?portal=&category=&page= lists published articles."""

import django_filters
from django.conf import settings
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import IdChoiceFilter, PortalListAPIView
from cms.openapi import choice, integer, lazy_format
from plugins.news.models import ArticlePage, NewsCategoryPage


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


class ArticleFilter(django_filters.FilterSet):
    """?category=<id> (and its sub-categories), ?language=vi|en; a wrong value: 400."""

    category = IdChoiceFilter(
        queryset=NewsCategoryPage.objects.only("pk", "path"),
        method="in_category",
        error_messages={"invalid_choice": lazy_format(gettext_lazy("No news category has the id %(id)s."), id="%(value)s")},
    )
    language = django_filters.ChoiceFilter(
        field_name="locale__language_code",
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": gettext_lazy("Unknown language: use vi or en.")},
    )

    class Meta:
        model = ArticlePage
        fields = ()

    def in_category(self, queryset, name, category):
        return queryset.filter(path__startswith=category.path)


@extend_schema(
    summary=gettext_lazy("Published news articles, newest first"),
    parameters=[
        integer("category", gettext_lazy("Only articles of this news category and its sub-categories (its id)."), minimum=1),
        choice("language", dict(settings.LANGUAGES), gettext_lazy("Only articles in this language (vi or en).")),
    ],
)
class ArticleListView(PortalListAPIView):
    serializer_class = ArticleSerializer
    queryset = ArticlePage.objects.none()  # the model, for the schema; get_queryset builds the list
    plugin_name = "news"
    filterset_class = ArticleFilter

    def get_queryset(self):
        qs = ArticlePage.objects.live().public().select_related("category", "portal__site").order_by("-date", "-pk")
        return self.filter_by_portal(qs)


urlpatterns = [path("", ArticleListView.as_view(), name="list")]
