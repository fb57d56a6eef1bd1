"""The spokesperson plugin's oversight duty (``spokesperson.contact``): a spokesperson in
office with phone and e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from plugins.spokesperson.models import Spokesperson
from plugins.spokesperson.oversight import has_contact
from registry.plugins import registry

pytestmark = pytest.mark.django_db


def person(portal, name="Nguyễn Văn Phát", phone="0290 3831 001", email="phatngon@camau.gov.vn", **fields):
    return Spokesperson.objects.create(portal=portal, name=name, position="Chánh Văn phòng", phone=phone, email=email, **fields)


def test_declared_in_the_plugin_contract():
    (duty,) = registry.get("spokesperson").duties
    assert duty.key == "spokesperson.contact" and duty.levels is None
    assert registry.load(duty.check) is has_contact


def test_only_a_spokesperson_in_office_with_phone_and_email_counts(network):
    today = timezone.localdate()
    province, a, b = network.province, network.ward_a, network.ward_b
    ids = [province.pk, a.pk, b.pk]
    assert has_contact(ids) == set()

    person(a, phone="")  # no phone
    person(a, email="")  # no e-mail
    person(b, term_end=today - datetime.timedelta(days=1))  # term over
    person(b, term_start=today + datetime.timedelta(days=3))  # not yet in office
    assert has_contact(ids) == set()

    person(a, term_end=today)  # in office until the end of today
    person(b, term_start=today - datetime.timedelta(days=400), term_end=today + datetime.timedelta(days=30))
    person(province, role=Spokesperson.ROLE_AUTHORISED)  # authorised to speak to the press, open term
    assert has_contact(ids) == {province.pk, a.pk, b.pk}
    assert has_contact([a.pk]) == {a.pk}  # only among the ids asked


def test_one_query_for_the_whole_network(network, django_assert_num_queries):
    person(network.ward_a)
    person(network.ward_b)
    with django_assert_num_queries(1):
        assert has_contact([network.province.pk, network.ward_a.pk, network.ward_b.pk]) == {network.ward_a.pk, network.ward_b.pk}
