"""The services plugin's oversight providers: changes to the procedures each portal keeps
(``services.procedures``) and the duty of a non-empty procedure list (``services.linked``)."""

from __future__ import annotations

import datetime

import pytest

from plugins.services.models import Procedure
from plugins.services.oversight import linked, procedures
from registry.plugins import registry
from tests.plugins.oversight_helpers import DAYS, ago
from tests.plugins.services.conftest import make_procedure

pytestmark = pytest.mark.django_db


def changed(procedure, at):
    Procedure.objects.filter(pk=procedure.pk).update(updated_at=at)
    return procedure


def test_declared_in_the_plugin_contract():
    plugin = registry.get("services")
    (activity,) = plugin.activities
    (duty,) = plugin.duties
    assert (activity.key, activity.max_days, activity.levels) == ("services.procedures", 90, ("province", "department"))
    assert registry.load(activity.activity) is procedures
    assert duty.key == "services.linked" and registry.load(duty.check) is linked


def test_changes_count_for_the_agency_portal_in_each_window(network, now):
    changed(make_procedure("2.000001.H12", "Thủ tục A1", agency_portal=network.ward_a), ago(5, now))
    changed(make_procedure("2.000002.H12", "Thủ tục A2", agency_portal=network.ward_a), ago(40, now))
    changed(make_procedure("2.000003.H12", "Thủ tục A3", agency_portal=network.ward_a), ago(120, now))
    # No agency portal: the province presents it (Procedure.owner_portal).
    changed(make_procedure("1.000001.H12", "Đăng ký khai sinh"), ago(60, now))

    found = procedures(now, DAYS)

    assert found[network.ward_a.pk] == (ago(5, now), (1, 2))  # 40 days ago: in 90, not in 30
    assert found[network.province.pk] == (ago(60, now), (0, 1))
    assert network.ward_b.pk not in found


def test_nothing_after_until_and_nothing_out_of_force_counts(network, now):
    changed(make_procedure("2.000001.H12", "Thủ tục cũ", agency_portal=network.ward_b), ago(20, now))
    changed(make_procedure("2.000002.H12", "Thủ tục mới", agency_portal=network.ward_b), ago(2, now))
    expired = make_procedure("2.000003.H12", "Hết hiệu lực", agency_portal=network.ward_b, valid_until=datetime.date(2020, 1, 1))
    changed(expired, ago(1, now))

    assert procedures(ago(10, now), DAYS)[network.ward_b.pk] == (ago(20, now), (1, 1))
    assert procedures(now, DAYS)[network.ward_b.pk] == (ago(2, now), (2, 2))  # the expired one left out


def test_linked_follows_the_rule_of_the_portal_list(network):
    province, a, b = network.province, network.ward_a, network.ward_b
    ids = [province.pk, a.pk, b.pk]
    assert linked(ids) == set()  # an empty catalogue

    make_procedure("1.000009.H12", "Hết hiệu lực", valid_until=datetime.date(2020, 1, 1))
    assert linked(ids) == set()  # only procedures in force are listed

    own = make_procedure("2.000005.H12", "Thủ tục riêng của phường A", tiers=("province",), agency_portal=a)
    # The province lists the whole catalogue; ward A its own procedure; ward B nothing of its tier.
    assert linked(ids) == {province.pk, a.pk}
    for portal in (province, a, b):
        assert (portal.pk in linked(ids)) == Procedure.objects.in_force().for_portal(portal).exists()

    own.delete()
    make_procedure("1.000001.H12", "Đăng ký khai sinh", tiers=("ward", "commune"))
    assert linked(ids) == {province.pk, a.pk, b.pk}  # the wards' tier
    assert linked([b.pk]) == {b.pk}  # only among the ids asked


def test_one_query_for_the_whole_network(network, now, django_assert_num_queries):
    changed(make_procedure("2.000001.H12", "Thủ tục A", agency_portal=network.ward_a), ago(1, now))
    changed(make_procedure("2.000002.H12", "Thủ tục B", agency_portal=network.ward_b), ago(1, now))
    changed(make_procedure("1.000001.H12", "Đăng ký khai sinh", tiers=("ward",)), ago(1, now))
    ids = [network.province.pk, network.ward_a.pk, network.ward_b.pk]
    with django_assert_num_queries(1):
        found = procedures(now, DAYS)
    with django_assert_num_queries(1):
        assert linked(ids) == set(ids)
    assert set(found) == {network.province.pk, network.ward_a.pk, network.ward_b.pk}
