import io

import pytest
from wagtail.models import Page

from plugins.organisation.demo import load_demo
from plugins.organisation.models import ContactOfficial, Leader, LeadersPage, OrganisationPage, Unit
from registry.plugins import registry
from sites.models import Portal, StandardPage

pytestmark = pytest.mark.django_db


def portal(pk):
    return Portal.objects.select_related("site", "level", "parent").get(pk=pk)


def test_demo_is_idempotent_distinct_per_portal_and_makes_both_pages(network):
    a, b = portal(network.ward_a.pk), portal(network.ward_b.pk)
    load_demo(a, io.StringIO())
    counts = (Unit.objects.count(), Leader.objects.count(), ContactOfficial.objects.count(), Page.objects.count())
    load_demo(a, io.StringIO())
    assert counts == (Unit.objects.count(), Leader.objects.count(), ContactOfficial.objects.count(), Page.objects.count())
    load_demo(b, io.StringIO())
    names = {p: set(Leader.objects.filter(portal=p).values_list("full_name", flat=True)) for p in (a, b)}
    assert names[a] and not names[a] & names[b]
    assert "Trung tâm Phục vụ hành chính công" in Unit.objects.filter(portal=a).values_list("name_vi", flat=True)
    assert all(phone.startswith("0290 ") for phone in Leader.objects.filter(portal=a).values_list("phone", flat=True))
    children = Page.objects.child_of(a.site.root_page)
    assert isinstance(children.get(slug="co-cau-to-chuc").specific, OrganisationPage)
    assert isinstance(children.get(slug="lanh-dao").specific, LeadersPage)
    assert OrganisationPage.objects.filter(locale__language_code="en", slug="co-cau-to-chuc").exists()


def test_demo_leaves_a_content_page_at_the_slug_alone(network):
    province = portal(network.province.pk)
    home = province.site.root_page.specific
    existing = StandardPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc")
    home.add_child(instance=existing)
    load_demo(province, io.StringIO())
    assert type(Page.objects.get(pk=existing.pk).specific) is StandardPage
    assert not OrganisationPage.objects.descendant_of(home).exists()
    assert LeadersPage.objects.child_of(home).exists()
    assert Unit.objects.filter(portal=province, name_vi="Sở Nội vụ").exists()  # the province has departments


def test_contract_starter_sections_and_contacts_service(org, network):
    plugin = registry.get("organisation")
    assert plugin.default_levels is None
    sections = {section.key: section for section in plugin.starter_sections}
    assert sections["organisation.chart"].slug == "co-cau-to-chuc" and sections["organisation.chart"].order == 20
    assert sections["organisation.leaders"].page_model == "organisation.LeadersPage"
    contacts = registry.service("organisation.contacts")
    found = contacts(network.ward_a)
    assert [c.full_name for c in found] == ["Ngô Thị Mai"] and found[0].unit.name == "Tổ Một cửa"
    assert contacts(None) == []
    assert {"organisation.Unit", "organisation.Leader", "organisation.ContactOfficial"} == set(plugin.editor_models)
