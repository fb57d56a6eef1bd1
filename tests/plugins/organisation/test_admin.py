import json

import pytest

from plugins.organisation.models import ContactOfficial, Leader, Unit
from tests.plugins.spokesperson.isolation import admin_url, assert_isolated

pytestmark = pytest.mark.django_db
HOST = "camau.localhost"
EMPTY_RICH_TEXT = json.dumps(
    {
        "blocks": [{"key": "a", "type": "unstyled", "text": "", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}],
        "entityMap": {},
    }
)


def unit_form(owner, **extra):
    data = {
        "portal": owner.pk,
        "name_vi": "Phòng Tư pháp",
        "name_en": "Justice Division",
        "parent": "",
        "functions_vi": EMPTY_RICH_TEXT,
        "functions_en": EMPTY_RICH_TEXT,
        "address": "Số 1 Lý Thường Kiệt",
        "phone": "0290 3822 200",
        "email": "tuphap@anxuyen.gov.vn",
        "website": "",
        "sort_order": "0",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("key", ["b_unit", "b_leader"])
def test_ward_a_editor_cannot_reach_ward_b_rows(org, network, client, key):
    assert_isolated(client, network.editor_a, org[key], "Bí Mật Tân Thành", HOST)


def test_ward_a_editor_cannot_reach_ward_b_contact(org, network, client):
    secret = ContactOfficial.objects.create(portal=network.ward_b, full_name="Đầu Mối Bí Mật", position_vi="Chuyên viên")
    assert_isolated(client, network.editor_a, secret, "Đầu Mối Bí Mật", HOST)


def test_editor_lists_searches_and_edits_own_units(org, network, client):
    client.force_login(network.editor_a)
    listing = client.get(admin_url(Unit, "list"), HTTP_HOST=HOST).content.decode()
    assert "Phòng Nội vụ" in listing and "Bí Mật" not in listing
    found = client.get(admin_url(Unit, "list_results") + "?q=Nội", HTTP_HOST=HOST).content.decode()
    assert "Phòng Nội vụ" in found and "Văn phòng HĐND" not in found
    for model in (Leader, ContactOfficial):
        assert client.get(admin_url(model, "list"), HTTP_HOST=HOST).status_code == 200
    edit = client.get(admin_url(Unit, "edit", org["home_affairs"].pk), HTTP_HOST=HOST)
    assert edit.status_code == 200 and "Phường Tân Thành" not in edit.content.decode()


def test_editor_adds_a_sub_unit_of_own_portal(org, network, client):
    client.force_login(network.editor_a)
    response = client.post(admin_url(Unit, "add"), unit_form(network.ward_a, parent=org["home_affairs"].pk), HTTP_HOST=HOST)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(name_vi="Phòng Tư pháp")
    assert unit.portal == network.ward_a and unit.parent == org["home_affairs"] and unit.name_en == "Justice Division"


def test_another_portals_parent_or_bad_input_is_refused(org, network, client):
    client.force_login(network.editor_a)
    for bad in (
        {"parent": org["b_unit"].pk},  # ward B's unit, id typed by hand
        {"portal": network.ward_b.pk},
        {"phone": "gọi tôi"},
        {"email": "không-phải-email"},
        {"website": "javascript:alert(1)"},
        {"name_vi": ""},
    ):
        response = client.post(admin_url(Unit, "add"), unit_form(network.ward_a, **bad), HTTP_HOST=HOST)
        assert response.status_code == 200, bad
    assert not Unit.objects.filter(name_vi="Phòng Tư pháp").exists()


def test_model_checks_parent_and_unit_portal_and_loops(org, network):
    unit = org["home_affairs"]
    unit.parent = org["b_unit"]
    with pytest.raises(Exception) as error:
        unit.full_clean()
    assert "parent" in error.value.message_dict
    unit.parent = org["desk"]  # its own sub-unit: a loop
    with pytest.raises(Exception) as error:
        unit.full_clean()
    assert "parent" in error.value.message_dict
    leader = org["chair"]
    leader.unit = org["b_unit"]
    with pytest.raises(Exception) as error:
        leader.full_clean()
    assert "unit" in error.value.message_dict
