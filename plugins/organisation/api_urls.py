from django.urls import path

from .api import OrganisationListView

urlpatterns = [path("", OrganisationListView.as_view(), name="list")]
