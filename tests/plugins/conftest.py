"""Fixtures every plugin's tests may use."""

import pytest
from django.utils import timezone


@pytest.fixture
def now():
    """One instant for a test (the oversight providers' ``until``)."""
    return timezone.now()
