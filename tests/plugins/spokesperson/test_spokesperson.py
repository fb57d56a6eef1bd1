import datetime
import io

import pytest
from django.utils import timezone

from plugins.spokesperson.models import Spokesperson
from registry.plugins import registry
from sites.models import BlockPlacement
from tests.conftest import make_portal

pytestmark = pytest.mark.django_db


def make_spokesperson(portal, name, **kwargs):
    values = {
        "position": "Chánh Văn phòng",
        "position_vi": "Chánh Văn phòng",
        "position_en": "Chief of Office",
        "phone": "0290 3831 234",
        "email": "phatngon@example.gov.vn",
        "decision_number": "125/QĐ-UBND",
        "decision_date": datetime.date(2025, 7, 1),
        "term_start": datetime.date(2025, 7, 1),
    }
    values.update(kwargs)
    return Spokesperson.objects.create(portal=portal, name=name, **values)


def place(portal, block="spokesperson.card", slot="sidebar"):
    home = portal.site.root_page.specific
    return BlockPlacement.objects.create(page=home, block=block, slot=slot)


@pytest.fixture
def people(network):
    return {
        "province": make_spokesperson(network.province, "Nguyễn Thị Thu Hà", position_vi="Chánh Văn phòng UBND tỉnh"),
        "a": make_spokesperson(network.ward_a, "Trần Văn Minh", position_vi="Phó Chủ tịch UBND phường"),
        "b": make_spokesperson(network.ward_b, "Lê Hoàng Phúc", position_vi="Phó Chủ tịch UBND phường Tân Thành"),
        "a_old": make_spokesperson(
            network.ward_a,
            "Phạm Cựu Nhiệm",
            term_start=datetime.date(2020, 1, 1),
            term_end=datetime.date(2024, 12, 31),
        ),
    }


# --- model -----------------------------------------------------------------


def test_current_excludes_past_and_future_terms(people, network):
    future = make_spokesperson(network.ward_a, "Sắp Nhậm Chức", term_start=timezone.localdate() + datetime.timedelta(days=30))
    current = set(Spokesperson.objects.current())
    assert people["a"] in current and people["province"] in current
    assert people["a_old"] not in current and future not in current
    assert not people["a_old"].is_current()


def test_term_end_before_start_is_rejected(network):
    person = Spokesperson(
        portal=network.ward_a, name="X", position="Y", term_start=datetime.date(2025, 2, 1), term_end=datetime.date(2025, 1, 1)
    )
    with pytest.raises(Exception) as excinfo:
        person.full_clean()
    assert "term_end" in excinfo.value.message_dict


def test_decision_url_must_be_http(network):
    person = Spokesperson(
        portal=network.ward_a, name="X", position="Y", decision_number="1/QĐ", decision_url="javascript:alert(1)"
    )
    with pytest.raises(Exception) as excinfo:
        person.full_clean()
    assert "decision_url" in excinfo.value.message_dict


# --- block -----------------------------------------------------------------


def test_sidebar_block_shows_current_spokesperson_only(people, network, portal_client):
    place(network.ward_a)
    html = portal_client(network.ward_a).get("/").content.decode()
    assert "Thông tin người phát ngôn" in html
    assert "Trần Văn Minh" in html and "Phó Chủ tịch UBND phường" in html
    assert 'href="tel:02903831234"' in html
    assert "Phạm Cựu Nhiệm" not in html  # term ended
    assert "Lê Hoàng Phúc" not in html  # another portal


def test_block_english_uses_translated_position(people, network, portal_client):
    place(network.ward_a)
    for home in network.ward_a.root_pages():
        if home.locale.language_code == "en":
            BlockPlacement.objects.create(page=home.specific, block="spokesperson.card", slot="sidebar")
    html = portal_client(network.ward_a).get("/en/").content.decode()
    assert "Chief of Office" in html
    assert "Spokesperson information" in html


def test_block_hidden_when_plugin_off(people, network, portal_client):
    place(network.ward_a)
    network.ward_a.enabled_plugins = [p for p in network.ward_a.enabled_plugins if p != "spokesperson"]
    network.ward_a.save()
    html = portal_client(network.ward_a).get("/").content.decode()
    assert "Trần Văn Minh" not in html


def test_saving_spokesperson_purges_cached_home(people, network, portal_client):
    place(network.ward_a)
    client = portal_client(network.ward_a)
    assert "Trần Văn Minh" in client.get("/").content.decode()
    assert client.get("/")["X-Cache"] == "HIT"
    people["a"].name = "Trần Văn Mạnh"
    people["a"].save()
    response = client.get("/")
    assert "Trần Văn Mạnh" in response.content.decode()


def test_home_with_block_has_constant_queries(people, network, portal_client, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    place(network.ward_a)
    for i in range(6):
        make_spokesperson(network.ward_a, f"Người {i}")
    client = portal_client(network.ward_a)
    client.get("/")
    with django_assert_max_num_queries(25):
        client.get("/")


# --- network list page ---------------------------------------------------------


def test_province_lists_every_portal_grouped_by_level(people, network, portal_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = portal_client(network.province).get("/nguoi-phat-ngon/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Hoàng Phúc", "Phường An Xuyên", "Phường Tân Thành"):
        assert name in html
    assert "Phạm Cựu Nhiệm" not in html
    assert "125/QĐ-UBND" in html
    assert html.index("Tỉnh Cà Mau") < html.index("Phường An Xuyên")
    assert f'id="{people["a"].anchor}"' in html


def test_province_list_queries_do_not_grow_with_portals(people, network, portal_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = portal_client(network.province)
    client.get("/nguoi-phat-ngon/")
    with CaptureQueriesContext(connection) as context:
        client.get("/nguoi-phat-ngon/")
    baseline = len(context)  # read now: each request resets the query log
    for i in range(5):
        ward = make_portal(f"Phường Số {i}", f"w{i}.camau.localhost", parent=network.province)
        make_spokesperson(ward, f"Người Phường {i}")
    client.get("/nguoi-phat-ngon/")
    # The page chrome (core) may vary by a query; the list adds none per portal.
    with django_assert_max_num_queries(baseline + 1):
        response = client.get("/nguoi-phat-ngon/")
    assert "Người Phường 4" in response.content.decode()


def test_member_portal_lists_only_itself(people, network, portal_client):
    response = portal_client(network.ward_a).get("/nguoi-phat-ngon/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trần Văn Minh" in html
    assert "Lê Hoàng Phúc" not in html and "Nguyễn Thị Thu Hà" not in html
    assert "http://camau.localhost/nguoi-phat-ngon/" in html


def test_list_skips_portals_with_plugin_off(people, network, portal_client):
    network.ward_b.enabled_plugins = []
    network.ward_b.save()
    html = portal_client(network.province).get("/nguoi-phat-ngon/").content.decode()
    assert "Lê Hoàng Phúc" not in html


def test_list_answers_404_where_plugin_off(network, portal_client):
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    assert portal_client(network.ward_a).get("/nguoi-phat-ngon/").status_code == 404


def test_list_in_english(people, network, portal_client):
    response = portal_client(network.province).get("/en/nguoi-phat-ngon/")
    assert response.status_code == 200
    assert "Chief of Office" in response.content.decode()


# --- API -------------------------------------------------------------------


def test_api_shape_and_portal_filter(people, network, client):
    response = client.get("/api/spokespersons/", HTTP_HOST="camau.localhost")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 4
    response = client.get("/api/spokespersons/?portal=a.camau.localhost", HTTP_HOST="camau.localhost")
    names = {row["name"] for row in response.json()["results"]}
    assert names == {"Trần Văn Minh", "Phạm Cựu Nhiệm"}
    row = next(r for r in response.json()["results"] if r["name"] == "Trần Văn Minh")
    assert row["portal"] == "a.camau.localhost"
    assert row["decision_number"] == "125/QĐ-UBND"
    assert row["is_current"] is True
    assert row["position_en"] == "Chief of Office"


def test_api_current_filter(people, network, client):
    data = client.get("/api/spokespersons/?portal=a.camau.localhost&current=true", HTTP_HOST="camau.localhost").json()
    assert [r["name"] for r in data["results"]] == ["Trần Văn Minh"]
    data = client.get("/api/spokespersons/?portal=a.camau.localhost&current=false", HTTP_HOST="camau.localhost").json()
    assert [r["name"] for r in data["results"]] == ["Phạm Cựu Nhiệm"]


def test_api_bad_input(people, network, client):
    for query, status in (
        ("?portal=nowhere.localhost", 400),
        ("?current=maybe", 400),
        ("?page=abc", 400),
        ("?page=99", 404),
        ("?page=-1", 400),
    ):
        response = client.get(f"/api/spokespersons/{query}", HTTP_HOST="camau.localhost")
        assert response.status_code == status, query
        assert response["Content-Type"].startswith("application/json")


def test_api_hides_portals_with_plugin_off(people, network, client):
    network.ward_b.enabled_plugins = []
    network.ward_b.save()
    data = client.get("/api/spokespersons/", HTTP_HOST="camau.localhost").json()
    assert "Lê Hoàng Phúc" not in {r["name"] for r in data["results"]}


# --- search provider -------------------------------------------------------------


def test_search_provider_documents(people, network):
    provider = registry.get("spokesperson").search_providers[0]
    doc = provider.document_for(people["a"])
    assert doc.id == f"spokesperson:{people['a'].pk}"
    assert doc.kind == "spokesperson"
    assert doc.portal_id == network.ward_a.pk
    assert doc.url == f"http://a.camau.localhost/nguoi-phat-ngon/#{people['a'].anchor}"
    assert "Trần Văn Minh" in doc.title
    assert "125/QĐ-UBND" in doc.keywords
    assert doc.facets["level"] == "ward"
    assert provider.document_for(people["a_old"]) is None
    ids = {d.id for d in provider.documents(portal=network.ward_a)}
    assert ids == {f"spokesperson:{people['a'].pk}"}
    assert len(list(provider.documents())) == 3
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    people["a"].refresh_from_db()
    assert provider.document_for(people["a"]) is None


# --- demo ------------------------------------------------------------------------


def test_load_demo_is_idempotent_and_places_block(network, portal_client):
    plugin = registry.get("spokesperson")
    out = io.StringIO()
    plugin.load_demo(network.ward_a, out)
    plugin.load_demo(network.ward_a, out)
    assert Spokesperson.objects.filter(portal=network.ward_a).count() == 2
    assert BlockPlacement.objects.filter(block="spokesperson.card", page__in=network.ward_a.root_pages()).count() == 2
    assert "spokesperson" in out.getvalue()
    html = portal_client(network.ward_a).get("/").content.decode()
    person = Spokesperson.objects.filter(portal=network.ward_a).first()
    assert person.name in html
