"""The organisation plugin's oversight duty (``organisation.leaders``): leadership contacts
published."""

from __future__ import annotations

import pytest

from plugins.organisation.oversight import leaders_reachable
from registry.plugins import registry
from tests.plugins.organisation.conftest import add_contact, add_leader

pytestmark = pytest.mark.django_db


def test_declared_in_the_plugin_contract():
    (duty,) = registry.get("organisation").duties
    assert duty.key == "organisation.leaders" and duty.levels is None
    assert registry.load(duty.check) is leaders_reachable


def test_a_leader_with_a_phone_or_an_email_meets_it(network, django_assert_num_queries):
    province, a, b = network.province, network.ward_a, network.ward_b
    ids = [province.pk, a.pk, b.pk]
    add_leader(a, "Trần Văn Minh", "Chủ tịch UBND phường")  # no contact
    add_contact(b, "Ngô Thị Mai", "Chuyên viên", phone="0290 3822 111")  # not a leader
    assert leaders_reachable(ids) == set()

    add_leader(a, "Lê Thị Hoa", "Phó Chủ tịch UBND phường", phone="0290 3822 100")
    add_leader(province, "Nguyễn Văn A", "Chủ tịch UBND tỉnh", email="chutich@camau.gov.vn")
    with django_assert_num_queries(1):
        assert leaders_reachable(ids) == {province.pk, a.pk}
    assert leaders_reachable([b.pk, a.pk]) == {a.pk}  # only among the ids asked
