"""ASCII page slugs from Vietnamese titles (issue #14).

``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` (settings) makes the admin write ASCII slugs and
refuse others; but Wagtail's transliteration tables have no Vietnamese, so a title like
"Phát triển kinh tế" would lose ``á``, ``ể`` and ``ế`` instead of turning them into plain
letters. The slug widget therefore gets, as its formatters (run before Wagtail's own
slugify), one replacement per plain letter built from the one Vietnamese folding
(``registry.text.strip_marks``): ``đ`` → ``d``, every marked vowel → its base. Registered
through Wagtail's form-field override for every ``SlugField`` (pages, snippets, models),
so ``Phát triển Đô thị`` becomes ``phat-trien-do-thi``, as the demo's slugs are.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

from registry.text import strip_marks


def transliteration_formatters() -> list[tuple[str, str]]:
    """``(character class, plain letter)`` pairs: every Latin letter with marks that
    folds to one ASCII letter (Vietnamese included), grouped by that letter."""
    groups: dict[str, list[str]] = defaultdict(list)
    for code_point in range(0xC0, 0x1F00):
        char = chr(code_point)
        plain = strip_marks(char)
        if plain != char and len(plain) == 1 and plain.isascii() and plain.isalpha():
            groups[plain].append(char)
    return [(f"[{''.join(chars)}]", plain) for plain, chars in sorted(groups.items())]


FORMATTERS = transliteration_formatters()


def install() -> None:
    """Every admin slug field transliterates Vietnamese (from ``cms.wagtail_hooks``)."""
    register_form_field_override(models.SlugField, override={"widget": SlugInput(formatters=FORMATTERS)})
