"""A portal's navigation (sites.PortalNavigation, Settings > Portal navigation): its own
staff set a two-level main menu and footer links; the header and footer show them in the
reader's language; another portal's staff can neither open nor change it; saving it purges
the portal's cached pages; pages read it without a query."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupSitePermission, Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield

from sites.models import PortalNavigation, StandardPage
from tests.conftest import make_portal


def edit_url(portal):
    return reverse("wagtailsettings:edit", args=["sites", "portalnavigation", portal.site_id])


def staff_client(user):
    client = Client()
    client.force_login(user)
    return client


def navigation_of(portal):
    return PortalNavigation.objects.get(site_id=portal.site_id)


def add_page(parent, title, slug, **fields):
    page = StandardPage(title=title, slug=slug, summary=title, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def link(url, title_vi, title_en="", children=None):
    value = {"url": url, "title_vi": title_vi, "title_en": title_en}
    if children is not None:
        value["children"] = streamfield(children)
    return ("link", value)


def page_link(page, title_vi="", title_en="", children=None):
    value = {"page": page.pk, "title_vi": title_vi, "title_en": title_en}
    if children is not None:
        value["children"] = streamfield(children)
    return ("page", value)


def menu_form(main_menu=(), footer_links=()):
    return nested_form_data({"main_menu": streamfield(list(main_menu)), "footer_links": streamfield(list(footer_links))})


def header_of(response):
    return response.content.decode().split("</header>", 1)[0]


def footer_of(response):
    return response.content.decode().split('<footer class="site-footer">', 1)[1]


def test_moderator_sets_a_two_level_menu_shown_in_the_header(network, portal_client):
    ward = network.ward_a
    about = add_page(ward.site.root_page, "Giới thiệu", "gioi-thieu")
    history = add_page(about, "Lịch sử", "lich-su")
    before = portal_client(ward).get("/")
    assert before["X-Cache"] == "MISS" and "Lịch sử" not in header_of(before)

    moderator = staff_client(network.moderator_a)
    assert moderator.get(edit_url(ward)).status_code == 200
    form = menu_form(
        [
            page_link(
                about, children=[page_link(history), link("https://dichvucong.gov.vn/", "Dịch vụ công", "Public services")]
            ),
            link("https://camau.gov.vn/", "Cổng tỉnh", "Province portal", children=[]),
        ],
        [link("https://chinhphu.vn/", "Cổng Chính phủ", "Government portal")],
    )
    response = moderator.post(edit_url(ward), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(navigation_of(ward).main_menu) == 2

    page = portal_client(ward).get("/")  # the cached page was purged
    header = header_of(page)
    assert '<li class="menu-item has-submenu">' in header
    assert '<a href="/gioi-thieu/">Giới thiệu</a>' in header
    assert '<a href="/gioi-thieu/lich-su/">Lịch sử</a>' in header
    assert '<a href="https://dichvucong.gov.vn/">Dịch vụ công</a>' in header
    assert 'class="submenu-toggle" aria-expanded="false"' in header and "Menu con: Giới thiệu" in header
    # The moderator's menu replaces the automatic one (pages shown in menus).
    assert header.count('class="submenu"') == 1
    footer = footer_of(page)
    assert '<a href="https://chinhphu.vn/">Cổng Chính phủ</a>' in footer and "Liên kết chân trang" in footer
    # The current page is marked in the sub-menu.
    assert '<a href="/gioi-thieu/lich-su/" aria-current="page">Lịch sử</a>' in header_of(
        portal_client(ward).get("/gioi-thieu/lich-su/")
    )
    # Another portal keeps its own (automatic) menu.
    other = portal_client(network.ward_b).get("/")
    assert "Dịch vụ công" not in header_of(other) and "Cổng Chính phủ" not in footer_of(other)


def test_page_links_follow_the_readers_language(network, portal_client):
    ward = network.ward_a
    about = add_page(ward.site.root_page, "Giới thiệu", "gioi-thieu")
    english = about.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug = "About us", "about-us"
    english.save_revision().publish()
    navigation = navigation_of(ward)
    navigation.main_menu = [
        {"type": "page", "value": {"page": about.pk, "title_vi": "", "title_en": "", "children": []}},
        {"type": "link", "value": {"url": "https://camau.gov.vn/", "title_vi": "Cổng tỉnh", "title_en": "", "children": []}},
    ]
    navigation.save()
    vietnamese = header_of(portal_client(ward).get("/"))
    assert '<a href="/gioi-thieu/">Giới thiệu</a>' in vietnamese
    en = header_of(portal_client(ward).get("/en/"))
    assert '<a href="/en/about-us/">About us</a>' in en
    assert '<a href="https://camau.gov.vn/">Cổng tỉnh</a>' in en  # no English title: the Vietnamese one


def test_empty_menu_keeps_the_automatic_one_and_gone_pages_are_left_out(network, portal_client):
    ward = network.ward_a
    add_page(ward.site.root_page, "Tin tức sự kiện", "tin-tuc-su-kien", show_in_menus=True)
    assert '<a href="/tin-tuc-su-kien/">Tin tức sự kiện</a>' in header_of(portal_client(ward).get("/"))
    gone = add_page(ward.site.root_page, "Trang cũ", "trang-cu")
    navigation = navigation_of(ward)
    navigation.main_menu = [{"type": "page", "value": {"page": gone.pk, "title_vi": "", "title_en": "", "children": []}}]
    navigation.save()
    gone.unpublish()
    header = header_of(portal_client(ward).get("/?after=unpublish"))
    assert "Trang cũ" not in header
    assert "Tin tức sự kiện" in header  # no live link left in the set menu: the automatic one again


def test_ward_moderator_cannot_open_or_change_another_wards_navigation(network):
    navigation = navigation_of(network.ward_b)
    navigation.footer_links = [{"type": "link", "value": {"url": "https://b.example.vn/", "title_vi": "Của B", "title_en": ""}}]
    navigation.save()
    moderator_a = staff_client(network.moderator_a)
    for response in (
        moderator_a.get(edit_url(network.ward_b)),
        moderator_a.post(edit_url(network.ward_b), menu_form(footer_links=[link("https://evil.example/", "Lừa đảo")])),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert navigation_of(network.ward_b).footer_links.raw_data[0]["value"]["title_vi"] == "Của B"
    # Their own opens; the settings menu leads there.
    assert moderator_a.get(edit_url(network.ward_a)).status_code == 200
    generic = moderator_a.get(reverse("wagtailsettings:edit", args=["sites", "portalnavigation"]))
    assert generic.status_code == 302 and generic["Location"] == edit_url(network.ward_a)
    # The network admin edits any portal's.
    admin = staff_client(network.network_admin)
    assert admin.post(edit_url(network.ward_b), menu_form()).status_code == 302
    assert len(navigation_of(network.ward_b).footer_links) == 0


def test_bad_links_are_refused_and_change_nothing(network):
    response = staff_client(network.editor_a).post(
        edit_url(network.ward_a), menu_form(footer_links=[link("javascript:alert(1)", "Xấu")])
    )
    assert response.status_code == 200
    assert len(navigation_of(network.ward_a).footer_links) == 0


def test_navigation_is_read_without_a_query_per_page(network, portal_client):
    """A page-cache miss whose fragments are cached: the set menu costs no query (the
    navigation comes with the hostname map, its resolved links from the fragment cache)."""
    ward = network.ward_a
    about = add_page(ward.site.root_page, "Giới thiệu", "gioi-thieu")

    def uncached_page_queries(marker):
        portal_client(ward).get("/")  # fragments (blocks, menus) cached now
        with CaptureQueriesContext(connection) as queries:
            response = portal_client(ward).get(f"/?utm_source={marker}")  # a path never served
        assert response["X-Cache"] == "MISS"
        return response, queries.captured_queries

    _response, automatic = uncached_page_queries("a")
    navigation = navigation_of(ward)
    navigation.main_menu = [{"type": "page", "value": {"page": about.pk, "title_vi": "", "title_en": "", "children": []}}]
    navigation.footer_links = [
        {"type": "link", "value": {"url": "https://chinhphu.vn/", "title_vi": "Chính phủ", "title_en": ""}}
    ]
    navigation.save()
    response, own = uncached_page_queries("b")
    assert '<a href="/gioi-thieu/">Giới thiệu</a>' in header_of(response) and "Chính phủ" in footer_of(response)
    assert len(own) <= len(automatic)
    for table in ("sites_portalnavigation", "sites_portalidentity", "wagtailcore_site"):
        assert not any(f'FROM "{table}"' in query["sql"] for query in own), table


def test_provisioning_lets_editors_and_moderators_change_the_navigation(network):
    portal = make_portal("Xã Tân Hưng", "c.camau.localhost", parent=network.province)
    assert PortalNavigation.objects.filter(site_id=portal.site_id).count() == 1
    granted = GroupSitePermission.objects.filter(permission__codename="change_portalnavigation", site_id=portal.site_id)
    assert set(granted.values_list("group_id", flat=True)) == {portal.editors_group_id, portal.moderators_group_id}
    make_portal("Xã Tân Hưng", "c.camau.localhost", parent=network.province)  # again: nothing new
    assert PortalNavigation.objects.filter(site_id=portal.site_id).count() == 1 and granted.count() == 2
