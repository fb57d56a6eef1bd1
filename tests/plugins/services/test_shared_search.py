"""Issue #18: a ward's search finds what the ward offers (its /thu-tuc/ list)."""

import pytest
from django.db import transaction

from tests.plugins.services.conftest import make_procedure

pytestmark = pytest.mark.django_db


def test_ward_search_finds_the_catalogue_procedures_it_lists(network, portal_client, django_capture_on_commit_callbacks):
    # Indexed as in production: the save records the index operation, the commit applies it.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        make_procedure("1.000101.H12", "Đăng ký khai sinh", tiers=("ward", "commune"))
        make_procedure("2.000101.H12", "Đăng ký khai sinh có yếu tố nước ngoài", tiers=("province",))
    ward = portal_client(network.ward_a)
    listed = ward.get("/thu-tuc/").content.decode()
    assert "1.000101.H12" in listed and "2.000101.H12" not in listed
    response = ward.get("/search/?q=khai+sinh")  # the ward's own scope, typed without diacritics
    assert response.status_code == 200 and response.context["scope"] == "portal"
    found = [item["hit"].url for item in response.context["hits"]]
    assert found == ["http://camau.localhost/thu-tuc/1.000101.H12/"]
    # The province's search still finds both, each once.
    found = [item["hit"].url for item in portal_client(network.province).get("/search/?q=khai+sinh").context["hits"]]
    assert sorted(found) == ["http://camau.localhost/thu-tuc/1.000101.H12/", "http://camau.localhost/thu-tuc/2.000101.H12/"]
