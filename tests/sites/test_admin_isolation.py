"""An editor of one portal is refused, with no data leaked, on every admin route
that names another portal's objects (guessed IDs included); a network admin sees all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from cms.demo import demo_image
from sites.models import PortalIdentity, StandardPage
from tests.testplugin.models import Gadget

SECRET = "Bí mật nội bộ phường An Xuyên"


@pytest.fixture
def ward_a_content(network):
    home = network.ward_a.site.root_page
    page = StandardPage(title=SECRET, slug="bi-mat", summary=SECRET)
    home.add_child(instance=page)
    page.save_revision()  # a draft too
    image = demo_image(SECRET, collection=network.ward_a.collection)
    document = get_document_model().objects.create(
        title=SECRET, collection=network.ward_a.collection, file=SimpleUploadedFile("bi-mat.txt", b"noi dung")
    )
    gadget = Gadget.objects.create(portal=network.ward_a, name=SECRET)
    PortalIdentity.objects.filter(site_id=network.ward_a.site_id).update(tagline_vi=SECRET)
    return {"page": page, "image": image, "document": document, "gadget": gadget}


def page_routes(page):
    return [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:move", args=[page.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[page.pk]),
    ]


def snippet_routes(gadget):
    base = "wagtailsnippets_testplugin_gadget"
    return [
        reverse(f"{base}:edit", args=[gadget.pk]),
        reverse(f"{base}:delete", args=[gadget.pk]),
        reverse(f"{base}:history", args=[gadget.pk]),
        reverse(f"{base}:usage", args=[gadget.pk]),
        reverse(f"{base}:inspect", args=[gadget.pk]),
        reverse("wagtailsnippetchoosers_testplugin_gadget:chosen", args=[gadget.pk]),
    ]


def identity_url(portal):
    """Settings > Portal identity of ``portal`` (Wagtail's site settings view, by site id)."""
    return reverse("wagtailsettings:edit", args=["sites", "portalidentity", portal.site_id])


def assert_refused(response):
    body = response.content.decode(errors="replace")
    assert SECRET not in body, f"{response.request['PATH_INFO']} leaked another portal's data"
    # Wagtail refuses with 403/404, or redirects to the dashboard with a "permission denied" message.
    assert response.status_code in (302, 403, 404), (response.request["PATH_INFO"], response.status_code)


def test_editor_of_another_portal_is_refused_on_every_route(client, network, ward_a_content):
    client.force_login(network.editor_b)
    routes = (
        page_routes(ward_a_content["page"])
        + snippet_routes(ward_a_content["gadget"])
        + [
            reverse("wagtailimages:edit", args=[ward_a_content["image"].pk]),
            reverse("wagtailimages:delete", args=[ward_a_content["image"].pk]),
            reverse("wagtaildocs:edit", args=[ward_a_content["document"].pk]),
            reverse("wagtaildocs:delete", args=[ward_a_content["document"].pk]),
            reverse("sites_portal:edit", args=[network.ward_a.pk]),
            reverse("sites_network_report"),
            identity_url(network.ward_a),
        ]
    )
    for url in routes:
        assert_refused(client.get(url))
    # Writes through guessed IDs change nothing.
    client.post(reverse("wagtailsnippets_testplugin_gadget:delete", args=[ward_a_content["gadget"].pk]))
    client.post(
        reverse("wagtailsnippets_testplugin_gadget:edit", args=[ward_a_content["gadget"].pk]),
        {"name": "x", "portal": network.ward_a.pk},
    )
    client.post(reverse("sites_portal:edit", args=[network.ward_a.pk]), {"name_vi": "x"})
    client.post(identity_url(network.ward_a), {"tagline_vi": "x", "hotline": "0999 999 999"})
    ward_a_content["gadget"].refresh_from_db()
    assert ward_a_content["gadget"].name == SECRET
    network.ward_a.refresh_from_db()
    assert network.ward_a.name == "Phường An Xuyên"
    identity = PortalIdentity.objects.get(site_id=network.ward_a.site_id)
    assert (identity.tagline_vi, identity.hotline) == (SECRET, "")


def test_listings_and_searches_show_only_own_portal(client, network, ward_a_content):
    client.force_login(network.editor_b)
    listings = [
        reverse("wagtailsnippets_testplugin_gadget:list"),
        reverse("wagtailsnippetchoosers_testplugin_gadget:choose"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailadmin_pages:search") + "?q=mat",
        reverse("sites_portal:index"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_home"),
        # The explorer of another portal's home lists none of its pages.
        reverse("wagtailadmin_explore", args=[ward_a_content["page"].get_parent().pk]),
    ]
    for url in listings:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        assert SECRET not in response.content.decode(), f"{url} leaked another portal's data"
    client.force_login(network.moderator_a)
    own = client.get(reverse("sites_portal:index")).content.decode()
    assert "Phường An Xuyên" in own and "Phường Tân Thành" not in own


def test_editor_cannot_move_a_snippet_into_another_portal(client, network):
    client.force_login(network.editor_b)
    response = client.post(reverse("wagtailsnippets_testplugin_gadget:add"), {"name": "Cài cắm", "portal": network.ward_a.pk})
    assert response.status_code == 200  # the form is shown again with an error
    assert not Gadget.objects.filter(name="Cài cắm").exists()
    response = client.post(reverse("wagtailsnippets_testplugin_gadget:add"), {"name": "Của mình", "portal": network.ward_b.pk})
    assert response.status_code == 302
    assert Gadget.objects.get(name="Của mình").portal == network.ward_b


def test_owner_and_network_admin_see_the_objects(client, network, ward_a_content):
    for user in (network.editor_a, network.network_admin):
        client.force_login(user)
        for url in (
            reverse("wagtailsnippets_testplugin_gadget:edit", args=[ward_a_content["gadget"].pk]),
            reverse("wagtailadmin_pages:edit", args=[ward_a_content["page"].pk]),
            reverse("wagtailimages:edit", args=[ward_a_content["image"].pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert SECRET in response.content.decode()


def test_editor_cannot_enable_plugins_on_own_portal(client, network):
    client.force_login(network.moderator_a)
    url = reverse("sites_portal:edit", args=[network.ward_a.pk])
    assert client.get(url).status_code == 200
    before = list(network.ward_a.enabled_plugins)
    response = client.post(
        url,
        {
            "name_vi": "Phường An Xuyên",
            "name_en": "An Xuyen Ward",
            "governing_body_vi": "UBND phường An Xuyên",
            "enabled_plugins": ["gadgets"],
            "level": network.province.level_id,
        },
    )
    assert response.status_code in (200, 302)
    network.ward_a.refresh_from_db()
    assert network.ward_a.enabled_plugins == before
    assert network.ward_a.level.code == "ward"


def test_network_report_lists_every_portal_for_network_admins(client, network):
    import datetime

    from django.utils import timezone

    from sites.models import Portal

    Portal.objects.filter(pk=network.ward_b.pk).update(last_published_at=timezone.now() - datetime.timedelta(days=90))
    Portal.objects.filter(pk=network.province.pk).update(last_published_at=timezone.now())
    client.force_login(network.network_admin)
    response = client.get(reverse("sites_network_report"))
    assert response.status_code == 200
    body = response.content.decode()
    for portal in (network.province, network.ward_a, network.ward_b):
        assert portal.name in body and portal.site.hostname in body

    def row(portal):
        return body.split(f'data-portal="{portal.codename}"')[0].rsplit("<tr", 1)[1]

    assert "portal-stale" in row(network.ward_b)
    assert "portal-stale" not in row(network.province)
    csv = client.get(reverse("sites_network_report") + "?export=csv")
    assert csv.status_code == 200 and "a.camau.localhost" in b"".join(csv.streaming_content).decode()


def test_page_chooser_hides_other_portals_unpublished_pages(client, network):
    home = network.ward_a.site.root_page
    draft = StandardPage(title="Dự thảo chưa công bố", slug="du-thao", live=False)
    home.add_child(instance=draft)

    def chooser(url):
        response = client.get(url)
        return response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content.decode()

    client.force_login(network.editor_b)
    assert "Dự thảo chưa công bố" not in chooser(reverse("wagtailadmin_choose_page_child", args=[home.pk]))
    assert "Dự thảo chưa công bố" not in chooser(reverse("wagtailadmin_choose_page_search") + "?q=thao")
    client.force_login(network.editor_a)
    assert "Dự thảo chưa công bố" in chooser(reverse("wagtailadmin_choose_page_child", args=[home.pk]))


def test_a_refused_page_answers_the_admins_own_404_in_vietnamese(client, network, ward_a_content):
    """What the page gate refuses before Wagtail's view runs looks like Wagtail's own 404
    (the admin's page, a way back to the dashboard), never the public portal's."""
    client.force_login(network.editor_b)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[ward_a_content["page"].pk]),  # refused by AdminPageGateMiddleware
        reverse("wagtailadmin_pages:edit", args=[2**70]),  # an id no database holds
        reverse("wagtailadmin_pages:edit", args=[10**6]),  # refused by Wagtail's view
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404, url
        assert_refused(response)
        assert "Lỗi 404: Không tìm thấy trang" in body and "Về trang quản trị" in body, url
        assert f'href="{reverse("wagtailadmin_home")}"' in body and 'id="wagtail"' in body, url
