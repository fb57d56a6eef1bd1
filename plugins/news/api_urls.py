"""Open data: /api/news/?portal=&category=&page= lists published articles."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from cms.api import PortalListAPIView
from plugins.news.models import ArticlePage


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    date = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    portal = serializers.SerializerMethodField()

    class Meta:
        model = ArticlePage
        fields = ["id", "title", "sapo", "url", "date", "category", "portal"]

    def get_url(self, obj):
        return obj.get_full_url(self.context.get("request"))

    def get_date(self, obj):
        value = obj.date or obj.first_published_at
        return value.isoformat() if value else None

    def get_category(self, obj):
        if obj.category is None:
            return None
        return {"id": obj.category.pk, "title": obj.category.title}

    def get_portal(self, obj):
        return obj.portal.site.hostname if obj.portal else None


class ArticleListView(PortalListAPIView):
    serializer_class = ArticleSerializer
    plugin_name = "news"

    def get_queryset(self):
        qs = (
            ArticlePage.objects.live()
            .public()
            .select_related("category", "portal__site")
            .order_by("-date", "-pk")
        )
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
