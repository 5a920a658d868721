"""Tone-mark placement, composition and folding of Vietnamese letters."""

import re
import unicodedata

import pytest

from pipeline.normalize.vietnamese import COMBINING_SEQUENCE, canonical, compose, fold, modern_tones


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # oa, oe, uy in an open syllable: the tone moves to the second vowel
        ("hòa", "hoà"), ("hóa", "hoá"), ("hỏa", "hoả"), ("họa", "hoạ"), ("khõa", "khoã"),
        ("khỏe", "khoẻ"), ("xòe", "xoè"), ("lòe", "loè"), ("thủy", "thuỷ"), ("lũy", "luỹ"),
        ("tùy", "tuỳ"), ("thúy", "thuý"), ("Thụy", "Thuỵ"), ("hủy", "huỷ"),
        # capitals and mixed case keep each letter's case
        ("Hòa", "Hoà"), ("HÒA", "HOÀ"), ("Ủy", "Uỷ"), ("ỦY", "UỶ"), ("THỦY", "THUỶ"), ("KHỎE", "KHOẺ"),
        ("hÒa", "hOà"), ("tHủY", "tHuỶ"),
        # no onset
        ("ủy", "uỷ"), ("òa", "oà"),
    ],
)
def test_old_style_tones_move_to_the_second_vowel(old, new):
    assert modern_tones(old) == new


@pytest.mark.parametrize(
    "word",
    [
        "hoà", "thuỷ", "Uỷ", "khoẻ",  # already modern
        "hoàng", "thuyết", "khoảng", "toán", "xoắn", "quyết", "huỳnh",  # final consonant: one style only
        "quý", "Quý", "QUÝ", "quỳ", "quỹ", "qúy",  # qu: the u belongs to the onset
        "của", "mùa", "lúa", "giữa", "mía", "giũa", "chùa", "thưa",  # ua, ưa, ia keep the tone first
        "loại", "ngoài", "hoài", "xoáy",  # three vowels: nothing to move
        "gì", "già", "giỏi",  # gi
        "hoa", "thuy", "khoe",  # no tone
    ],
)
def test_syllables_that_are_the_same_in_both_styles_are_untouched(word):
    assert modern_tones(word) == word


def test_tones_move_inside_running_text_and_next_to_punctuation():
    text = "Văn hóa; thủy lợi, (hòa) “khỏe” Ủy ban hòa-bình hòa.\nthủy\nTrụ sở Ủy ban nhân dân xã Hòa"
    assert modern_tones(text) == (
        "Văn hoá; thuỷ lợi, (hoà) “khoẻ” Uỷ ban hoà-bình hoà.\nthuỷ\nTrụ sở Uỷ ban nhân dân xã Hoà"
    )


def test_a_syllable_is_only_changed_as_a_whole_word():
    # "hòan" would need a final consonant check: the letter after the vowel blocks the move
    assert modern_tones("hòan thủyt") == "hòan thủyt"
    # digits and underscores are not letters: they delimit the syllable
    assert modern_tones("2hòa hòa2 _hòa_") == "2hoà hoà2 _hoà_"


def test_modern_tones_is_idempotent_and_keeps_the_length():
    text = "Hòa Bình, Khánh Hòa, Thủy Nguyên, Ủy ban, hoà thuận, Quý Hợp"
    once = modern_tones(text)
    assert modern_tones(once) == once
    assert len(once) == len(text)


def test_combining_sequences_compose():
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Hòa Cư, tỉnh Lạng Sơn")
    assert COMBINING_SEQUENCE.sub(compose, decomposed) == "Ủy ban nhân dân xã Hòa Cư, tỉnh Lạng Sơn"


def test_windows_1258_style_sequences_compose():
    # cp1258 keeps the vowel's own mark precomposed and adds the tone as a combining character
    assert COMBINING_SEQUENCE.sub(compose, "Vi\u00ea\u0323t Nam, ng\u01b0\u01a1\u0300i d\u00e2n") == "Việt Nam, người dân"
    assert COMBINING_SEQUENCE.sub(compose, "\u0103\u0301") == "ắ"


def test_combining_sequences_compose_whatever_order_the_marks_come_in():
    # dot below (class 220) before circumflex (230) or after it: both compose to the same letter
    assert COMBINING_SEQUENCE.sub(compose, "e\u0323\u0302") == "ệ"
    assert COMBINING_SEQUENCE.sub(compose, "e\u0302\u0323") == "ệ"


def test_combining_sequence_pattern_covers_marks_outside_the_basic_block():
    assert COMBINING_SEQUENCE.fullmatch("a\u1dc0")  # combining diacritical marks supplement
    assert COMBINING_SEQUENCE.fullmatch("a\u20d7")  # combining marks for symbols
    assert not COMBINING_SEQUENCE.search("Việt Nam")  # composed text has none


def test_fold_removes_diacritics_case_and_the_d_stroke():
    assert fold("Thủy lợi") == "thuy loi"
    assert fold("ĐỒNG ĐĂNG") == "dong dang"
    assert fold(unicodedata.normalize("NFD", "Hoà")) == "hoa"


def test_canonical_is_nfc_with_modern_tones():
    assert canonical(unicodedata.normalize("NFD", "Khánh Hòa")) == "Khánh Hoà"
    assert canonical("Uỷ ban") == canonical("Ủy ban") == "Uỷ ban"
    assert re.fullmatch(r"\w+", canonical("thủy"))
