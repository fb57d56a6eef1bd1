"""Network oversight (issue #15): the dashboard, thresholds as data, reminders, the admin
home panel, working days."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sites import oversight
from sites.models import FreshnessThreshold, OversightSnapshot, PortalLevel, ReminderLog, StandardPage, StarterPage
from sites.workdays import add_working_days, working_days_between

PROVINCE = "camau.localhost"


def _page(portal, title, days_ago):
    """A content page of ``portal`` last published ``days_ago`` days ago."""
    page = StandardPage(title=title, slug="")
    portal.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    when = timezone.now() - datetime.timedelta(days=days_ago)
    StandardPage.objects.filter(pk=page.pk).update(last_published_at=when, first_published_at=when)
    return page


def _rows(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("sites_oversight"), params, HTTP_HOST=PROVINCE)
    assert response.status_code == 200
    return {row.portal.pk: row for row in response.context["object_list"]}


def test_dashboard_lists_every_portal_for_network_admins(network, client):
    _page(network.ward_a, "Giới thiệu phường", days_ago=5)
    _page(network.ward_b, "Giới thiệu phường B", days_ago=40)
    rows = _rows(client, network.network_admin)
    assert set(rows) == {network.province.pk, network.ward_a.pk, network.ward_b.pk}
    pages_a, pages_b = rows[network.ward_a.pk].kind("core.pages"), rows[network.ward_b.pk].kind("core.pages")
    # Ward A published 5 days ago: fresh, counted in both windows; ward B 40 days ago: stale.
    assert (pages_a.stale, pages_a.counts) == (False, [1, 1])
    assert (pages_b.stale, pages_b.counts) == (True, [0, 1])
    assert rows[network.ward_a.pk].score > rows[network.ward_b.pk].score
    # Lowest score first: the portals that need attention lead.
    client.force_login(network.network_admin)
    listed = [row.portal.pk for row in client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE).context["object_list"]]
    assert listed.index(network.ward_b.pk) < listed.index(network.ward_a.pk)


def test_thresholds_are_data_per_level(network, client):
    _page(network.ward_b, "Giới thiệu", days_ago=40)
    ward = PortalLevel.objects.get(code="ward")
    FreshnessThreshold.objects.create(kind="core.pages", level=ward, max_days=60)
    row = _rows(client, network.network_admin)[network.ward_b.pk]
    assert row.kind("core.pages").stale is False and row.kind("core.pages").max_days == 60
    # Not for the province (its level keeps the default).
    assert _rows(client, network.network_admin)[network.province.pk].kind("core.pages").max_days == 30


def test_moderator_sees_only_their_portal_and_editors_are_refused(network, client):
    rows = _rows(client, network.moderator_a)
    assert set(rows) == {network.ward_a.pk}
    # Filtering by another portal's parent or level shows nothing of other portals.
    assert set(_rows(client, network.moderator_a, parent=network.province.pk)) <= {network.ward_a.pk}
    client.force_login(network.editor_b)
    assert client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE).status_code in (302, 403)


def test_checklist_reads_the_starter_sections(network, client):
    page = _page(network.ward_a, "Liên hệ", days_ago=1)
    starter = StarterPage.objects.create(portal=network.ward_a, key="core.contact", page=page)
    assert _rows(client, network.network_admin)[network.ward_a.pk].duty_met("core.starter") is False
    starter.filled = True
    starter.save()
    assert _rows(client, network.network_admin)[network.ward_a.pk].duty_met("core.starter") is True


def test_export_has_one_row_per_portal(network, client):
    client.force_login(network.network_admin)
    response = client.get(reverse("sites_oversight"), {"export": "csv"}, HTTP_HOST=PROVINCE)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 1 + 3
    assert {row[0] for row in table[1:]} == {network.province.name, network.ward_a.name, network.ward_b.name}
    # Every content kind (last update, 30 and 90 days), every duty, overdue, visits, score.
    assert len(table[0]) == len(table[1]) >= 4 + 3 * len(oversight.all_activities()) + len(oversight.all_duties()) + 3
    xlsx = client.get(reverse("sites_oversight"), {"export": "xlsx"}, HTTP_HOST=PROVINCE)
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_chart_from_daily_snapshots(network, client):
    for weeks in (3, 2, 1, 0):
        oversight.record_snapshots(timezone.now() - datetime.timedelta(weeks=weeks))
    assert OversightSnapshot.objects.count() == 4 * 3
    client.force_login(network.network_admin)
    html = client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE).content.decode()
    assert "<polyline" in html and 'role="img"' in html


def test_send_reminders_dry_run_then_once_per_period(network, mailoutbox, capsys):
    _page(network.ward_b, "Giới thiệu", days_ago=40)
    network.ward_b.moderators_group.user_set.add(network.editor_b)  # a moderator with an e-mail address
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert network.ward_b.name in out and "editor_b@example.vn" in out
    assert mailoutbox == [] and not ReminderLog.objects.exists() and not OversightSnapshot.objects.exists()

    call_command("send_reminders", "--no-progress")
    sent = [m for m in mailoutbox if "editor_b@example.vn" in m.to]
    assert len(sent) == 1 and network.ward_b.name in sent[0].subject
    assert "40" in sent[0].body  # "no update for 40 days"
    assert ReminderLog.objects.filter(portal=network.ward_b).count() == 1
    assert OversightSnapshot.objects.filter(portal=network.ward_b).exists()
    # No repeat within the period.
    count = len(mailoutbox)
    call_command("send_reminders", "--no-progress")
    assert len(mailoutbox) == count and ReminderLog.objects.filter(portal=network.ward_b).count() == 1


def test_admin_home_panel_shows_the_users_overdue_items(network, client):
    _page(network.ward_a, "Giới thiệu", days_ago=45)
    client.force_login(network.moderator_a)
    html = client.get("/admin/", HTTP_HOST=PROVINCE).content.decode()
    assert 'class="w-panel oversight-panel"' in html and network.ward_a.name in html and "45" in html


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2025-11-28", 1, "2025-12-01"),  # Friday + 1 working day: Monday
        ("2025-11-24", 15, "2025-12-15"),  # three weeks of weekdays
        ("2026-02-12", 3, "2026-02-24"),  # Thursday, Friday, then Tết 2026 (14-22 February)
        ("2026-04-29", 1, "2026-05-04"),  # 30/4 and 1/5, then the weekend
    ],
)
def test_working_days_skip_weekends_and_holidays(db, start, days, due):
    start_day = datetime.date.fromisoformat(start)
    assert add_working_days(start_day, days) == datetime.date.fromisoformat(due)
    assert working_days_between(start_day, datetime.date.fromisoformat(due)) == days


def test_dashboard_queries_do_not_grow_with_the_network(network, client, django_assert_max_num_queries):
    """Each kind, duty and kind of overdue work is one query for the whole network."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_portal

    client.force_login(network.network_admin)
    client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE)  # warm the session and the menus
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE)
    queries = len(before.captured_queries)  # read now: the connection keeps a bounded log
    assert queries <= 45
    for n in range(3):
        make_portal(f"Xã Thử {n}", f"xa{n}.camau.localhost", parent=network.province, plugins=network.ward_a.enabled_plugins)
    client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE)  # the hostname map reloads once after portals change
    with django_assert_max_num_queries(queries):
        response = client.get(reverse("sites_oversight"), HTTP_HOST=PROVINCE)
    assert len(response.context["object_list"]) == 6
