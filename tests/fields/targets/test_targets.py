"""The targets step: amounts with units that are levels of an indicator, in sentences of the genre."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.evaluate import Score, match, same_target
from pipeline.extract.context import Context
from pipeline.extract.registry import STEPS
from pipeline.extract.targets import find_targets
from pipeline.extract.targets.indicators import expand_abbreviations
from pipeline.extract.targets.sections import heading_kind, section_map
from pipeline.models_dir import load_json
from pipeline.schema import CriteriaSummary, Reference
from tests.data_examples import examples
from tests.helpers import SHARED_GOLD, shared_documents

LEXICON = load_json("targets/indicators.json")


def targets(text: str, **found) -> list:
    ctx = Context(text=text, found=found)
    found_targets = find_targets(ctx)
    for t in found_targets:
        assert t.text == text[t.span[0]:t.span[1]]
    return found_targets


def only(text: str):
    found = targets(text)
    assert len(found) == 1, [(t.indicator, t.value, t.unit) for t in found]
    return found[0]


# ── the rules' and the lexicon's own examples ────────────────────────────────


@pytest.mark.parametrize("example", examples("targets/rules.json", "comparators.examples"), ids=lambda e: e["text"][:40])
def test_comparator_examples(example):
    t = only(example["text"])
    assert (t.comparator, t.value, t.value_max) == (example["comparator"], example["value"], example.get("value_max"))


@pytest.mark.parametrize("example", examples("targets/rules.json", "not_a_level.examples"), ids=lambda e: e["text"][:40])
def test_not_a_level_examples(example):
    assert [t.value for t in targets(example["text"])] == example["values"]


@pytest.mark.parametrize("example", examples("targets/rules.json", "breakdown.examples"), ids=lambda e: e["text"][:40])
def test_breakdown_examples(example):
    found = targets(example["text"])
    assert [t.value for t in found] == example["values"]
    if "parents" in example:
        assert [t.parent for t in found] == example["parents"]


@pytest.mark.parametrize("example", examples("targets/rules.json", "sections.examples"), ids=lambda e: e["text"][:40])
def test_section_heading_examples(example):
    assert heading_kind(example["text"]) == example["kind"]
    smap = section_map(example["text"] + "\nTỷ lệ hộ nghèo 3%.")
    assert smap.year_at(len(example["text"]) + 1) == example["year"]


@pytest.mark.parametrize("example", examples("targets/rules.json", "verbs.examples"), ids=lambda e: e["text"][:40])
def test_verb_examples(example):
    t = only(example["text"])
    assert t.kind == example["kind"]
    if "year" in example:
        assert t.year == example["year"]


@pytest.mark.parametrize("example", examples("targets/rules.json", "indicator.examples"), ids=lambda e: e["text"][:40])
def test_indicator_phrase_examples(example):
    found = [t for t in targets(example["text"]) if "value" not in example or t.value == example["value"]]
    assert example["indicator"] in [t.indicator for t in found]


@pytest.mark.parametrize(
    "entry, sentence",
    examples("targets/indicators.json", "indicators[].examples"),
    ids=lambda x: x if isinstance(x, str) else x["id"],
)
def test_indicator_lexicon_examples(entry, sentence):
    assert entry["id"] in [t.indicator_id for t in targets(sentence)]


@pytest.mark.parametrize("example", examples("targets/indicators.json", "abbreviations.examples"), ids=lambda e: e["text"])
def test_abbreviation_examples(example):
    assert expand_abbreviations(example["text"]) == example["expanded"]


def test_indicator_ids_are_unique_and_units_known():
    ids = [e["id"] for e in LEXICON["indicators"]]
    assert len(ids) == len(set(ids))
    canonical = {u["canonical"] for u in load_json("grammar/units.json")["units"]}
    per = set(load_json("grammar/units.json")["per_suffixes"]["canonical"].values())
    for entry in LEXICON["indicators"]:  # a rate: a canonical unit per suffix units ('VND/person/year')
        for unit in entry["units"]:
            base, *rest = unit.split("/")
            assert base in canonical and set(rest) <= per, (entry["id"], unit)


@pytest.mark.parametrize("example", examples("targets/rules.json", "tables.examples"), ids=lambda e: e["text"][:30])
def test_table_examples(example):
    found = [[t.indicator, t.value, t.kind, t.year, t.comparator] for t in targets(example["text"])]
    assert found == example["targets"]


def test_a_table_without_a_header_of_indicators_is_read_as_prose():
    text = "Họ và tên\tChức vụ\tĐơn vị\nNguyễn Văn A\tTrưởng thôn\tThôn 3\nTỷ lệ hộ nghèo còn 2,5%."
    assert [t.value for t in targets(text)] == [2.5]


def test_a_tab_does_not_join_a_number_to_the_unit_in_the_next_cell():
    assert targets("3\tHộ nghèo\tHộ\t45") == []


# ── number forms ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text, value, value_max, unit", [
    ("Tổng đàn gia cầm 42.500 con.", 42500, None, "con"),
    ("Sản lượng sắn 3.300 tấn.", 3300, None, "tấn"),
    ("Tỷ lệ hộ nghèo còn 3,8%.", 3.8, None, "%"),
    ("Diện tích đất lúa 1.234,5 ha.", 1234.5, None, "ha"),
    ("Tỷ lệ hộ dùng nước sạch đạt 4.5% năm đầu.", 4.5, None, "%"),
    ("Bồi dưỡng 10-12 quần chúng ưu tú.", 10, 12, "quần chúng"),
    ("Kết nạp từ 4 – 6 đảng viên.", 4, 6, "đảng viên"),
    ("Trồng rừng 800 đến 1.000 ha.", 800, 1000, "ha"),
    ("Làm 750m đường bê tông nội đồng.", 750, None, "m"),
])
def test_number_forms(text, value, value_max, unit):
    t = only(text)
    assert (t.value, t.value_max, t.unit) == (value, value_max, unit)


@pytest.mark.parametrize("text, canonical, unit_canonical", [
    ("Thu nhập bình quân 62,5 triệu đồng/người/năm.", 62.5e6, "VND/person/year"),
    ("Thu ngân sách 7,25 tỷ đồng.", 7.25e9, "VND"),
    ("Năng suất lúa 57 tạ/ha.", 5.7, "tonne_per_hectare"),
    ("Cứng hoá 4,2 km đường trục thôn.", 4200, "metre"),
    ("Tỷ lệ che phủ rừng 63,2%.", 63.2, "percent"),
    ("Đàn bò 1.850 con.", 1850, "count"),
])
def test_canonical_values(text, canonical, unit_canonical):
    t = only(text)
    assert (t.value_canonical, t.unit_canonical) == (pytest.approx(canonical), unit_canonical)


def test_rate_units_stay_whole():
    t = only("Thu nhập bình quân đầu người đạt 55 triệu đồng/người/năm.")
    assert (t.unit, t.unit_canonical, t.value_canonical) == ("triệu đồng/người/năm", "VND/person/year", 55e6)
    assert t.text.endswith("/người/năm")
    assert only("Bình quân toàn huyện đạt 16,9 tiêu chí/xã.").unit == "tiêu chí/xã"
    # "triệu" before visitors is a count, not money
    assert [t.unit for t in targets("Phấn đấu đón 2 triệu lượt khách du lịch.")] != ["triệu"]


# ── comparators ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text, comparator", [
    ("Tỷ lệ lao động qua đào tạo trên 70%.", ">"),
    ("Tỷ lệ người dân tham gia BHYT đạt hơn 90%.", ">"),
    ("Tỷ lệ hộ nghèo dưới 2%.", "<"),
    ("Tỷ lệ hộ nghèo xuống dưới 1,5%.", "<"),
    ("Thu nhập bình quân ít nhất 50 triệu đồng.", ">="),
    ("Tỷ lệ trẻ suy dinh dưỡng tối đa 8%.", "<="),
    ("Tỷ lệ hộ dùng nước sạch đạt 100% trở lên.", ">="),
    ("Tỷ lệ gia đình văn hoá 90%.", "="),
    ("Trên 80% hồ sơ được giải quyết trực tuyến.", ">"),
])
def test_comparators(text, comparator):
    assert only(text).comparator == comparator


# ── what names the indicator ──────────────────────────────────────────────────


def test_indicator_after_the_amount():
    t = only("Trên 90% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến.")
    assert t.indicator.startswith("hồ sơ thủ tục hành chính") and t.indicator_id == "online_public_service_rate"


def test_counted_noun_joins_the_indicator():
    assert only("Phấn đấu kết nạp 7 đảng viên.").indicator == "kết nạp đảng viên"
    assert only("Có 12 thôn đạt chuẩn văn hoá.").indicator == "thôn đạt chuẩn văn hoá"


def test_heading_before_a_colon_names_the_amount():
    t = only("Sản lượng ngô: 920 tấn.")
    assert t.indicator == "Sản lượng ngô"


def test_list_under_a_colon_heading_names_its_heading_as_parent():
    found = targets("Làm đường theo cơ chế hỗ trợ xi măng: 1.200m đường trục thôn; 350m RTN.")
    assert [(t.indicator, t.value) for t in found] == [("đường trục thôn", 1200), ("rãnh thoát nước", 350)]
    assert {t.parent for t in found} == {"Làm đường theo cơ chế hỗ trợ xi măng"}
    assert found[1].text == "350m RTN"


def test_a_rate_broken_by_commas_reads_back_to_its_head():
    t = only("Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân, thấp còi dưới 11%.")
    assert t.indicator == "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân, thấp còi"
    assert t.indicator_id == "malnutrition_rate"


def test_a_bare_measure_takes_the_subject_before_it():
    found = targets("Diện tích ngô 150 ha, năng suất 45 tạ/ha, sản lượng 675 tấn.")
    assert [t.indicator for t in found] == ["Diện tích ngô", "năng suất ngô", "sản lượng ngô"]


def test_parts_of_a_total_in_a_list_item_are_left_out_to_the_end_of_the_item():
    text = ("- Tổng diện tích lúa 400 ha. Trong đó vụ chiêm 220 ha, năng suất 62 tạ/ha; vụ mùa 180 ha. "
            "Khoai lang 25 ha, lạc 40 ha.")
    assert [t.value for t in targets(text)] == [400]


def test_in_prose_a_breakdown_ends_with_its_sentence():
    text = ("Tỷ lệ hộ dùng nước hợp vệ sinh 99%, trong đó nước sạch 70%. "
            "Có 340 hộ đạt gia đình văn hoá, chiếm 88%.")
    found = targets(text)
    assert [t.value for t in found] == [99, 70, 340, 88]
    assert found[1].parent == "Tỷ lệ hộ dùng nước hợp vệ sinh" and found[3].parent is None


def test_a_new_total_ends_a_breakdown():
    text = "Tổng thu ngân sách 10 tỷ đồng, trong đó thu tại xã 2 tỷ đồng; Tổng chi ngân sách 9 tỷ đồng."
    found = targets(text)
    assert [(t.value, t.parent) for t in found] == [(10, None), (2, "Tổng thu ngân sách"), (9, None)]


# ── results and targets, years ────────────────────────────────────────────────

REPORT = """BÁO CÁO
Tình hình thực hiện nhiệm vụ năm 2023, phương hướng nhiệm vụ năm 2024
I. KẾT QUẢ ĐẠT ĐƯỢC
Năm qua, tỷ lệ hộ nghèo còn 4,1%; thu nhập bình quân 48 triệu đồng.
II. MỤC TIÊU, CHỈ TIÊU NĂM 2024
1. Chỉ tiêu kinh tế
- Thu nhập bình quân 52 triệu đồng.
- Phấn đấu đến năm 2025 tỷ lệ hộ nghèo dưới 2% (so với năm 2020 giảm một nửa).
III. NHIỆM VỤ, GIẢI PHÁP
Vận động nhân dân mua thẻ BHYT đạt 92%; tỷ lệ người tham gia bảo hiểm y tế đạt 92%.
IV. TỔ CHỨC THỰC HIỆN
"""


def test_headings_decide_kind_and_year():
    found = {(t.indicator_id, t.value): t for t in targets(REPORT)}
    assert (found["poverty_rate", 4.1].kind, found["poverty_rate", 4.1].year) == ("result", 2023)
    assert (found["income_per_capita", 48].kind, found["income_per_capita", 48].year) == ("result", 2023)
    assert (found["income_per_capita", 52].kind, found["income_per_capita", 52].year) == ("target", 2024)
    assert (found["poverty_rate", 2].kind, found["poverty_rate", 2].year) == ("target", 2025)


def test_a_restated_target_is_reported_once():
    found = [t for t in targets(REPORT) if t.indicator_id == "health_insurance_rate"]
    assert len(found) == 1


def test_result_year_from_the_first_paragraph_of_its_section():
    text = "I. ĐÁNH GIÁ KẾT QUẢ\nĐến hết năm 2022, tỷ lệ lao động qua đào tạo đạt 68%."
    t = only(text)
    assert (t.kind, t.year) == ("result", 2022)


def test_without_headings_or_verbs_the_title_decides_the_kind():
    assert only("BÁO CÁO\nKết quả thực hiện Chương trình năm 2023\nTỷ lệ hộ nghèo 3,9%.").kind == "result"
    assert only("KẾ HOẠCH\nXây dựng nông thôn mới năm 2024\nTỷ lệ hộ nghèo 3,9%.").kind == "target"
    mixed = "BÁO CÁO\nKết quả năm 2023 và phương hướng năm 2024\nTỷ lệ hộ nghèo 3,9%."
    assert only(mixed).kind == "target"


def test_target_year_falls_back_to_the_issue_year():
    class Metadata:
        issued_year = 2025

    t = targets("Tỷ lệ hộ dùng nước sạch 70%.", metadata=Metadata())[0]
    assert t.year == 2025


def test_criteria_counts_are_targets_only_when_planned():
    assert targets("I. KẾT QUẢ\nXã đạt 16 tiêu chí.") == []
    assert only("II. MỤC TIÊU\nHoàn thành 3 tiêu chí còn lại.").value == 3


def test_a_rate_over_100_percent_is_reported_with_a_warning():
    ctx = Context(text="Tỷ lệ hộ dùng nước sạch đạt 108%.")
    (t,) = find_targets(ctx)
    assert t.value == 108 and [w.code for w in ctx.warnings] == ["implausible_percent"]
    assert ctx.warnings[0].span == t.span


# ── what is not a target ──────────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    "Quyết định số 1234/QĐ-UBND ngày 15/6/2023 của UBND huyện.",
    "Thời gian: năm 2024; giai đoạn 2021 - 2025.",
    "12. Tổ chức thực hiện",
    "Tiêu chí số 17 Môi trường; chỉ tiêu 17.5 về nghĩa trang.",
    "Xã đạt 15/19 tiêu chí; 8/8 thôn có nhà văn hoá.",
    "Điện thoại: 0205.3871.456; fax 0205 3871 457.",
    "Xây dựng nhà lớp học 2 tầng 6 phòng.",
    "Tỷ lệ hộ nghèo giảm 1,25% so với năm 2022.",
    "Thu ngân sách đạt 134,5% dự toán huyện giao.",
    "Cử 03 đồng chí tham gia; văn bản lập thành 04 bản.",
    "Thu nhập tăng 3,2 triệu đồng so với năm trước.",
    "Trẻ em dưới 6 tuổi được cấp thẻ.",
])
def test_not_targets(text):
    assert targets(text) == []


def test_numbers_inside_citations_and_criteria_counts_are_skipped():
    text = ("II. MỤC TIÊU\nTheo Nghị quyết số 08/2019/NQ-HĐND về hỗ trợ 50% kinh phí, "
            "bình quân 17,5 tiêu chí/xã; trồng mới 30 ha rừng.")
    assert [t.value for t in targets(text)] == [50, 17.5, 30]
    cited = text.index("Nghị quyết"), text.index(" kinh phí")
    counted = text.index("17,5"), text.index("/xã") + 3
    reference = Reference(span=cited, text=text[cited[0]:cited[1]], mentions=[])
    summary = CriteriaSummary(span=counted, text=text[counted[0]:counted[1]], achieved=17.5, unit="tiêu chí", average=True)
    assert [t.value for t in targets(text, references=[reference], criteria_summaries=[summary])] == [30]


# ── spans ─────────────────────────────────────────────────────────────────────

FRAGMENTS = [
    "Tỷ lệ hộ nghèo còn 2,75%", "thu nhập bình quân 56 triệu đồng/người/năm", "Đàn trâu 1.320 con",
    "Trồng rừng 120-150 ha", "Có 7 thôn đạt chuẩn văn hoá", "Trên 85% hồ sơ giải quyết trực tuyến",
    "năm 2024", "Quyết định số 12/QĐ-UBND", "(giảm 0,5% so với năm 2022)", "trong đó vụ xuân 70 ha",
    "Sản lượng lúa: 1.840 tấn", "- ", "II. MỤC TIÊU NĂM 2025", "tiêu chí số 9 Nhà ở",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8), st.lists(st.sampled_from([", ", "; ", ". ", "\n", " "]), min_size=8, max_size=8))
def test_every_target_is_grounded(fragments, glue):
    text = "".join(f + g for f, g in zip(fragments, glue, strict=False))
    for t in targets(text):
        assert t.text == text[t.span[0]:t.span[1]] and t.text.strip() == t.text
        assert t.indicator and (t.value_max is None or t.value < t.value_max)


# ── the shared corpus ─────────────────────────────────────────────────────────


def _shared_targets(path) -> list[dict]:
    normalized = pipeline.normalize(pipeline.ingest(path))
    ctx = Context(text=normalized.text)
    for name in list(STEPS)[:list(STEPS).index("targets")]:  # the steps before, whose results targets reads
        try:
            ctx.found[name] = STEPS[name](ctx)
        except Exception:  # noqa: BLE001 - targets must work without them; their own tests report them
            ctx.found[name] = None
    found = find_targets(ctx)
    for t in found:
        assert t.text == normalized.text[t.span[0]:t.span[1]]
    return [t.model_dump() for t in found]


def test_targets_f1_and_comparators_on_the_shared_documents():
    total, right, paired = Score(), 0, 0
    for path in shared_documents():
        gold = json.loads((SHARED_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        score, pairs, _ = match(gold.get("targets", []), _shared_targets(path), same_target)
        total.add(score)
        paired += len(pairs)
        right += sum(1 for g, p in pairs if g["comparator"] == p["comparator"])
    assert total.f1 >= 0.85, total.as_dict()
    assert right / paired >= 0.9


# ── issue 11: only programme goals and results are targets ───────────────────


@pytest.mark.parametrize("text", examples("targets/rules.json", "quiet.counter_examples"))
def test_conditions_penalties_and_urls_are_not_targets(text):
    assert targets(text) == []


@pytest.mark.parametrize("example", examples("targets/rules.json", "quiet.examples"), ids=lambda e: e["text"][:30])
def test_a_legal_text_keeps_only_stated_goals(example):
    found = targets(example["text"])
    assert [t.indicator for t in found] == [example["indicator"]] * example["count"]


def test_a_legal_text_without_goals_is_quiet():
    text = ("Điều 1. Đối tượng\nHộ có thu nhập dưới 1.500.000 đồng/người/tháng.\nĐiều 2. Mức hỗ trợ\n"
            "Mức hỗ trợ bằng 70% chi phí, tối đa 30 triệu đồng.\nĐiều 3. Hiệu lực\nThi hành từ ngày ký.")
    assert targets(text) == []
    # the same figures in a plan with no articles are read
    assert targets("Phấn đấu 70% số hộ được hỗ trợ.") != []
