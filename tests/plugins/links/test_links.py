import io

import pytest

from cms.demo import demo_image
from plugins.links.models import Link, LinkGroup
from registry.plugins import registry
from sites.models import BlockPlacement
from tests.conftest import make_portal
from tests.plugins.spokesperson.isolation import admin_url, assert_isolated

pytestmark = pytest.mark.django_db
HOST = "camau.localhost"


def make_group(portal, title, display="select", links=(), order=0):
    group = LinkGroup(portal=portal, title=title, display=display, sort_order=order)
    group.title_vi, group.title_en = title, f"{title} (en)"
    group.save()
    for i, (name, url, *logo) in enumerate(links):
        link = Link(group=group, title=name, url=url, sort_order=i, logo=logo[0] if logo else None)
        link.title_vi, link.title_en = name, f"{name} EN"
        link.save()
    return group


def place(portal, block, slot="sidebar", limit=5):
    return BlockPlacement.objects.create(page=portal.site.root_page.specific, block=block, slot=slot, limit=limit)


@pytest.fixture
def groups(network):
    logo = demo_image("Logo Chính phủ (test)", collection=network.ward_a.collection, size=(300, 100))
    return {
        "a_select": make_group(
            network.ward_a,
            "Cổng Trung ương",
            links=[("Cổng TTĐT Chính phủ", "https://chinhphu.vn/"), ("Dịch vụ công", "https://dichvucong.gov.vn/")],
        ),
        "a_logos": make_group(
            network.ward_a,
            "Liên kết nổi bật",
            display="logos",
            links=[("Chính phủ", "https://chinhphu.vn/", logo), ("Báo Cà Mau", "https://baocamau.vn/")],
        ),
        "b_select": make_group(network.ward_b, "Liên kết Tân Thành", links=[("Bí mật B", "https://b-secret.example.vn/")]),
    }


# --- model -----------------------------------------------------------------------


def test_link_url_must_be_http(groups):
    for url in ("javascript:alert(1)", "ftp://files.example.vn/", "//evil.example/", "data:text/html,hi"):
        link = Link(group=groups["a_select"], title="X", title_vi="X", url=url)
        with pytest.raises(Exception) as excinfo:
            link.full_clean()
        assert "url" in excinfo.value.message_dict, url


# --- blocks --------------------------------------------------------------------------


def test_select_block_renders_a_labelled_form(groups, network, portal_client):
    placement = place(network.ward_a, "links.select")
    html = portal_client(network.ward_a).get("/").content.decode()
    select_id = f"links-{placement.pk}-{groups['a_select'].pk}"
    assert f'<label for="{select_id}">Cổng Trung ương</label>' in html
    assert f'<select id="{select_id}" name="link">' in html
    assert 'action="/lien-ket/chuyen/"' in html and 'method="get"' in html
    link = groups["a_select"].links.first()
    assert f'<option value="{link.pk}">Cổng TTĐT Chính phủ</option>' in html
    assert "Liên kết nổi bật" not in html  # a logos group is not in the select block
    assert "Bí mật B" not in html


def test_select_block_lists_the_networks_portals_from_the_network_itself(network, portal_client):
    """No hand-kept group: a portal provisioned today is in every member list today."""
    place(network.ward_a, "links.select")
    client = portal_client(network.ward_a)
    html = client.get("/").content.decode()
    assert 'action="/lien-ket/cong-thanh-vien/"' in html
    for other in (network.province, network.ward_b):
        assert f'<option value="{other.pk}">{other.name}</option>' in html
    assert f'<option value="{network.ward_a.pk}">' not in html  # not itself
    new = make_portal("Xã Khánh Bình", "khanhbinh.camau.localhost", level="commune", parent=network.province)
    assert f'<option value="{new.pk}">Xã Khánh Bình</option>' in client.get("/").content.decode()
    response = client.get(f"/lien-ket/cong-thanh-vien/?portal={new.pk}")
    assert response.status_code == 302 and response["Location"] == f"{new.site.root_url}/"


@pytest.mark.parametrize(
    ("value", "status", "message"),
    [("", 400, "Hãy chọn một trang"), ("abc", 400, "không hợp lệ"), ("999999", 404, "không tồn tại trên cổng")],
)
def test_member_redirect_refuses_bad_choices_in_vietnamese(network, portal_client, value, status, message):
    response = portal_client(network.ward_a).get(f"/lien-ket/cong-thanh-vien/?portal={value}")
    assert response.status_code == status and message in response.content.decode()


def test_logos_block_renders_images_with_alt(groups, network, portal_client):
    place(network.ward_a, "links.logos", slot="footer")
    html = portal_client(network.ward_a).get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "block-links-logos" in footer
    assert 'href="https://chinhphu.vn/"' in html
    assert 'alt="Chính phủ"' in html and "<img" in html
    assert "Báo Cà Mau" in html  # no logo: its title as text
    assert "Cổng TTĐT Chính phủ" not in html  # select group not in logos block


def test_blocks_in_english(groups, network, portal_client):
    for home in network.ward_a.root_pages():
        place_home = home.specific
        BlockPlacement.objects.create(page=place_home, block="links.select", slot="sidebar")
    html = portal_client(network.ward_a).get("/en/").content.decode()
    assert "Cổng TTĐT Chính phủ EN" in html
    assert 'action="/en/lien-ket/chuyen/"' in html


def test_logos_block_queries_constant(groups, network, portal_client, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    place(network.ward_a, "links.logos", slot="main")
    client = portal_client(network.ward_a)
    client.get("/")
    baseline_html = client.get("/").content.decode()
    assert "<img" in baseline_html
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get("/")
    baseline = len(context)  # read now: each request resets the query log
    for i in range(6):
        logo = demo_image(f"Logo {i} (test)", collection=network.ward_a.collection, size=(200, 80))
        make_group(
            network.ward_a, f"Nhóm {i}", display="logos", links=[(f"L{i}", f"https://l{i}.example.vn/", logo)], order=10 + i
        )
    client.get("/")  # renditions are created on first view
    with django_assert_max_num_queries(baseline + 1):
        client.get("/")


def test_block_hidden_when_plugin_off(groups, network, portal_client):
    place(network.ward_a, "links.select")
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    assert "Cổng Trung ương" not in portal_client(network.ward_a).get("/").content.decode()


def test_changing_a_link_purges_the_cached_page(groups, network, portal_client):
    place(network.ward_a, "links.select")
    client = portal_client(network.ward_a)
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    link = groups["a_select"].links.first()
    link.title_vi = "Cổng mới"
    link.save()
    assert "Cổng mới" in client.get("/").content.decode()


# --- redirect route ----------------------------------------------------------------------


def test_go_redirects_to_own_link(groups, network, portal_client):
    link = groups["a_select"].links.first()
    response = portal_client(network.ward_a).get(f"/lien-ket/chuyen/?link={link.pk}")
    assert response.status_code == 302
    assert response["Location"] == "https://chinhphu.vn/"
    assert not response.cookies


def test_go_refuses_another_portals_link(groups, network, portal_client):
    foreign = groups["b_select"].links.first()
    response = portal_client(network.ward_a).get(f"/lien-ket/chuyen/?link={foreign.pk}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "không tồn tại" in html and "b-secret" not in html


def test_go_bad_input(groups, network, portal_client):
    for query, status, message in (
        ("", 400, "Hãy chọn một trang web"),
        ("?link=", 400, "Hãy chọn một trang web"),
        ("?link=abc", 400, "không hợp lệ"),
        ("?link=-1", 400, "không hợp lệ"),
        ("?link=99999999", 404, "không tồn tại"),
        ("?link=https://evil.example/", 400, "không hợp lệ"),
        ("?link=" + "9" * 40, 400, "không hợp lệ"),
    ):
        response = portal_client(network.ward_a).get(f"/lien-ket/chuyen/{query}")
        assert response.status_code == status, query
        assert message in response.content.decode(), query
        assert "Location" not in response


def test_go_404_when_plugin_off(groups, network, portal_client):
    network.ward_a.enabled_plugins = []
    network.ward_a.save()
    link = groups["a_select"].links.first()
    assert portal_client(network.ward_a).get(f"/lien-ket/chuyen/?link={link.pk}").status_code == 404


def test_index_lists_own_groups_only(groups, network, portal_client):
    response = portal_client(network.ward_a).get("/lien-ket/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cổng TTĐT Chính phủ" in html and "Báo Cà Mau" in html and "Bí mật B" not in html


# --- admin -------------------------------------------------------------------------------------


def test_editor_b_cannot_reach_ward_a_groups(groups, network, client):
    assert_isolated(client, network.editor_b, groups["a_select"], "Cổng Trung ương", HOST)


def _form(portal, title="Nhóm mới", url="https://example.gov.vn/"):
    return {
        "portal": portal.pk,
        "title_vi": title,
        "title_en": "New group",
        "display": "select",
        "sort_order": "0",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "1",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-title_vi": "Trang A",
        "links-0-title_en": "Site A",
        "links-0-url": url,
        "links-0-logo": "",
        "links-0-ORDER": "1",
        "links-0-DELETE": "",
        "links-0-id": "",
    }


def test_editor_a_adds_group_with_links(network, client):
    client.force_login(network.editor_a)
    response = client.post(admin_url(LinkGroup, "add"), _form(network.ward_a), HTTP_HOST=HOST)
    assert response.status_code == 302, response.content.decode()[:2000]
    group = LinkGroup.objects.get(title_vi="Nhóm mới")
    assert group.portal == network.ward_a
    assert [link.url for link in group.links.all()] == ["https://example.gov.vn/"]


def test_admin_bad_input_changes_nothing(network, client):
    for user, url in (
        (network.editor_b, "https://example.gov.vn/"),  # another portal
        (network.editor_a, "javascript:alert(1)"),  # not http(s)
    ):
        client.force_login(user)
        response = client.post(admin_url(LinkGroup, "add"), _form(network.ward_a, url=url), HTTP_HOST=HOST)
        assert response.status_code == 200
        assert not LinkGroup.objects.filter(title_vi="Nhóm mới").exists()


def test_editor_b_cannot_edit_ward_a_group_by_post(groups, network, client):
    client.force_login(network.editor_b)
    group = groups["a_select"]
    response = client.post(admin_url(LinkGroup, "edit", group.pk), _form(network.ward_b, title="Chiếm"), HTTP_HOST=HOST)
    assert response.status_code == 404
    group.refresh_from_db()
    assert group.title_vi == "Cổng Trung ương" and group.portal == network.ward_a


# --- demo --------------------------------------------------------------------------------------------


def test_load_demo_is_idempotent(network, portal_client):
    plugin = registry.get("links")
    out = io.StringIO()
    plugin.load_demo(network.ward_a, out)
    counts = (LinkGroup.objects.count(), Link.objects.count(), BlockPlacement.objects.count())
    plugin.load_demo(network.ward_a, out)
    assert (LinkGroup.objects.count(), Link.objects.count(), BlockPlacement.objects.count()) == counts
    assert LinkGroup.objects.filter(portal=network.ward_a, display="logos").exists()
    html = portal_client(network.ward_a).get("/").content.decode()
    assert "Cổng Dịch vụ công quốc gia" in html
    assert "Phường Tân Thành" in html  # the network group links to sibling portals


def test_admin_forms_render_with_own_portal_only(groups, network, client):
    client.force_login(network.editor_a)
    response = client.get(admin_url(LinkGroup, "add"), HTTP_HOST=HOST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường An Xuyên" in html and "Phường Tân Thành" not in html
    response = client.get(admin_url(LinkGroup, "edit", groups["a_logos"].pk), HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "https://baocamau.vn/" in response.content.decode()
    response = client.get(admin_url(LinkGroup, "inspect", groups["a_logos"].pk), HTTP_HOST=HOST)
    assert response.status_code == 200
