"""JSON search API, mounted at /api/search/."""

from django.urls import path

from search.api import SearchAPIView

app_name = "api-search"
urlpatterns = [path("", SearchAPIView.as_view(), name="search")]
