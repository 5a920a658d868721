"""MappedText: rewrites that remember where every character came from, and the char map."""

import pytest

from pipeline.normalize.mapped import MappedText, char_map, locate, page_offsets


def origins(mapped: MappedText) -> list[int]:
    return list(mapped.origin)


def test_from_raw_maps_every_character_to_itself():
    assert origins(MappedText.from_raw("abc")) == [0, 1, 2]


def test_sub_keeps_the_origin_of_untouched_characters():
    mapped = MappedText.from_raw("a  b   c").sub(r" +", " ")
    assert mapped.text == "a b c"
    assert origins(mapped) == [0, 1, 3, 4, 7]


def test_a_shorter_replacement_maps_onto_the_first_replaced_characters():
    mapped = MappedText.from_raw("xa\u0300y").sub("a\u0300", "à")
    assert mapped.text == "xày"
    assert origins(mapped) == [0, 1, 3]


def test_a_longer_replacement_spreads_over_the_replaced_characters():
    mapped = MappedText.from_raw("x&y").sub("&", "và")
    assert mapped.text == "xvày"
    assert origins(mapped) == [0, 1, 1, 2]


def test_an_insertion_borrows_the_origin_of_the_next_character():
    mapped = MappedText.from_raw("ab").rewrite([(1, 1, "-")])
    assert mapped.text == "a-b" and origins(mapped) == [0, 1, 1]


def test_drop_removes_spans_and_keeps_the_rest_mapped():
    mapped = MappedText.from_raw("0123456789").drop([(1, 3), (5, 8)])
    assert mapped.text == "03489"
    assert origins(mapped) == [0, 3, 4, 8, 9]


def test_rewrites_compose():
    mapped = MappedText.from_raw("a\tb\t\tc").sub(r"\t+", " ").sub("b", "bb")
    assert mapped.text == "a bb c"
    assert origins(mapped) == [0, 1, 2, 2, 3, 5]


def test_a_rewrite_that_changes_nothing_returns_the_same_object():
    mapped = MappedText.from_raw("abc")
    assert mapped.sub("b", "b") is mapped
    assert mapped.sub("z", "y") is mapped


def test_sub_with_a_function():
    mapped = MappedText.from_raw("hòa").sub("ò(a)", lambda m: "o" + m.group(1).replace("a", "à"))
    assert mapped.text == "hoà" and origins(mapped) == [0, 1, 2]


def test_page_offsets():
    assert page_offsets(["ab", "", "cde"], "\n\n") == [0, 4, 6]


def test_char_map_compresses_runs_and_restarts_them_at_each_page():
    pages = ["abc", "de"]
    starts = page_offsets(pages, "\n\n")
    mapped = MappedText.from_raw("abc\n\nde").sub("\n\n", " ")
    runs = char_map(mapped, starts, [1, 2], [len(p) for p in pages])
    assert mapped.text == "abc de"
    # the joining space stands for the page break: it maps to the end of page 1 (offset 3 == its length)
    assert [(r.start, r.length, r.page, r.raw_start) for r in runs] == [(0, 4, 1, 0), (4, 2, 2, 0)]


def test_char_map_breaks_runs_where_text_was_dropped():
    mapped = MappedText.from_raw("abcdef").drop([(2, 4)])
    runs = char_map(mapped, [0], [1], [6])
    assert [(r.start, r.length, r.page, r.raw_start) for r in runs] == [(0, 2, 1, 0), (2, 2, 1, 4)]


def test_char_map_without_page_lengths_keeps_raw_separator_offsets():
    mapped = MappedText.from_raw("ab\n\ncd").sub("\n\n", "\n")
    runs = char_map(mapped, [0, 4], [1, 2])
    assert [(r.start, r.length, r.page, r.raw_start) for r in runs] == [(0, 3, 1, 0), (3, 2, 2, 0)]


def test_char_map_of_an_empty_text_is_empty():
    assert char_map(MappedText.from_raw(""), [0], [1], [0]) == []


def test_char_map_uses_the_pages_own_numbers():
    runs = char_map(MappedText.from_raw("ab\n\ncd"), [0, 4], [7, 8], [2, 2])
    assert {r.page for r in runs} == {7, 8}


@pytest.mark.parametrize(("offset", "expected"), [(0, (1, 0)), (2, (1, 2)), (3, (1, 3)), (4, (2, 0)), (5, (2, 1))])
def test_locate(offset, expected):
    mapped = MappedText.from_raw("abc\n\nde").sub("\n\n", " ")
    runs = char_map(mapped, [0, 5], [1, 2], [3, 2])
    assert locate(runs, offset) == expected
