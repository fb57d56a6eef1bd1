from django.urls import path

from . import api

urlpatterns = [
    path("", api.ProcedureListAPIView.as_view(), name="list"),
    path("stats/", api.ProcedureStatsAPIView.as_view(), name="stats"),
    path("<str:code>/", api.ProcedureDetailAPIView.as_view(), name="detail"),
]
