"""The one Vietnamese folding (registry.text) and the callers built on it."""

from __future__ import annotations

import unicodedata

import pytest

from registry.text import fold, fold_words, lower, nfc, strip_marks

NFD = "NFD"


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert fold("Đường Điện Biên Phủ") == "duong dien bien phu"
    assert strip_marks("Đường Điện Biên Phủ") == "Duong Dien Bien Phu"  # case kept
    assert fold("QĐ-UBND") == "qd-ubnd"
    # The eth that old Vietnamese encodings wrote for Đ/đ folds the same way.
    assert fold("QÐ-UBND ðồng") == "qd-ubnd dong"


def test_every_tone_and_vowel_mark_goes():
    text = "Hòa Hoà Huế Thuỷ Thủy Ngã Sắc Nặng Hỏi ư ơ â ê ô ă"
    assert fold(text) == "hoa hoa hue thuy thuy nga sac nang hoi u o a e o a"
    assert strip_marks("Ắ Ằ Ẳ Ẵ Ặ Ứ Ừ Ử Ữ Ự") == "A A A A A U U U U U"


@pytest.mark.parametrize("text", ["Thành phố Hồ Chí Minh", "Đăng ký khai sinh", "Nghị định 30/2020/NĐ-CP"])
def test_nfd_input_folds_like_nfc_input(text):
    decomposed = unicodedata.normalize(NFD, text)
    assert decomposed != text  # a base letter followed by combining marks
    assert fold(decomposed) == fold(text)
    assert strip_marks(decomposed) == strip_marks(text)
    assert nfc(decomposed) == text


def test_combining_marks_after_a_letter_are_removed_with_it():
    assert fold("a\u0301") == "a"  # á written as a + combining acute
    assert fold("o\u031b\u0300") == "o"  # ờ as o + horn + grave
    assert fold("D\u0323") == "d"  # Ḍ as D + dot below (composes, then folds)


def test_one_character_for_one_of_the_nfc_text():
    for text in ("Đồng Tháp", "İstanbul", "hoà bình", unicodedata.normalize(NFD, "Hòa Bình")):
        assert len(fold(text)) == len(nfc(text))
        assert len(strip_marks(text)) == len(nfc(text))
    assert lower("İ") == "İ"  # str.lower() would make two characters of it
    assert fold("İ") == "i"


def test_controls_and_invisible_characters_become_spaces():
    assert nfc("Tân\u200bThành\x00") == "Tân Thành "
    assert fold_words("  Biên\ttập \u200b viên\n") == "bien tap vien"
    assert fold_words("Biên tập viên", sep="-") == "bien-tap-vien"


def test_plain_ascii_and_other_scripts_are_left_as_they_are():
    assert fold("17/NQ-CP") == "17/nq-cp"
    assert fold("Москва 北京") == "москва 北京"
    assert fold("") == "" and fold(None) == ""


def test_callers_fold_the_same_way():
    from plugins.legal_documents import symbols
    from plugins.services.models import fold as services_fold
    from search.normalize import fold as search_fold
    from sites.staff import fold as staff_fold
    from sites.staff import parse_role

    assert symbols.fold("1234/QĐ–UBND") == "1234/QD-UBND"  # upper case and one hyphen: the symbol's own rules
    assert symbols.fold_text("Quyết định  về  Đất đai") == "quyet dinh ve dat dai"
    assert services_fold("  Đăng ký   khai sinh ") == "dang ky khai sinh"
    assert search_fold("Hoà Bình Đông") == "hoa binh dong"
    assert staff_fold("Biên_tập-viên") == "bien-tap-vien"
    assert parse_role(unicodedata.normalize(NFD, "Người duyệt")).field == "moderators_group"
