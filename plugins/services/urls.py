from django.urls import path

from . import views

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("thong-ke/", views.statistics, name="stats"),
    path("thong-ke.csv", views.statistics_csv, name="stats_csv"),
    path("thong-ke.xlsx", views.statistics_xlsx, name="stats_xlsx"),
    path("<str:code>/", views.procedure_detail, name="detail"),
]
