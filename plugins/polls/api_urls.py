from django.urls import path

from .api import PollListAPIView

urlpatterns = [path("", PollListAPIView.as_view(), name="list")]
