"""Targets that share wording with their neighbours: noun lists, enumerations, OCOP stars, multipliers."""

from __future__ import annotations

from pipeline.extract.context import Context
from pipeline.extract.targets import find_targets


def targets(text: str) -> list:
    found = find_targets(Context(text=text, found={}))
    for t in found:
        assert t.text == text[t.span[0]:t.span[1]]
    return found


def summary(text: str) -> list[tuple]:
    return [(t.indicator, t.value, t.unit) for t in targets(text)]


# ── a percentage over a comma list of nouns ──────────────────────────────────


def test_percent_over_a_list_of_nouns_keeps_the_whole_list():
    found = targets("Phấn đấu đến năm 2026 có 60% huyện, thị xã, thành phố đạt chuẩn văn minh.")
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in found] == [
        ("huyện, thị xã, thành phố đạt chuẩn văn minh", 60.0, "%", "=")]
    assert found[0].text.endswith("văn minh")


def test_list_after_a_count_word():
    [t] = targets("Đến năm 2027 phấn đấu 35% số xã, phường, thị trấn đạt chuẩn an toàn thực phẩm.")
    assert t.indicator == "số xã, phường, thị trấn đạt chuẩn an toàn thực phẩm"


def test_list_qualified_by_the_level_it_belongs_to():
    [t] = targets("Phấn đấu đến năm 2028 có 45% huyện, thị xã, thành phố thuộc tỉnh đạt chuẩn nâng cao.")
    assert t.indicator == "huyện, thị xã, thành phố thuộc tỉnh đạt chuẩn nâng cao"


def test_other_qualifiers_do_not_join_the_list():
    [t] = targets("Phấn đấu đến năm 2028 có 45% huyện, thị xã, thành phố thuộc diện khó khăn đạt chuẩn.")
    assert t.indicator == "huyện"


def test_a_clause_after_the_comma_is_no_listed_noun():
    # 'nâng số xã ...' opens a clause of its own: the first count keeps its own words, the second is read
    found = summary("Đến nay đã có 5 xã về đích, nâng số xã đạt chuẩn nâng cao lên 40 xã.")
    assert [v for _, v, _ in found] == [5.0, 40.0]
    assert found[0][0] == "xã về đích"


def test_comma_list_without_a_shared_predicate_is_not_joined():
    # no predicate closes the list: the items after the comma are other things, not one phrase
    [t] = targets("Phấn đấu năm 2026 có 85% hộ gia đình, cơ quan, trường học.")
    assert t.indicator == "hộ gia đình"


def test_comma_before_another_amount_stays_a_boundary():
    found = summary("Phấn đấu đến năm 2026 có 80% số xã, 30% số huyện đạt chuẩn.")
    assert [v for _, v, _ in found] == [80.0, 30.0]
    assert "30" not in found[0][0]


def test_long_segment_is_no_listed_noun():
    [t] = targets("Năm 2026 phấn đấu 90% hộ gia đình, các cơ quan đơn vị trên địa bàn huyện đều đạt chuẩn.")
    assert "cơ quan" not in t.indicator


# ── OCOP products: a count of products, the star rating in the indicator ─────


def test_star_rating_with_a_floor_is_part_of_the_indicator():
    [t] = targets("Kết quả năm 2024, toàn huyện đã có 25 sản phẩm OCOP đạt 3 sao trở lên.")
    assert (t.indicator, t.value, t.unit, t.comparator) == ("sản phẩm OCOP đạt 3 sao trở lên", 25.0, "sản phẩm", "=")


def test_star_rating_right_after_the_products():
    [t] = targets("Năm 2026 phấn đấu 10 sản phẩm OCOP 4 sao.")
    assert (t.indicator, t.value, t.unit) == ("sản phẩm OCOP 4 sao", 10.0, "sản phẩm")
    assert t.text.endswith("4 sao")


def test_no_star_value_is_emitted():
    found = targets("Phấn đấu năm 2026 có thêm 6 sản phẩm được công nhận OCOP từ 3 sao trở lên.")
    assert [(t.value, t.unit) for t in found] == [(6.0, "sản phẩm")]
    assert "3 sao" in found[0].indicator


def test_a_number_after_products_that_is_not_a_rating_stays_apart():
    # 'sao' must be a word of its own: 'sáo', 'saola' are not star ratings
    found = targets("Năm 2026 phấn đấu 10 sản phẩm OCOP, 3 hợp tác xã mới.")
    assert [t.value for t in found] == [10.0, 3.0]
    assert "sao" not in found[0].indicator


# ── one verb of change over several counts: each count its own item ─────────


def test_counts_joined_by_and_after_one_verb_are_two_items():
    found = targets("Trong năm 2024, toàn huyện đã giảm được 9 hộ nghèo và 14 hộ cận nghèo.")
    assert [(t.indicator, t.value, t.unit, t.kind) for t in found] == [
        ("hộ nghèo", 9.0, "hộ", "result"), ("hộ cận nghèo", 14.0, "hộ", "result")]
    assert [t.text for t in found] == ["9 hộ nghèo", "14 hộ cận nghèo"]


def test_communes_of_two_standards_are_two_targets():
    found = summary("Phấn đấu đến năm 2026 tăng thêm 4 xã đạt chuẩn nâng cao và 2 xã đạt chuẩn kiểu mẫu.")
    assert found == [("xã đạt chuẩn nâng cao", 4.0, "xã"), ("xã đạt chuẩn kiểu mẫu", 2.0, "xã")]


def test_a_single_change_stays_no_level():
    assert targets("Năm 2024 toàn xã giảm 6 hộ so với năm 2023.") == []


def test_a_change_followed_by_another_unit_stays_no_level():
    found = summary("Năm 2024 toàn xã giảm 20 hộ nghèo, tỷ lệ hộ nghèo còn 2,1%.")
    assert [v for _, v, _ in found] == [2.1]


def test_each_count_with_its_own_verb_is_not_an_enumeration():
    # 'giảm 8 hộ, ... giảm 12 hộ': two changes, each stays what it is
    assert targets("Năm 2024 số hộ nghèo giảm 8 hộ, hộ cận nghèo giảm 12 hộ.") == []


# ── multipliers: a level only where a goal or a result is stated ─────────────


def test_multiplier_of_a_goal():
    [t] = targets("Đến năm 2027, thu nhập bình quân của cư dân nông thôn tăng ít nhất 1,6 lần so với năm 2021.")
    assert (t.indicator, t.value, t.unit, t.comparator, t.kind, t.year) == (
        "thu nhập bình quân của cư dân nông thôn", 1.6, "lần", ">=", "target", 2027)


def test_multiplier_with_gap_and_a_goal_heading_word():
    [t] = targets("Mục tiêu đến năm 2030 giá trị sản xuất trên một héc-ta gấp 2 lần so với năm 2020.")
    assert (t.value, t.unit, t.year) == (2.0, "lần", 2030)
    assert t.indicator.startswith("giá trị sản xuất") and "gấp" not in t.indicator


def test_multiplier_of_a_result():
    [t] = targets("Năm 2024, thu nhập của hộ tham gia chuỗi liên kết đã tăng 1,4 lần so với năm 2021.")
    assert (t.value, t.unit, t.kind) == (1.4, "lần", "result")
    assert not t.indicator.endswith("đã")


def test_multiplier_in_passing_is_no_level():
    # a comparison with no goal and no report of a result: prices, not a programme level
    assert targets("Giá vật tư nông nghiệp tăng 1,5 lần so với cùng kỳ.") == []


def test_a_multiplier_after_a_breakdown_in_a_list_item_is_its_own_target():
    # the ';' and the other kind of unit close the breakdown opened by 'trong đó'
    found = targets("- Đến năm 2026 có 75% số xã đạt chuẩn, trong đó ít nhất 15% số xã đạt chuẩn nâng cao; "
                    "thu nhập bình quân đầu người tăng ít nhất 1,4 lần so với năm 2021.")
    assert [(t.value, t.unit) for t in found] == [(75.0, "%"), (15.0, "%"), (1.4, "lần")]
    assert found[2].parent is None


def test_parts_of_the_same_unit_after_a_semicolon_stay_parts():
    found = targets("- Năm 2026 trồng 120 ha cây ăn quả, trong đó cam 50 ha; bưởi 40 ha; nhãn 30 ha.")
    assert [t.value for t in found] == [120.0]
