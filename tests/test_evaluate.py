import json

from pipeline.evaluate import evaluate, match, same_target, score_document


def test_optional_gold_is_neither_miss_nor_false_positive():
    gold = [{"code": "A", "optional": True}, {"code": "B"}]
    score, _, _ = match(gold, [{"code": "A"}], lambda g, p: g["code"] == p["code"])
    assert (score.tp, score.fp, score.fn) == (0, 0, 1)
    score, _, _ = match(gold, [{"code": "B"}, {"code": "C"}], lambda g, p: g["code"] == p["code"])
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


def test_target_matching_needs_value_whole_unit_comparator_and_the_indicator():
    gold = {"indicator": "tỷ lệ hộ nghèo", "value": 3.8, "unit": "%", "comparator": "<"}
    assert same_target(gold, {"indicator": "Tỷ lệ hộ nghèo (đa chiều)", "value": 3.8, "unit": "%", "comparator": "<"})
    assert not same_target(gold, {"indicator": "Tỷ lệ hộ nghèo", "value": 3.9, "unit": "%", "comparator": "<"})
    assert not same_target(gold, {"indicator": "Tỷ lệ hộ nghèo", "value": 3.8, "unit": "ha", "comparator": "<"})
    assert not same_target(gold, {"indicator": "Tỷ lệ hộ nghèo", "value": 3.8, "unit": "%", "comparator": "="})
    # "tỷ lệ" is shared by every rate: it does not make two indicators agree
    assert not same_target(gold, {"indicator": "Tỷ lệ lao động qua đào tạo", "value": 3.8, "unit": "%",
                                  "comparator": "<"})


def test_indicator_needs_half_the_gold_content_words_or_the_same_id():
    gold = {"indicator": "số xã đạt chuẩn nông thôn mới kiểu mẫu", "value": 4, "unit": "xã", "comparator": "="}
    assert same_target(gold, {"indicator": "xã đạt chuẩn NTM kiểu mẫu", "value": 4, "unit": "xã", "comparator": "="})
    assert not same_target(gold, {"indicator": "toàn huyện có", "value": 4, "unit": "xã", "comparator": "="})
    assert not same_target(gold, {"indicator": "xã", "value": 4, "unit": "xã", "comparator": "="})
    by_id = {"indicator": "hộ dùng nước sạch", "indicator_id": "clean_water", "value": 90, "unit": "%", "comparator": "="}
    assert same_target(by_id, {"indicator": "nước hợp vệ sinh", "indicator_id": "clean_water", "value": 90,
                               "unit": "%", "comparator": "="})
    assert not same_target(by_id, {"indicator": "nước hợp vệ sinh", "indicator_id": "sanitation", "value": 90,
                                   "unit": "%", "comparator": "="})


def test_rate_units_and_ranges_are_compared_whole():
    income = {"indicator": "thu nhập bình quân", "value": 60, "unit": "triệu đồng/người/năm", "comparator": "="}
    assert same_target(income, {**income, "unit": "triệu đồng / người / năm"})
    assert not same_target(income, {**income, "unit": "triệu đồng"})
    span = {"indicator": "xã đạt chuẩn", "value": 12, "value_max": 15, "unit": "xã", "comparator": "="}
    assert same_target(span, {**span, "comparator": "range"})
    assert not same_target(span, {**span, "value_max": None})
    assert not same_target(span, {**span, "value_max": 16, "comparator": "range"})


def test_deadlines_match_date_and_granularity_and_a_repeat_counts_neither_way():
    gold = {"deadlines": [{"date": "2024-12-31", "granularity": "year"},
                          {"date": None, "recurrence": "yearly", "optional": True}]}
    pred = {"deadlines": [{"date": "2024-12-31", "granularity": "year"}, {"date": "2024-12-31", "granularity": "year"},
                          {"date": None, "recurrence": "monthly"}, {"date": None, "text": "trong 10 ngày"}]}
    scores, wrong = score_document(gold, pred)
    # the repeat is neither right nor wrong; the unasked recurrence is wrong; an undated relative item is not scored
    assert (scores["deadlines"].tp, scores["deadlines"].fp, scores["deadlines"].fn) == (1, 1, 0)
    assert wrong["deadlines"] == [{"false_positive": {"recurrence": "monthly"}}]
    quarter = {"deadlines": [{"date": "2024-12-31", "granularity": "quarter"}]}
    scores, _ = score_document(quarter, {"deadlines": [{"date": "2024-12-31", "granularity": "year"}]})
    assert (scores["deadlines"].tp, scores["deadlines"].fp, scores["deadlines"].fn) == (0, 1, 1)


def test_gold_that_does_not_judge_schedules_leaves_undated_recurrences_unscored():
    gold = {"deadlines": [{"date": "2024-12-31", "granularity": "year"}], "targets": []}
    pred = {"deadlines": [{"date": None, "recurrence": "monthly"}, {"date": "2024-06-30", "granularity": "month"}]}
    scores, _ = score_document(gold, pred)
    assert (scores["deadlines"].tp, scores["deadlines"].fp, scores["deadlines"].fn) == (0, 1, 1)
    gazette = {"source": "x", "doc_type": "thong_tu", "deadlines": []}
    assert score_document(gazette, pred)[0]["deadlines"].fp == 2


def test_recurring_gold_needs_the_period_and_the_day_it_gives():
    gold = {"deadlines": [{"date": None, "recurrence": "monthly", "month": None, "day": 20, "granularity": "day"}]}
    good = {"deadlines": [{"date": None, "recurrence": "monthly", "day": 20, "granularity": "day"}]}
    assert score_document(gold, good)[0]["deadlines"].tp == 1
    wrong_day = {"deadlines": [{"date": None, "recurrence": "monthly", "day": 25, "granularity": "day"}]}
    assert score_document(gold, wrong_day)[0]["deadlines"].fp == 1
    several = {"deadlines": [{"date": None, "recurrence": "quarterly|yearly", "optional": True}]}
    scores, _ = score_document(several, {"deadlines": [{"date": None, "recurrence": "yearly"}]})
    assert (scores["deadlines"].tp, scores["deadlines"].fp, scores["deadlines"].fn) == (0, 0, 0)


def test_a_deadline_only_annotation_scores_deadlines_alone():
    gold = {"source": "x", "doc_type": "thong_tu", "deadlines": []}
    pred = {"references": [{"code": "1/2020/TT-BTC"}], "targets": [{"indicator": "a", "value": 1, "unit": "%"}]}
    assert set(score_document(gold, pred)[0]) == {"deadlines"}


def test_reference_codes_compare_ignoring_spaces_and_eth_lookalike():
    gold = {"references": [{"code": "318/QĐ-TTg", "date": "2022-03-08"}]}
    pred = {"references": [{"code": "318/QÐ-TTg", "date": "2022-03-09"}]}
    scores, wrong = score_document(gold, pred)
    assert scores["references"].tp == 1
    assert scores["reference_dates"].tp == 0 and wrong["reference_dates"][0]["pred"] == "2022-03-09"


def test_signer_compares_tone_placement_insensitively():
    gold = {"metadata": {"signer": {"name": "Nguyễn Văn Thuỷ"}}}
    assert score_document(gold, {"metadata": {"signer": {"name": "Nguyễn Văn Thủy"}}})[0]["signer"].tp == 1
    assert score_document(gold, {"metadata": {"signer": {"name": "Nguyễn Văn Thu"}}})[0]["signer"].fn == 1


def test_missing_prediction_counts_every_gold_item_as_missed(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred" / "documents").mkdir(parents=True)
    (tmp_path / "gold" / "a.json").write_text(json.dumps({"references": [{"code": "1/QĐ-UBND"}]}))
    report = evaluate(tmp_path / "gold", tmp_path / "pred")
    assert report.missing == ["a"] and report.totals["references"].fn == 1


def test_every_format_of_a_document_is_scored_against_its_gold(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold" / "a.json").write_text(json.dumps({"references": [{"code": "1/QĐ-UBND"}]}))
    right = {"source": {"format": "txt", "page_sources": ["plain"]}, "references": [{"code": "1/QĐ-UBND"}]}
    wrong = {"source": {"format": "pdf", "page_sources": ["ocr"]}, "references": [{"code": "7/QĐ-UBND"}]}
    (tmp_path / "pred" / "a.txt.json").write_text(json.dumps(right))
    (tmp_path / "pred" / "a.scan300.json").write_text(json.dumps(wrong))
    report = evaluate(tmp_path / "gold", tmp_path / "pred")
    assert set(report.documents) == {"a.txt", "a.scan300"}
    assert report.by_format["txt"]["references"].f1 == 1.0
    assert report.by_format["pdf (ocr)"]["references"].tp == 0


def test_a_communes_criterion_matches_only_the_same_commune():
    from pipeline.evaluate import score_criteria, score_criteria_summaries

    gold = {"criteria": [{"criterion": 2, "status": "met", "unit_name": "Tân Hoà"}, {"criterion": 2, "status": "met"}],
            "criteria_summaries": [{"achieved": 12, "total": None, "unit_name": "Tân Hoà"}]}
    pred = {"criteria": [{"criterion": 2, "status": "met", "unit_name": "Tân  Hòa"},
                         {"criterion": 2, "status": "met", "unit_name": "Tân Hạ"}],
            "criteria_summaries": [{"achieved": 12, "total": None}]}
    score, mismatches = score_criteria(gold, pred)["criteria"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    summary, _ = score_criteria_summaries(gold, pred)["criteria_summaries"]
    assert (summary.tp, summary.fp, summary.fn) == (0, 1, 1)
