from django.urls import path

from . import views

urlpatterns = [path("dem/", views.beacon, name="beacon")]
