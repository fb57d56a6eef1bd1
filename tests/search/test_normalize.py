"""search.normalize's fast paths give what its rules say (TOKEN, the tone swaps, the
words a highlight looks for)."""

import re

import pytest

from registry.text import fold, fold_nfc
from search.normalize import TOKEN, fold_tokens, normalize, normalize_tones, tokens, words_pattern

TEXTS = [
    "Quyết định số 1234/QĐ-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh Cà Mau.",
    "Mã thủ tục 1.000948.000.00.00.H12; lệ phí 50.000 đồng (năm mươi nghìn).",
    "snake_case và __init__ không phải một từ; “ngoặc kép” và «khác» — gạch ngang…",
    "Tỷ lệ\u00a0hồ sơ\u2003đúng hạn đạt 98,5%!",  # no-break and em spaces
    "a" * 1203 + " b",  # runs longer than a token are cut in pieces of 500
    "",
    "   ",
    "x2 ²³ ٣٤ 第一 ﬁ",  # digits and letters of other scripts
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_what_the_token_pattern_finds(text):
    assert tokens(text) == TOKEN.findall(text)
    assert tokens(normalize(text)) == TOKEN.findall(normalize(text))


def test_document_numbers_split_into_their_tokens():
    assert tokens(normalize("1234/QĐ-UBND")) == ["1234", "qđ", "ubnd"]


# The rule as first written: the look-behind before the first letter.
_SLOW_SWAP = None


def _old_style(text):
    from search.normalize import _SWAPS

    global _SLOW_SWAP
    if _SLOW_SWAP is None:
        _SLOW_SWAP = re.compile("(?<![qQ])[oOuU][" + "".join(sorted({k[1] for k in _SWAPS})) + "](?![^\\W_])")
    return _SLOW_SWAP.sub(lambda m: _SWAPS.get(m.group(0), m.group(0)), text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hoà bình, Hoà Bình, HOÀ BÌNH", "hòa bình, Hòa Bình, HÒA BÌNH"),
        ("thuỷ sản, khoẻ mạnh", "thủy sản, khỏe mạnh"),
        ("quý, Quỳnh", "quý, Quỳnh"),  # after q the u is the consonant's
        ("hoàn thành", "hoàn thành"),  # not the end of a syllable
    ],
)
def test_tone_placement(text, expected):
    assert normalize_tones(text) == expected == _old_style(text)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("query", ["quý", "tỉ lệ", "hồ sơ", "ubnd", "h12", "b"])
def test_highlight_pattern_finds_the_tokens_that_fold_to_the_query(text, query):
    """The one pattern a highlight searches finds exactly the tokens whose folded
    spelling is the query's (as the index matches them)."""
    keys = fold_tokens(tokens(normalize(query)))
    folded = fold_nfc(normalize(text))
    expected = [m.group(0) for m in TOKEN.finditer(folded) if fold_tokens([m.group(0)])[0] in keys]
    assert [m.group(0) for m in words_pattern(keys).finditer(folded)] == expected


def test_highlight_pattern_finds_both_spellings_and_whole_words_only():
    text = fold("Quý vị, quí khách và Quỹ; tỷ lệ, tỉ lệ; thống kê; quyết")
    assert [m.group(0) for m in words_pattern(["qui", "ti"]).finditer(text)] == ["quy", "qui", "quy", "ty", "ti"]
    assert not words_pattern(["quy"]).search(text)  # not a token's one spelling: matches no token
    assert not words_pattern([]).search(text)
