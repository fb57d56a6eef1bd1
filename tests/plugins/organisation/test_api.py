import pytest

pytestmark = pytest.mark.django_db
A = "a.camau.localhost"


def api(client, host=A, headers=None, **params):
    return client.get("/api/organisation/", params, HTTP_HOST=host, **(headers or {}))


def test_one_portals_organisation(org, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = api(client, portal="a.camau.localhost")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 1
    result = data["results"][0]
    assert result["portal"] == "a.camau.localhost" and result["level"] == "ward"
    units = {unit["name"]: unit for unit in result["units"]}
    assert units["Tổ Một cửa"]["parent"] == org["home_affairs"].pk
    assert units["Phòng Nội vụ"]["parent"] is None and units["Phòng Nội vụ"]["name_en"] == "Home Affairs Division"
    assert [leader["full_name"] for leader in result["leaders"]] == ["Trần Văn Minh", "Lê Thị Hoa"]
    assert result["leaders"][1]["unit"] == org["home_affairs"].pk and result["leaders"][0]["photo"] is None
    assert result["contacts"][0]["responsibility"] == "Hướng dẫn thủ tục hành chính"
    assert "Bí Mật" not in response.content.decode()


def test_every_portal_with_the_plugin_on(org, client, network):
    network.ward_b.enabled_plugins = [name for name in network.ward_b.enabled_plugins if name != "organisation"]
    network.ward_b.save()
    hosts = [result["portal"] for result in api(client, host="camau.localhost").json()["results"]]
    assert "a.camau.localhost" in hosts and "camau.localhost" in hosts and "b.camau.localhost" not in hosts


def test_unknown_portal_and_bad_page_answer_400(org, client):
    response = api(client, portal="khong-co.camau.localhost")
    assert response.status_code == 400
    assert "portal" in response.json()
    assert api(client, page="abc").status_code == 400
    assert api(client, page="99").status_code == 404


def test_english_values(org, client):
    result = api(client, portal="a.camau.localhost", headers={"HTTP_ACCEPT_LANGUAGE": "en"}).json()["results"][0]
    leader = result["leaders"][0]
    assert leader["position_vi"] == "Chủ tịch UBND phường"
    assert leader["position_en"] == "Chairman of the Ward People's Committee"
    unit = next(unit for unit in result["units"] if unit["name_vi"] == "Phòng Nội vụ")
    assert unit["functions_en"] == "<p>Organisation and civil servants</p>"
