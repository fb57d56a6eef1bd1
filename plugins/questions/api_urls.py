from django.urls import path

from .api import QuestionListAPIView

urlpatterns = [path("", QuestionListAPIView.as_view(), name="list")]
