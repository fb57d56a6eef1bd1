from django.urls import path

from . import views

urlpatterns = [
    path("", views.question_list, name="list"),
    path("gui-cau-hoi/", views.ask, name="ask"),
    path("tra-cuu/", views.track, name="track"),
    path("<int:pk>/", views.question_detail, name="detail"),
]
