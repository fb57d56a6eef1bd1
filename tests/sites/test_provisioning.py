"""Provisioning a network from the official 2025 units, portals under parents, bad input."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site, WorkflowPage

from sites.models import Portal
from sites.network import province_units

# Scheduled first (tests/conftest.py): about 45 s on a 2-core machine.
pytestmark = pytest.mark.heavy(45)


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def counts():
    return (Portal.objects.count(), Site.objects.count(), Page.objects.count(), Group.objects.count())


@pytest.mark.django_db
def test_create_network_from_official_units_and_rerun_changes_nothing():
    # Cà Mau (96) has 64 communes and wards since 2025. The tests' own network is Cà Mau
    # (camau.localhost), so the command provisions Cần Thơ (92) beside it.
    assert len(province_units(96)) == 64
    units = province_units(92)
    assert len(units) == 103 and {u.level for u in units} <= {"ward", "commune", "special_zone"}
    run("create_network", province="92", domain="cantho.gov.vn", limit=5, no_progress=True)
    province = Portal.objects.get(site__hostname="cantho.gov.vn")
    assert province.level.code == "province" and province.name == "Thành phố Cần Thơ"
    assert province.name_en == "Can Tho City"
    members = Portal.objects.filter(parent=province)
    assert members.count() == 5
    first = members.get(admin_code=units[0].code)
    assert first.name == units[0].name and first.site.hostname == f"{units[0].codename}.cantho.gov.vn"
    # Each portal: both language trees, collection, groups, workflow on its tree.
    assert [p.locale.language_code for p in first.root_pages().order_by("locale__language_code")] == ["en", "vi"]
    assert first.collection and first.editors_group and first.moderators_group and first.admins_group
    # Groups are named after the portal, one per role.
    assert [first.editors_group.name, first.moderators_group.name, first.admins_group.name] == [
        f"{units[0].name}: Biên tập viên",
        f"{units[0].name}: Người duyệt",
        f"{units[0].name}: Quản trị cổng",
    ]
    assert WorkflowPage.objects.filter(page=first.site.root_page).exists()
    before = counts()
    run("create_network", province="92", domain="cantho.gov.vn", limit=5, no_progress=True)
    assert counts() == before


@pytest.mark.django_db
def test_interrupted_provisioning_is_completed_by_running_again():
    # The starter kit's own completion is tests/sites/test_starter.py's.
    run("create_network", province="92", domain="cantho.gov.vn", limit=2, no_progress=True, no_starter=True)
    portal = Portal.objects.filter(parent__site__hostname="cantho.gov.vn").first()
    # Simulate a run cut off half-way for this portal: no English tree, no groups, no workflow.
    english = portal.root_pages().get(locale__language_code="en")
    english.delete()
    Portal.objects.filter(pk=portal.pk).update(editors_group=None, moderators_group=None, admins_group=None, provisioned=False)
    WorkflowPage.objects.filter(page=portal.site.root_page).delete()
    run("create_network", province="92", domain="cantho.gov.vn", limit=2, no_progress=True, no_starter=True)
    portal.refresh_from_db()
    assert portal.provisioned and portal.editors_group and portal.moderators_group and portal.admins_group
    assert portal.root_pages().filter(locale__language_code="en").exists()
    assert WorkflowPage.objects.filter(page=portal.site.root_page).exists()


@pytest.mark.django_db
def test_unknown_province_fails_clearly_and_creates_nothing():
    before = counts()
    with pytest.raises(CommandError, match="Unknown province code '999'"):
        run("create_network", province="999", domain="x.gov.vn", no_progress=True)
    assert counts() == before


def test_create_portal_under_a_parent_and_duplicate_hostname_refused(network):
    run(
        "create_portal",
        name="Sở Nội vụ",
        name_en="Department of Home Affairs",
        level="department",
        parent="camau.localhost",
        hostname="sonoivu.camau.localhost",
    )
    department = Portal.objects.get(site__hostname="sonoivu.camau.localhost")
    assert department.parent == network.province and department.level.code == "department"
    before = counts()
    with pytest.raises(CommandError, match="đã được một cổng khác sử dụng"):
        run("create_portal", name="Sở khác", level="department", parent="camau.localhost", hostname="a.camau.localhost")
    assert counts() == before


def test_district_level_is_data(network):
    run("create_portal", name="Huyện Cái Nước", level="district", parent="camau.localhost", hostname="cainuoc.camau.localhost")
    assert Portal.objects.get(site__hostname="cainuoc.camau.localhost").level.name == "Cấp huyện"


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 30 + "-production-secret-" + "y" * 30,
        "ALLOWED_HOSTS": ".camau.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixtures only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
