from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("chuyen/", views.go, name="go"),
    path("cong-thanh-vien/", views.go_portal, name="go_portal"),
]
