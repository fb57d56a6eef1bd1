"""Merging portals (sites.merging): the articles and categories moved with the pages;
their ``portal`` keys and the syndication offers follow. Categories are not counted: a
category whose slug the target also has is folded into the target's (its articles move,
the emptied category goes)."""

from __future__ import annotations

from sites.merging import reassign

from .models import NewsCategoryPage


def merge(old, into) -> None:
    reassign(NewsCategoryPage, old, into)
