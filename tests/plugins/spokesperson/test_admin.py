import pytest

from plugins.spokesperson.models import Spokesperson

from .isolation import admin_url, assert_isolated

pytestmark = pytest.mark.django_db
HOST = "camau.localhost"


@pytest.fixture
def person_a(network):
    return Spokesperson.objects.create(
        portal=network.ward_a, name="Bí Mật An Xuyên", position="Phó Chủ tịch", position_vi="Phó Chủ tịch"
    )


def form_data(portal, **extra):
    data = {
        "portal": portal.pk,
        "name": "Ngô Thị Mai",
        "role": "spokesperson",
        "position_vi": "Chánh Văn phòng",
        "position_en": "Chief of Office",
        "phone": "0290 3822 111",
        "email": "mai@example.gov.vn",
        "decision_number": "12/QĐ-UBND",
        "decision_date": "",
        "decision_url": "",
        "term_start": "2025-07-01",
        "term_end": "",
        "sort_order": "0",
    }
    data.update(extra)
    return data


def test_editor_b_cannot_reach_ward_a_spokesperson(network, person_a, client):
    assert_isolated(client, network.editor_b, person_a, "Bí Mật An Xuyên", HOST)


def test_editor_a_sees_and_edits_own(network, person_a, client):
    client.force_login(network.editor_a)
    assert "Bí Mật An Xuyên" in client.get(admin_url(Spokesperson, "list"), HTTP_HOST=HOST).content.decode()
    response = client.get(admin_url(Spokesperson, "edit", person_a.pk), HTTP_HOST=HOST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường An Xuyên" in html and "Phường Tân Thành" not in html  # portal choices


def test_editor_a_adds_for_own_portal(network, client):
    client.force_login(network.editor_a)
    response = client.post(admin_url(Spokesperson, "add"), form_data(network.ward_a), HTTP_HOST=HOST)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Spokesperson.objects.get(name="Ngô Thị Mai")
    assert person.portal == network.ward_a
    assert person.position == "Chánh Văn phòng" and person.position_en == "Chief of Office"


def test_editor_b_cannot_add_for_ward_a(network, client):
    client.force_login(network.editor_b)
    response = client.post(admin_url(Spokesperson, "add"), form_data(network.ward_a), HTTP_HOST=HOST)
    assert response.status_code == 200  # the form again, with an error
    assert not Spokesperson.objects.filter(name="Ngô Thị Mai").exists()


def test_editor_b_cannot_edit_ward_a_by_post(network, person_a, client):
    client.force_login(network.editor_b)
    response = client.post(admin_url(Spokesperson, "edit", person_a.pk), form_data(network.ward_b, name="Đã Sửa"), HTTP_HOST=HOST)
    assert response.status_code == 404
    person_a.refresh_from_db()
    assert person_a.name == "Bí Mật An Xuyên" and person_a.portal == network.ward_a


def test_bad_input_in_admin_changes_nothing(network, client):
    client.force_login(network.editor_a)
    for bad in (
        {"term_start": "2025-07-01", "term_end": "2025-01-01"},
        {"decision_url": "javascript:alert(1)"},
        {"phone": "gọi tôi"},
        {"email": "không-phải-email"},
    ):
        response = client.post(admin_url(Spokesperson, "add"), form_data(network.ward_a, **bad), HTTP_HOST=HOST)
        assert response.status_code == 200, bad
    assert not Spokesperson.objects.exists()


def test_network_admin_sees_all(network, person_a, client):
    client.force_login(network.network_admin)
    assert "Bí Mật An Xuyên" in client.get(admin_url(Spokesperson, "list"), HTTP_HOST=HOST).content.decode()
