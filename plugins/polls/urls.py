from django.urls import path

from . import views

urlpatterns = [
    path("", views.poll_list, name="list"),
    path("<int:pk>/", views.poll_detail, name="detail"),
    path("<int:pk>/binh-chon/", views.vote, name="vote"),
    path("<int:pk>/trang-thai.json", views.poll_state, name="state"),
]
