"""Shared by the plugins' oversight provider tests: the dashboard's windows and a clock
(the ``now`` fixture is in tests/plugins/conftest.py)."""

from __future__ import annotations

import datetime

from sites.oversight import DAYS

__all__ = ["DAYS", "ago"]


def ago(days, now):
    return now - datetime.timedelta(days=days)
