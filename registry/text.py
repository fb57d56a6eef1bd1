"""Vietnamese text folding, in one place for the whole product.

People type Vietnamese without diacritics (a phone without a Vietnamese
keyboard, an old spreadsheet), so lookups compare *folded* text:

* :func:`nfc` - Unicode NFC, control and invisible formatting characters as spaces;
* :func:`strip_marks` - without tone and vowel marks, ``đ`` → ``d`` and ``Đ`` → ``D``,
  case kept (``Phường Tân Thành`` → ``Phuong Tan Thanh``);
* :func:`fold` - the same in lower case (``Đăng ký`` → ``dang ky``);
* :func:`lower` - lower case, one character for one.

Each keeps one character for one character of ``nfc(text)``, so a position in
folded text is the same position in the original (search highlights rely on
it). Text in NFD (a base letter followed by combining marks, as some keyboards
and macOS file names write it) folds as its NFC form does. ``Ð``/``ð`` (U+00D0,
U+00F0), which conversions from old Vietnamese encodings write for ``Đ``/``đ``,
fold to ``d`` too.

What callers do with folded text (upper-casing a document symbol, joining words
with ``-`` for a role name, collapsing spaces) is theirs; :func:`fold_words` is
the common case of the last. The search index builds its normalisation
(``search/normalize.py``: tone placement, tokens) on this module.

This module is part of the bottom (registry) layer: it imports no model and no
other project module, so the network (``sites/``), the framework, plugins and
search may all use it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
# D with stroke (Vietnamese) and the eth that legacy encodings put in its place.
_D = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}


def nfc(text: str) -> str:
    """NFC with control and invisible formatting characters turned into spaces."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text or ""))


def lower(text: str) -> str:
    """Lower case, one character for one (``str.lower`` turns ``İ`` into two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=4096)
def _strip_char(char: str) -> str:
    if char < "\u0080":
        return char
    if char in _D:
        return _D[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


# Latin letters with diacritics (Latin-1 to Latin Extended Additional, which
# holds Vietnamese), folded once into tables for str.translate (C speed).
_STRIP_TABLE = {cp: _strip_char(chr(cp)) for cp in range(0x80, 0x2000) if _strip_char(chr(cp)) != chr(cp)}


# Characters past the table (typographic quotes and dashes, other scripts): few in a
# text, found by one search instead of a Python loop over every character.
_PAST_TABLE = re.compile("[\u2000-\U0010ffff]")


def _strip_past_table(match: re.Match) -> str:
    return _strip_char(match.group(0))


def _strip(text: str) -> str:
    if text.isascii():
        return text
    stripped = text.translate(_STRIP_TABLE)
    if stripped.isascii():
        return stripped
    return _PAST_TABLE.sub(_strip_past_table, stripped)


def strip_marks(text: str) -> str:
    """``text`` without diacritics (đ → d, Đ → D), case kept, one character for one of ``nfc(text)``."""
    return _strip(nfc(text))


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d): ``Đường Hòa Bình`` → ``duong hoa binh``."""
    return lower(_strip(nfc(text)))


def fold_nfc(text: str) -> str:
    """:func:`fold` of text that is already NFC (skips that pass; for hot loops)."""
    return lower(_strip(text))


def fold_words(text: str, sep: str = " ") -> str:
    """:func:`fold`, words joined by ``sep``: ``  Biên  tập viên`` → ``bien tap vien``."""
    return sep.join(fold(text).split())
