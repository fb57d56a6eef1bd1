"""A portal's moderators manage their own portal's redirects (issue #16).

Wagtail's redirects admin (Settings > Redirects) offers every site and lists every
redirect; :class:`cms.permissions.RedirectPermissionPolicy` limits it to the
redirects of the portal's own sites (and of the portals merged into it). The admin
walk (tests/security/test_admin_walk.py) also visits every redirect route with ward
B's redirect; these tests check what a moderator can do.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log

from plugins.polls.models import Poll
from tests.conftest import make_portal


@pytest.fixture
def redirects(network):
    return {
        "a": Redirect.objects.create(site=network.ward_a.site, old_path="/tin-cu-phuong-a", redirect_link="https://a.example/"),
        "b": Redirect.objects.create(site=network.ward_b.site, old_path="/tin-cu-phuong-b", redirect_link="https://b.example/"),
        "all": Redirect.objects.create(site=None, old_path="/toan-mang", redirect_link="https://camau.example/"),
    }


def test_moderator_lists_and_edits_only_their_portals_redirects(client, network, redirects):
    client.force_login(network.moderator_a)
    listing = client.get(reverse("wagtailredirects:index"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "/tin-cu-phuong-a" in body
    assert "/tin-cu-phuong-b" not in body and "/toan-mang" not in body
    assert client.get(reverse("wagtailredirects:edit", args=[redirects["a"].pk])).status_code == 200
    for key in ("b", "all"):
        assert client.get(reverse("wagtailredirects:edit", args=[redirects[key].pk])).status_code == 404
        response = client.post(reverse("wagtailredirects:delete", args=[redirects[key].pk]))
        assert response.status_code == 404
        assert Redirect.objects.filter(pk=redirects[key].pk).exists()
    response = client.post(reverse("wagtailredirects:delete", args=[redirects["a"].pk]))
    assert response.status_code == 302
    assert not Redirect.objects.filter(pk=redirects["a"].pk).exists()


def test_moderator_adds_redirects_on_their_own_site_only(client, network):
    client.force_login(network.moderator_a)
    form = client.get(reverse("wagtailredirects:add"))
    assert form.status_code == 200
    sites = form.context["form"].fields["site"].queryset
    assert list(sites) == [network.ward_a.site]
    data = {"old_path": "/bai-viet-da-chuyen", "is_permanent": "on", "redirect_link": "https://a.example/moi"}
    for site in (network.ward_b.site_id, ""):  # another portal's site, or "all sites"
        response = client.post(reverse("wagtailredirects:add"), {**data, "site": site})
        assert response.status_code == 200 and response.context["form"].errors.get("site")
    assert not Redirect.objects.filter(old_path="/bai-viet-da-chuyen").exists()
    response = client.post(reverse("wagtailredirects:add"), {**data, "site": network.ward_a.site_id})
    assert response.status_code == 302
    assert Redirect.objects.get(old_path="/bai-viet-da-chuyen").site_id == network.ward_a.site_id


def test_redirects_of_a_merged_portal_belong_to_the_portal_it_was_merged_into(client, network):
    old = make_portal("Xã Tân Lộc", "tanloc.camau.localhost", parent=network.province)
    old.merged_into = network.ward_a
    old.merged_at = timezone.now()
    old.save(update_fields=["merged_into", "merged_at"])
    moved = Redirect.objects.create(site=old.site, old_path="/gioi-thieu", redirect_link="https://a.example/gioi-thieu")
    client.force_login(network.moderator_a)
    assert "/gioi-thieu" in client.get(reverse("wagtailredirects:index")).content.decode()
    assert client.get(reverse("wagtailredirects:edit", args=[moved.pk])).status_code == 200
    assert old.site in client.get(reverse("wagtailredirects:add")).context["form"].fields["site"].queryset


def test_editors_have_no_redirects_and_import_is_the_network_admins(client, network):
    client.force_login(network.editor_a)
    assert client.get(reverse("wagtailredirects:index")).status_code in (302, 403)
    client.force_login(network.moderator_a)
    listing = client.get(reverse("wagtailredirects:index")).content.decode()
    assert reverse("wagtailredirects:start_import") not in listing
    assert client.get(reverse("wagtailredirects:start_import")).status_code in (302, 403)
    client.force_login(network.network_admin)
    assert reverse("wagtailredirects:start_import") in client.get(reverse("wagtailredirects:index")).content.decode()
    assert client.get(reverse("wagtailredirects:start_import")).status_code == 200


def test_site_history_shows_only_the_portals_own_objects(client, network):
    own = Poll.objects.create(portal=network.ward_a, question="Thăm dò của phường An Xuyên")
    other = Poll.objects.create(portal=network.ward_b, question="Thăm dò của phường Tân Thành")
    for poll in (own, other):
        log(instance=poll, action="wagtail.create", user=network.network_admin)
    client.force_login(network.moderator_a)
    body = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Thăm dò của phường An Xuyên" in body
    assert "Thăm dò của phường Tân Thành" not in body
