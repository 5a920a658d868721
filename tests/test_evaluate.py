import json

from pipeline.evaluate import evaluate, match, same_target, score_document


def test_optional_gold_is_neither_miss_nor_false_positive():
    gold = [{"code": "A", "optional": True}, {"code": "B"}]
    score, _, _ = match(gold, [{"code": "A"}], lambda g, p: g["code"] == p["code"])
    assert (score.tp, score.fp, score.fn) == (0, 0, 1)
    score, _, _ = match(gold, [{"code": "B"}, {"code": "C"}], lambda g, p: g["code"] == p["code"])
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


def test_target_matching_needs_value_unit_and_a_shared_indicator_word():
    gold = {"indicator": "tỷ lệ hộ nghèo", "value": 3.8, "unit": "%"}
    assert same_target(gold, {"indicator": "Tỷ lệ hộ nghèo (đa chiều)", "value": 3.8, "unit": "%"})
    assert not same_target(gold, {"indicator": "Tỷ lệ hộ nghèo", "value": 3.9, "unit": "%"})
    assert not same_target(gold, {"indicator": "Tỷ lệ hộ nghèo", "value": 3.8, "unit": "ha"})
    assert not same_target(gold, {"indicator": "diện tích lúa", "value": 3.8, "unit": "%"})


def test_reference_codes_compare_ignoring_spaces_and_eth_lookalike():
    gold = {"references": [{"code": "318/QĐ-TTg", "date": "2022-03-08"}]}
    pred = {"references": [{"code": "318/QÐ-TTg", "date": "2022-03-09"}]}
    scores, wrong = score_document(gold, pred)
    assert scores["references"].tp == 1
    assert scores["reference_dates"].tp == 0 and wrong["reference_dates"][0]["pred"] == "2022-03-09"


def test_deadlines_count_distinct_dates_and_skip_undated_recurrences():
    gold = {"deadlines": [{"date": "2024-12-31", "granularity": "year"}]}
    pred = {"deadlines": [{"date": "2024-12-31"}, {"date": "2024-12-31"}, {"date": None, "recurrence": "monthly"}]}
    scores, _ = score_document(gold, pred)
    assert (scores["deadlines"].tp, scores["deadlines"].fp, scores["deadlines"].fn) == (1, 0, 0)


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
