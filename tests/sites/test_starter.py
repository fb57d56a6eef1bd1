"""The starter kit: a new portal is complete on day one, in both languages (sites.starter)."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from sites.models import Portal, StarterPage, StarterSection
from sites.starter import apply_starter, seed_kit
from tests.conftest import fresh, make_portal, module_world

# Every path the rules for state portals ask of a member portal from its first day.
WARD_PATHS = [
    "/",
    "/gioi-thieu/",
    "/co-cau-to-chuc/",
    "/lanh-dao/",
    "/lien-he/",
    "/tin-tuc/",
    "/van-ban/",
    "/thu-tuc/",
    "/hoi-dap/",
    "/so-do-cong/",
]


def _world(network):
    ward = make_portal("Xã Tân Lộc", "tanloc.camau.localhost", level="commune", parent=network.province, starter=True)
    apply_starter(network.province)
    return {"ward": ward, "province": network.province}


_world = module_world(_world)


@pytest.fixture
def world(_world, db):
    return fresh(_world)


def _get(client, portal, path, **params):
    return client.get(path, params, HTTP_HOST=portal.site.hostname)


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_new_portal_answers_every_section_in_both_languages(client, world):
    ward = world["ward"]
    for path in WARD_PATHS:
        assert _get(client, ward, path).status_code == 200, path
        assert _get(client, ward, f"/en{path}").status_code == 200, f"/en{path}"
    # The level's standard categories, with English titles under /en/.
    news = Page.objects.get(slug="tin-tuc", depth=3, path__startswith=ward.site.root_page.path)
    assert sorted(news.get_children().values_list("slug", flat=True)) == ["thong-bao", "tin-hoat-dong"]
    english = _get(client, ward, "/en/tin-tuc/tin-hoat-dong/")
    assert english.status_code == 200 and "Local activities" in english.content.decode()
    assert "Khu phố" not in english.content.decode()


def test_unfilled_sections_show_a_neutral_notice_until_the_agency_publishes(client, world, network):
    ward = world["ward"]
    record = StarterPage.objects.get(portal=ward, key="core.about")
    assert not record.filled
    html = _get(client, ward, "/gioi-thieu/").content.decode()
    assert "Xã Tân Lộc đang cập nhật nội dung của mục này." in html
    assert "lorem" not in html.lower()
    page = record.page.specific
    page.body = [("paragraph", "<p>Xã Tân Lộc có chức năng quản lý nhà nước trên địa bàn.</p>")]
    page.save_revision(user=network.network_admin).publish(user=network.network_admin)
    record.refresh_from_db()
    assert record.filled and record.filled_at is not None
    html = _get(client, ward, "/gioi-thieu/").content.decode()
    assert "quản lý nhà nước trên địa bàn" in html and "đang cập nhật nội dung" not in html


def test_applying_the_kit_again_changes_nothing_and_the_dry_run_changes_nothing(world):
    before = Page.objects.count()
    result = apply_starter(world["ward"])
    assert result.created == [] and result.translated == []
    out = io.StringIO()
    call_command("provision_starter", "--all", "--dry-run", "--no-progress", stdout=out)
    # The test network's wards were made without the kit: the dry run names what they lack.
    assert "a.camau.localhost: would create core.about" in out.getvalue()
    ward_line = next(line for line in out.getvalue().splitlines() if line.startswith("a.camau.localhost:"))
    assert "news.index" in ward_line and "news.local" in ward_line  # and the categories under it
    assert "Nothing was changed" in out.getvalue()
    assert Page.objects.count() == before


def test_the_kit_is_data_network_admins_edit(world, network, client):
    about = StarterSection.objects.get(key="core.about", level__isnull=True)
    about.title_vi, about.title_en = "Giới thiệu chung", "General information"
    about.save()
    StarterSection.objects.filter(key="core.sitemap").update(enabled=False)
    ward = make_portal("Xã Tân Hưng", "tanhung.camau.localhost", level="commune", parent=network.province, starter=True)
    home = ward.site.root_page
    slugs = dict(home.get_children().values_list("slug", "title"))
    assert slugs["gioi-thieu"] == "Giới thiệu chung" and "so-do-cong" not in slugs
    assert "General information" in _get(client, ward, "/en/gioi-thieu/").content.decode()
    assert seed_kit() == 0  # an edited or switched-off section is never seeded again


def test_a_section_of_a_plugin_switched_off_is_not_created(network):
    ward = make_portal(
        "Xã Không Tin", "khongtin.camau.localhost", level="commune", parent=network.province, plugins=[], starter=True
    )
    slugs = set(ward.site.root_page.get_children().values_list("slug", flat=True))
    assert {"gioi-thieu", "lien-he", "so-do-cong"} <= slugs
    assert not slugs & {"tin-tuc", "van-ban", "co-cau-to-chuc", "lanh-dao"}


def test_member_directory_lists_the_network_and_finds_without_diacritics(client, world, network, django_assert_max_num_queries):
    province = world["province"]
    _get(client, province, "/cong-thanh-vien/")  # the hostname map, menu and blocks cached
    with django_assert_max_num_queries(8):
        html = _get(client, province, "/cong-thanh-vien/", q="").content.decode()
    members = Portal.objects.exclude(pk=province.pk)
    assert f"{members.count()} cổng thành viên" in html
    for member in members:
        assert f'href="{member.site.root_url}/"' in html
    assert "Phường" in html and "Xã" in html  # grouped by level
    found = _main(_get(client, province, "/cong-thanh-vien/", q="tan thanh"))
    assert "Phường Tân Thành" in found and "Phường An Xuyên" not in found
    assert "1 cổng thành viên" in found
    # Only the province has the directory; a ward's kit does not.
    assert _get(client, world["ward"], "/cong-thanh-vien/").status_code == 404


def test_site_map_lists_public_pages_and_plugin_sections_only(client, world, django_assert_max_num_queries):
    ward = world["ward"]
    about = StarterPage.objects.get(portal=ward, key="core.about").page
    secret = about.add_child(instance=type(about.specific)(title="Hồ sơ nội bộ", slug="noi-bo"))
    secret.save_revision().publish()
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    _get(client, ward, "/so-do-cong/")
    with django_assert_max_num_queries(8):
        html = _get(client, ward, "/so-do-cong/", v="1").content.decode()
    assert 'href="/gioi-thieu/"' in html and 'href="/tin-tuc/thong-bao/"' in html
    assert 'href="/thu-tuc/"' in html and 'href="/hoi-dap/"' in html
    assert "Hồ sơ nội bộ" not in html
    english = _get(client, ward, "/en/so-do-cong/").content.decode()
    assert 'href="/en/gioi-thieu/"' in english and 'href="/en/thu-tuc/"' in english


def test_contact_page_shows_the_portals_own_details(client, world):
    ward = world["ward"]
    ward.address, ward.phone, ward.email = "Ấp 3, xã Tân Lộc, tỉnh Cà Mau", "0290 3888 123", "tanloc@camau.gov.vn"
    ward.save()
    html = _get(client, ward, "/lien-he/").content.decode()
    assert "Ấp 3, xã Tân Lộc, tỉnh Cà Mau" in html and 'href="tel:02903888123"' in html
    assert "tanloc@camau.gov.vn" in html and "ubnd@camau.gov.vn" not in html


def test_network_admins_edit_the_kit_in_settings_and_portal_staff_cannot(client, world, network):
    about = StarterSection.objects.get(key="core.about", level__isnull=True)
    client.force_login(network.moderator_a)
    assert client.get("/admin/starter-kit/").status_code == 302  # refused: back to the dashboard
    assert client.get(f"/admin/starter-kit/edit/{about.pk}/").status_code == 302
    client.force_login(network.network_admin)
    assert client.get("/admin/starter-kit/new/").status_code == 302  # sections come from code
    form = client.get(f"/admin/starter-kit/edit/{about.pk}/").content.decode()
    assert 'name="title_en"' in form and 'name="key"' not in form  # the key is shown, not edited
    data = {
        "title_vi": "Giới thiệu chung",
        "title_en": "About us",
        "intro_vi": about.intro_vi,
        "intro_en": about.intro_en,
        "slug": "gioi-thieu",
        "sort_order": 10,
        "show_in_menus": "on",
        "enabled": "on",
    }
    assert client.post(f"/admin/starter-kit/edit/{about.pk}/", data).status_code == 302
    about.refresh_from_db()
    assert (about.title_vi, about.title_en) == ("Giới thiệu chung", "About us")
