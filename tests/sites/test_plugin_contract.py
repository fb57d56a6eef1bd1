"""Per-portal enablement, proved with the test-only 'gadgets' plugin (tests/testplugin):
its page types, blocks, routes and API exist only where a portal switched it on."""

import pytest
from django.urls import reverse

from registry.plugins import blocks_for_portal, registry
from sites.models import BlockPlacement
from sites.provisioning import set_portal_plugins
from tests.testplugin.models import GadgetPage


@pytest.fixture
def gadgets_on_province(network):
    set_portal_plugins(network.province, ["gadgets"])
    set_portal_plugins(network.ward_a, [])
    return network


def test_the_outside_plugin_is_registered_without_core_changes():
    plugin = registry.get("gadgets")
    assert plugin is not None and plugin.page_models == ("testplugin.GadgetPage",)


def test_page_type_only_creatable_where_enabled(client, gadgets_on_province):
    network = gadgets_on_province
    province_home, ward_home = network.province.site.root_page, network.ward_a.site.root_page
    assert GadgetPage.can_create_at(province_home)
    assert not GadgetPage.can_create_at(ward_home)
    client.force_login(network.network_admin)
    url = reverse("wagtailadmin_pages:add", args=["testplugin", "gadgetpage", ward_home.pk])
    response = client.post(url, {"title": "Lén lút", "slug": "len-lut", "action-publish": "1"})
    assert response.status_code in (302, 403)
    assert not GadgetPage.objects.filter(slug="len-lut").exists()
    # The add-subpage chooser of the ward does not offer the type.
    choices = client.get(reverse("wagtailadmin_pages:add_subpage", args=[ward_home.pk])).content.decode()
    assert "gadgetpage" not in choices
    choices = client.get(reverse("wagtailadmin_pages:add_subpage", args=[province_home.pk])).content.decode()
    assert "gadgetpage" in choices


def test_existing_pages_answer_404_once_the_plugin_is_switched_off(gadgets_on_province, portal_client):
    network = gadgets_on_province
    page = GadgetPage(title="Thiết bị", slug="thiet-bi")
    network.province.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    assert portal_client(network.province).get("/thiet-bi/").status_code == 200
    set_portal_plugins(network.province, [])
    response = portal_client(network.province).get("/thiet-bi/")
    assert response.status_code == 404
    assert "Thiết bị" not in response.content.decode()


def test_blocks_offered_and_rendered_only_where_enabled(client, gadgets_on_province, portal_client):
    network = gadgets_on_province
    assert [b.name for b in blocks_for_portal(network.province)] == ["gadgets.list"]
    assert blocks_for_portal(network.ward_a) == []
    for portal in (network.province, network.ward_a):
        BlockPlacement.objects.create(page=portal.site.root_page.specific, slot="main", block="gadgets.list", limit=2)
    assert "gadget-item" in portal_client(network.province).get("/").content.decode()
    assert "gadget-item" not in portal_client(network.ward_a).get("/").content.decode()
    # The home page editor of the ward does not offer the block.
    client.force_login(network.network_admin)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[network.ward_a.site.root_page.pk])).content.decode()
    assert 'value="gadgets.list"' not in form
    form = client.get(reverse("wagtailadmin_pages:edit", args=[network.province.site.root_page.pk])).content.decode()
    assert 'value="gadgets.list"' in form


def test_routes_and_api_answer_404_where_disabled(gadgets_on_province, portal_client):
    network = gadgets_on_province
    assert portal_client(network.province).get("/gadgets/").status_code == 200
    assert portal_client(network.province).get("/en/gadgets/").status_code == 200
    assert portal_client(network.province).get("/api/gadgets/").status_code == 200
    assert portal_client(network.ward_a).get("/gadgets/").status_code == 404
    assert portal_client(network.ward_a).get("/api/gadgets/").status_code == 404


def test_new_portals_get_plugins_by_level(network):
    assert network.province.has_plugin("gadgets")  # default_levels=("province",)
    assert not network.ward_b.has_plugin("gadgets")
