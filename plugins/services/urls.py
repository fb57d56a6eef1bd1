from django.urls import path

from . import views
from .exports import StatisticsExportView

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("thong-ke/", views.statistics, name="stats"),
    path("thong-ke.csv", StatisticsExportView.as_view(export_format="csv"), name="stats_csv"),
    path("thong-ke.xlsx", StatisticsExportView.as_view(export_format="xlsx"), name="stats_xlsx"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
