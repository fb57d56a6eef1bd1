"""A portal's identity (sites.PortalIdentity, Settings > Portal identity): its own staff
edit it, the themes show it in the header and footer, and no other portal's staff can
open or change it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupSitePermission

from cms.demo import demo_image
from sites.models import PortalIdentity
from tests.conftest import make_portal


def edit_url(portal):
    return reverse("wagtailsettings:edit", args=["sites", "portalidentity", portal.site_id])


def identity_form(**overrides):
    data = {
        "logo": "",
        "emblem": "",
        "banner": "",
        "favicon": "",
        "tagline_vi": "Chính quyền gần dân, phục vụ nhân dân",
        "tagline_en": "A government close to the people",
        "office_hours_vi": "Thứ Hai đến Thứ Sáu, 7:00 - 17:00",
        "office_hours_en": "Monday to Friday, 7:00 to 17:00",
        "hotline": "0290 3 111 222",
        "fax": "0290 3 111 223",
        "facebook_url": "https://www.facebook.com/phuonganxuyen",
        "youtube_url": "",
        "zalo_url": "https://zalo.me/phuonganxuyen",
    }
    data.update(overrides)
    return data


def staff_client(user):
    client = Client()
    client.force_login(user)
    return client


def identity_of(portal):
    return PortalIdentity.objects.get(site_id=portal.site_id)


def test_editor_edits_own_portal_and_sees_it_in_the_header_and_footer(network, portal_client):
    before = portal_client(network.ward_a).get("/")  # now in the page cache
    assert before["X-Cache"] == "MISS" and "0290 3 111 222" not in before.content.decode()
    editor = staff_client(network.editor_a)
    assert editor.get(edit_url(network.ward_a)).status_code == 200
    response = editor.post(edit_url(network.ward_a), identity_form())
    assert response.status_code == 302, response.content.decode()[:2000]

    body = portal_client(network.ward_a).get("/").content.decode()  # the cached page was purged
    assert "Chính quyền gần dân, phục vụ nhân dân" in body  # header
    footer = body.split('<footer class="site-footer">', 1)[1]
    assert '<a href="tel:02903111222">0290 3 111 222</a>' in footer
    assert "Fax: 0290 3 111 223" in footer
    assert "Giờ làm việc: Thứ Hai đến Thứ Sáu, 7:00 - 17:00" in footer
    assert 'href="https://www.facebook.com/phuonganxuyen"' in footer and 'href="https://zalo.me/phuonganxuyen"' in footer
    assert "YouTube" not in footer  # a link left empty is not shown
    english = portal_client(network.ward_a).get("/en/").content.decode()
    assert "A government close to the people" in english and "Monday to Friday, 7:00 to 17:00" in english
    # Another portal's pages are untouched.
    other = portal_client(network.ward_b).get("/").content.decode()
    assert "0290 3 111 222" not in other and "Chính quyền gần dân" not in other


def test_logo_chosen_from_own_collection_is_shown_in_the_header(network, portal_client):
    logo = demo_image("Biểu trưng phường An Xuyên", collection=network.ward_a.collection, size=(160, 160))
    response = staff_client(network.editor_a).post(edit_url(network.ward_a), identity_form(logo=logo.pk))
    assert response.status_code == 302
    assert identity_of(network.ward_a).logo == logo
    header = portal_client(network.ward_a).get("/").content.decode().split("</header>", 1)[0]
    assert 'class="portal-logo"' in header and 'alt=""' in header  # beside the name it adds nothing to read aloud


def test_settings_menu_opens_the_users_own_portal(network):
    response = staff_client(network.editor_a).get(reverse("wagtailsettings:edit", args=["sites", "portalidentity"]))
    assert response.status_code == 302 and response["Location"] == edit_url(network.ward_a)


def test_editor_of_another_portal_cannot_open_or_change_it(network):
    PortalIdentity.objects.filter(site_id=network.ward_a.site_id).update(hotline="0290 1 000 000")
    editor_b = staff_client(network.editor_b)
    for response in (
        editor_b.get(edit_url(network.ward_a)),
        editor_b.post(edit_url(network.ward_a), identity_form(hotline="0999 999 999")),
    ):
        # Wagtail's admin answers "permission denied" with the dashboard and a message.
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        assert "0290 1 000 000" not in response.content.decode()
    assert identity_of(network.ward_a).hotline == "0290 1 000 000"
    denied = editor_b.get(edit_url(network.ward_a), follow=True).content.decode()
    assert "Bạn không có quyền" in denied and "0290 1 000 000" not in denied
    # Their own portal opens, and the site switcher offers no other portal.
    own = editor_b.get(edit_url(network.ward_b))
    assert own.status_code == 200
    assert network.ward_a.site.hostname not in own.content.decode()


def test_network_admin_edits_any_portal(network):
    response = staff_client(network.network_admin).post(edit_url(network.ward_b), identity_form(hotline="0290 2 000 000"))
    assert response.status_code == 302
    assert identity_of(network.ward_b).hotline == "0290 2 000 000"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hotline", "gọi ngay", "Hãy nhập số điện thoại"),
        ("facebook_url", "javascript:alert(1)", "Hãy nhập địa chỉ web đầy đủ"),
        ("zalo_url", "zalo.me/abc", "Hãy nhập địa chỉ web đầy đủ"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(network, field, value, message):
    before = identity_of(network.ward_a)
    response = staff_client(network.editor_a).post(edit_url(network.ward_a), identity_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    after = identity_of(network.ward_a)
    assert (after.hotline, after.tagline_vi, after.facebook_url) == (before.hotline, before.tagline_vi, before.facebook_url)


def test_logo_from_another_portals_collection_is_refused(network):
    theirs = demo_image("Biểu trưng phường Tân Thành", collection=network.ward_b.collection, size=(160, 160))
    response = staff_client(network.editor_a).post(edit_url(network.ward_a), identity_form(logo=theirs.pk))
    assert response.status_code == 200
    assert identity_of(network.ward_a).logo_id is None


def test_footer_renders_without_an_identity_row(network, portal_client):
    PortalIdentity.objects.filter(site_id=network.ward_a.site_id).delete()
    response = portal_client(network.ward_a).get("/")
    assert response.status_code == 200
    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    assert "Phường An Xuyên" in footer and "Giờ làm việc" not in footer


def test_unknown_hostname_shows_no_portals_identity(network, portal_client):
    PortalIdentity.objects.filter(site_id=network.province.site_id).update(tagline_vi="Khẩu hiệu của tỉnh")
    response = portal_client(None).get("/")
    assert response.status_code == 404
    assert "Khẩu hiệu của tỉnh" not in response.content.decode()  # Wagtail's default-site fallback is not used


def test_identity_costs_one_query_not_one_per_field(network, portal_client):
    def count_home_queries():
        from django.core.cache import cache

        portal_client(network.ward_a).get("/")  # warm Wagtail's site cache
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert portal_client(network.ward_a).get("/").status_code == 200
        return len(queries)

    empty = count_home_queries()
    logo = demo_image("Biểu trưng đếm truy vấn", collection=network.ward_a.collection, size=(160, 160))
    staff_client(network.editor_a).post(edit_url(network.ward_a), identity_form(logo=logo.pk))
    portal_client(network.ward_a).get("/")  # the logo's rendition is made once
    filled = count_home_queries()
    assert filled <= empty + 1  # the logo's rendition; every other field comes with the identity's one query


def test_provisioning_gives_the_identity_and_the_right_to_change_it(network):
    portal = make_portal("Xã Tân Hưng", "c.camau.localhost", parent=network.province)
    assert PortalIdentity.objects.filter(site_id=portal.site_id).count() == 1
    granted = GroupSitePermission.objects.filter(permission__codename="change_portalidentity", site_id=portal.site_id)
    assert set(granted.values_list("group_id", flat=True)) == {portal.editors_group_id, portal.moderators_group_id}
    make_portal("Xã Tân Hưng", "c.camau.localhost", parent=network.province)  # again: nothing new
    assert PortalIdentity.objects.filter(site_id=portal.site_id).count() == 1 and granted.count() == 2
    assert not GroupSitePermission.objects.filter(group_id=portal.editors_group_id).exclude(site_id=portal.site_id).exists()


def test_emblem_banner_favicon_and_footer_text_are_shown(network, portal_client):
    ward = network.ward_a
    images = {
        name: demo_image(f"Ảnh {name}", collection=ward.collection, size=size).pk
        for name, size in (("emblem", (120, 120)), ("banner", (1600, 240)), ("favicon", (64, 64)))
    }
    response = staff_client(network.moderator_a).post(edit_url(ward), identity_form(**images))
    assert response.status_code == 302, response.content.decode()[:2000]
    identity = identity_of(ward)  # rich text comes from Draftail's editor in the admin; set here directly
    identity.footer_text_vi = "<p>Ghi rõ nguồn khi phát hành lại thông tin từ cổng này.</p>"
    identity.footer_text_en = "<p>Cite the source when republishing.</p>"
    identity.save()
    html = portal_client(ward).get("/").content.decode()
    head, header = html.split("</head>", 1)[0], html.split("</head>", 1)[1].split("</header>", 1)[0]
    assert '<link rel="icon" type="image/png" sizes="32x32" href="' in head and ".png" in head
    assert 'class="portal-emblem"' in header and 'class="header-banner"' in header and "has-banner" in header
    assert header.index("portal-emblem") < header.index("portal-title")  # left of the name
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "Ghi rõ nguồn khi phát hành lại thông tin từ cổng này." in footer
    assert "Cite the source when republishing." in portal_client(ward).get("/en/").content.decode()


def test_renditions_come_with_the_hostname_map(network, portal_client):
    """Once the map holds the identity, a page whose images are shown reads no rendition."""
    ward = network.ward_a
    images = {
        name: demo_image(f"Ảnh {name}", collection=ward.collection, size=(200, 200)).pk
        for name in ("logo", "emblem", "banner", "favicon")
    }
    staff_client(network.editor_a).post(edit_url(ward), identity_form(**images))
    portal_client(ward).get("/")  # the map is reloaded and makes the renditions once
    with CaptureQueriesContext(connection) as queries:
        response = portal_client(ward).get("/?utm_source=zalo")  # a page-cache miss
    assert response["X-Cache"] == "MISS" and 'class="portal-logo"' in response.content.decode()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert 'FROM "wagtailimages_rendition"' not in tables and 'FROM "wagtailimages_image"' not in tables


def test_a_ward_footer_shows_its_own_legal_notice_only(network, portal_client):
    """The province fills every field; a ward that left some empty shows nothing there,
    never the province's value."""
    assert network.province.responsible_person and not network.ward_a.responsible_person
    footer = portal_client(network.ward_a).get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    province = network.province
    for value in (province.responsible_person, province.licence, province.email, province.phone):
        assert value not in footer
    assert "Chịu trách nhiệm chính" not in footer and "Giấy phép" not in footer
    assert "Phường An Xuyên" in footer
    own = portal_client(province).get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert f"Chịu trách nhiệm chính: {province.responsible_person}" in own
