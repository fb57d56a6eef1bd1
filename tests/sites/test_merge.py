"""Merging portals after the 2025 reorganisation (issue #16): ward B merged into ward A."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupPagePermission, Locale, Page

from cms.demo import demo_image
from plugins.news.models import ArticlePage, NewsCategoryPage
from plugins.polls.models import Poll
from plugins.questions.models import Question
from plugins.visitors.models import VisitCounter, VisitDay
from registry.plugins import registry
from sites.merging import counts
from sites.models import MergedUnitPage, Portal, StandardPage
from tests.conftest import fresh, load_demos, module_world
from tests.factories import ArticlePageFactory, NewsCategoryPageFactory, PollFactory, QuestionFactory
from tests.plugins.services.conftest import make_procedure
from tests.testplugin.models import Gadget

# Scheduled first (tests/conftest.py): about 100 s on a 2-core machine.
pytestmark = pytest.mark.heavy(100)

A, B = "a.camau.localhost", "b.camau.localhost"


def build(network):
    """Ward A and ward B, each with news (B's in a category A also has, and one A has
    not), an introduction page, an English article, a poll, a question, a gadget of the
    test plugin, visits and an image."""
    a, b = network.ward_a, network.ward_b
    for portal in (a, b):
        portal.enabled_plugins = registry.names()
        portal.save()
    # Both wards hold the demo content of every plugin (legal documents, procedures of
    # their agencies, spokespersons, units and leaders, link groups, polls, questions,
    # visits ...), then the pages this test follows.
    load_demos(a, b)
    world = {}
    for key, portal in (("a", a), ("b", b)):
        home = portal.site.root_page
        news = home.get_children().get(slug="tin-tuc")  # the news demo's
        economy = news.get_children().get(slug="kinh-te")
        world[f"{key}_article"] = ArticlePageFactory(parent=economy, title=f"Kinh tế phường {key.upper()}", slug="kinh-te-phuong")
        about = StandardPage(title=f"Giới thiệu phường {key.upper()}", slug="gioi-thieu-phuong")
        home.add_child(instance=about)
        about.save_revision().publish()
        world[f"{key}_about"] = about
        PollFactory(portal=portal, question=f"Thăm dò {key}", options=["Có", "Không"])
        QuestionFactory(portal=portal, subject=f"Câu hỏi {key}")
        Gadget.objects.create(portal=portal, name=f"gadget {key}")
        VisitCounter.objects.update_or_create(portal=portal, defaults={"total": 1000 if key == "a" else 250})
        demo_image(f"Ảnh {key}", collection=portal.collection)
        make_procedure(f"2.00000{1 if key == 'a' else 2}.H12", f"Thủ tục riêng phường {key.upper()}", agency_portal=portal)
    society = NewsCategoryPageFactory(parent=world["b_article"].get_parent().get_parent(), title="Xã hội", slug="xa-hoi")
    world["b_society"] = ArticlePageFactory(parent=society, title="Tin xã hội phường B", slug="tin-xa-hoi")
    english = Locale.objects.get(language_code="en")
    from cms.page_translation import translate_ancestors

    for ancestor in translate_ancestors(world["b_article"], english):
        Page.objects.get(pk=ancestor.pk).specific.save_revision().publish()
    translated = world["b_article"].copy_for_translation(english)
    translated.title = "Ward B economy"
    translated.save_revision().publish()
    world["b_english"] = translated
    return world


_world = module_world(build)


@pytest.fixture
def wards(_world, db):
    """:func:`build`, once per module; each test merges in its own savepoint."""
    return fresh(_world)


def _paths(portal):
    """Every page path a reader could have bookmarked on ``portal``."""
    paths = []
    for page in Page.objects.live().filter(depth__gt=2):
        parts = page.get_url_parts()
        if parts and parts[0] == portal.site_id:
            paths.append(parts[2])
    return sorted(paths)


def test_merge_moves_everything_and_every_old_url_answers_301(wards, network, client, django_capture_on_commit_callbacks):
    a, b = network.ward_a, network.ward_b
    from tests.conftest import make_portal

    hamlet = make_portal("Ấp Thử", "ap.camau.localhost", parent=b)  # a member of B (as a province's wards)
    old_paths = _paths(b)
    a_paths = _paths(a)
    a_article_url = wards["a_article"].url
    before_a, before_b = counts(a), counts(b)
    assert before_b["pages"] >= 8 and before_b["gadgets.gadget"] == 1 and before_b["visitors.visits"] == 250
    # Every plugin that keeps something per portal has something to move.
    kinds = {kind.split(".")[0] for kind, number in before_b.items() if number}
    assert {p.name for p in registry.all() if p.merge is not None} <= kinds

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("merge_portals", "--from", B, "--into", A, "--no-progress", stdout=out)
    assert "Merged 1 portal(s)" in out.getvalue()

    b = Portal.objects.get(pk=b.pk)
    assert b.merged_into_id == a.pk and b.merged_at is not None and b.enabled_plugins == []
    # Every object is the target's: A holds what both held, per kind (pages: plus the archive sections).
    after_a = counts(Portal.objects.get(pk=a.pk))
    for kind in set(before_a) | set(before_b):
        assert after_a[kind] >= before_a[kind] + before_b[kind], kind
    for model in (Poll, Question, Gadget):
        assert not model.objects.filter(portal=b).exists()
    assert not any(after_a_kind for after_a_kind in counts(Portal.objects.get(pk=b.pk)).values())
    assert not ArticlePage.objects.filter(portal=b).exists()
    assert VisitCounter.objects.get(portal=a).total == before_a["visitors.visits"] + 250
    assert not VisitCounter.objects.filter(portal=b).exists()
    assert not VisitDay.objects.filter(portal=b).exists()
    # B's economy news went into A's own "Tin tức › Kinh tế" (a slug A had: renamed), its
    # society category under A's "Tin tức"; its introduction under an archive section.
    economy_a = Page.objects.get(pk=wards["a_article"].pk).get_parent()
    assert {"kinh-te-phuong", "kinh-te-phuong-b"} <= set(economy_a.get_children().values_list("slug", flat=True))
    assert economy_a.get_parent().get_children().filter(slug="xa-hoi").exists()
    assert NewsCategoryPage.objects.filter(portal=b).count() == 0
    archive = MergedUnitPage.objects.get(slug="b", locale__language_code="vi")
    assert archive.get_parent().pk == a.site.root_page.pk and "Phường Tân Thành" in archive.title
    # B's introduction (and its emptied news section) are kept, in the archive.
    assert {"tin-tuc", "gioi-thieu-phuong"} <= set(archive.get_children().values_list("slug", flat=True))
    # Nothing of A's own changed.
    assert _paths(a)[: len(a_paths)] and set(a_paths) <= set(_paths(a))
    assert ArticlePage.objects.get(pk=wards["a_article"].pk).url == a_article_url

    # Every old URL answers 301 to a new URL that answers 200 (on the target's host).
    assert old_paths
    for path in old_paths + ["/", "/en/", "/hoi-dap/"]:
        response = client.get(path, HTTP_HOST=B)
        assert response.status_code == 301, path
        target = urlsplit(response["Location"])
        assert target.hostname == A, (path, response["Location"])
        landed = client.get(target.path + (f"?{target.query}" if target.query else ""), HTTP_HOST=A)
        assert landed.status_code == 200, (path, response["Location"], landed.status_code)

    # The old staff work on the target; the old groups hold no right any more.
    assert network.editor_b.groups.filter(pk=a.editors_group_id).exists()
    assert not network.editor_b.groups.filter(pk=b.editors_group_id).exists()
    assert not GroupPagePermission.objects.filter(group_id=b.editors_group_id).exists()
    # Out of the member list; B's own members now belong to A.
    assert b not in network.province.members()
    assert Portal.objects.get(pk=hamlet.pk).parent_id == a.pk

    # A rerun changes nothing.
    pages, redirects, held = Page.objects.count(), Redirect.objects.count(), counts(Portal.objects.get(pk=a.pk))
    call_command("merge_portals", "--from", B, "--into", A, "--no-progress", stdout=io.StringIO())
    assert (Page.objects.count(), Redirect.objects.count()) == (pages, redirects)
    assert counts(Portal.objects.get(pk=a.pk)) == held
    assert VisitCounter.objects.get(portal=a).total == before_a["visitors.visits"] + 250


def test_search_finds_moved_content_under_the_target(wards, network, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("merge_portals", "--from", B, "--into", A, "--no-progress", stdout=io.StringIO())
    data = client.get("/api/search/?q=xa+hoi+phuong+B&scope=network", HTTP_HOST="camau.localhost").json()
    moved = [r for r in data["results"] if r["title"] == "Tin xã hội phường B"]
    assert moved and moved[0]["portal"] == A and urlsplit(moved[0]["url"]).hostname == A


def test_dry_run_changes_nothing(wards, network):
    pages, polls = Page.objects.count(), Poll.objects.filter(portal=network.ward_b).count()
    out = io.StringIO()
    call_command("merge_portals", "--from", B, "--into", A, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Dry run" in text and f"polls.poll: {polls} would move" in text and "gadgets.gadget: 1 would move" in text
    assert Page.objects.count() == pages and Poll.objects.filter(portal=network.ward_b).count() == polls
    assert Portal.objects.get(pk=network.ward_b.pk).merged_into_id is None


def test_deactivate_staff_and_refusals(wards, network):
    with pytest.raises(CommandError):
        call_command("merge_portals", "--from", A, "--into", A)
    with pytest.raises(CommandError):
        call_command("merge_portals", "--from", "nowhere.localhost", "--into", A)
    call_command("merge_portals", "--from", B, "--into", A, "--staff", "deactivate", "--no-progress", stdout=io.StringIO())
    network.editor_b.refresh_from_db()
    assert not network.editor_b.is_active
    assert not network.editor_b.groups.filter(pk=network.ward_a.editors_group_id).exists()


def test_moving_a_page_to_another_portal_in_the_admin_leaves_a_redirect(wards, network, client):
    """Wagtail's automatic redirects, across sites: the old address on ward A answers 301
    to the page's new address on ward B."""
    page = StandardPage(title="Lịch tiếp công dân", slug="lich-tiep-cong-dan")
    network.ward_a.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    old_path = page.relative_url(network.ward_a.site)
    client.force_login(network.network_admin)
    target = network.ward_b.site.root_page
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, target.pk]), HTTP_HOST=A)
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).get_parent().pk == target.pk
    client.logout()
    moved = client.get(old_path, HTTP_HOST=A)
    assert moved.status_code == 301
    assert urlsplit(moved["Location"]).hostname == B
    assert client.get(urlsplit(moved["Location"]).path, HTTP_HOST=B).status_code == 200
