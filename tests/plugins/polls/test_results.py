"""Percentages: largest remainder method, exactly 100 in total, written the Vietnamese way."""

import pytest
from django.utils import translation

from plugins.polls.models import PollResults, format_percent


@pytest.mark.parametrize(
    "counts",
    [(1, 1, 1), (2, 1), (1, 1, 1, 1, 1, 1, 1), (46, 31, 12, 5), (0, 0, 7), (999, 1), (1, 2, 3, 4, 5, 6, 7, 8, 9, 10), (3,)],
)
def test_shares_sum_to_exactly_100(counts):
    results = PollResults.from_counts([(f"o{i}", c) for i, c in enumerate(counts)])
    assert results.total == sum(counts)
    assert sum(r.tenths for r in results.options) == 1000
    for r in results.options:  # each share is its exact value rounded down or up by one step
        exact = r.count * 1000 / results.total
        assert abs(r.tenths - exact) < 1


def test_no_votes_gives_zero_everywhere():
    results = PollResults.from_counts([("a", 0), ("b", 0)])
    assert results.total == 0 and [r.tenths for r in results.options] == [0, 0]


def test_thirds_are_shown_vietnamese_style():
    with translation.override("vi"):
        shown = [r.percent_display for r in PollResults.from_counts([("a", 1), ("b", 1), ("c", 1)]).options]
    assert shown == ["33,4%", "33,3%", "33,3%"]
    with translation.override("en"):
        assert format_percent(333) == "33.3%"
    with translation.override("vi"):
        assert format_percent(1000) == "100%" and format_percent(500) == "50%" and format_percent(5) == "0,5%"
