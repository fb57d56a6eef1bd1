from django.urls import path

from .api import SpokespersonListView

urlpatterns = [path("", SpokespersonListView.as_view(), name="list")]
