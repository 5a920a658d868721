"""Words where they earn their cost: a prefilter picks candidate sentences, only those are segmented
(and tagged when a field asks), and the targets field keeps indicator words whole."""

from __future__ import annotations

from pipeline.extract.context import Context
from pipeline.extract.segmenter import WINDOW, candidates, tagged, word_end, word_start, words
from pipeline.extract.sentences import sentence_spans
from pipeline.extract.targets import find_targets


def _ctx(text: str) -> Context:
    return Context(text=text, sentences=sentence_spans(text))


def test_the_prefilter_lets_through_sentences_with_amounts_codes_dates_or_cues_only():
    ctx = _ctx("Tỷ lệ hộ nghèo còn 3,8%.\nCăn cứ Quyết định số 318/QĐ-TTg.\nHoàn thành trước ngày 30/6/2025.\n"
               "Các đồng chí trong Ban Chấp hành phụ trách địa bàn.\nNơi nhận: như trên.")
    passed = [ctx.text[s:e] for s, e in candidates(ctx)]
    assert passed == ["Tỷ lệ hộ nghèo còn 3,8%.", "Căn cứ Quyết định số 318/QĐ-TTg.", "Hoàn thành trước ngày 30/6/2025."]


def test_a_candidate_is_segmented_into_words_that_are_slices_of_the_text_other_sentences_into_syllables():
    ctx = _ctx("Phấn đấu 80% số xã đạt chuẩn nông thôn mới.\nCác đồng chí phụ trách địa bàn.")
    first = [ctx.text[s:e] for s, e in words(ctx, 0)]
    assert "nông thôn" in first and "Phấn đấu" in first
    second = [ctx.text[s:e] for s, e in words(ctx, ctx.text.index("Các"))]
    assert second == ["Các", "đồng", "chí", "phụ", "trách", "địa", "bàn."]
    second_sentence = ctx.sentence_at(ctx.text.index("Các"))
    assert tagged(ctx, *second_sentence) == []  # not a candidate: never tagged
    assert ("nông thôn", "N") in [(ctx.text[s:e], t) for s, e, t in tagged(ctx, *ctx.sentence_at(0))]


def test_a_stretch_is_segmented_once_however_many_fields_ask_and_a_long_sentence_only_around_the_offset():
    ctx = _ctx("Phấn đấu 80% số xã đạt chuẩn nông thôn mới.")
    assert words(ctx, 10) is words(ctx, 10)
    long = _ctx("Phấn đấu 80% số xã " + "đạt chuẩn nông thôn mới và " * 40 + "có 5 xã.")
    around = words(long, 200)
    assert around and long.text[around[0][0]:around[-1][1]] != long.text.rstrip(".")
    assert around[0][0] >= 200 - WINDOW and around[-1][1] <= 200 + WINDOW


def test_word_boundaries_keep_a_word_whole_but_never_swallow_numbers_or_marks():
    ctx = _ctx("Cử đi học lớp cảm tình đảng 10-12 quần chúng ưu tú, khu dân cư nông thôn mới.")
    inside = ctx.text.index("thôn")
    assert ctx.text[word_start(ctx, inside):inside] == "nông "
    assert ctx.text[ctx.text.index("nông"):word_end(ctx, ctx.text.index("nông") + 4)] == "nông thôn"
    at = ctx.text.index("10-12")  # underthesea joins "đảng 10-12": not a word to extend to
    assert word_end(ctx, at) == at and word_start(ctx, at) == at


def test_an_indicator_ends_on_a_content_word_not_on_a_preposition():
    text = "Kế hoạch năm 2025\nTrồng rừng: 1000-1200 ha rừng tập trung trên 30 xã."
    target = find_targets(_ctx(text))[0]
    assert target.indicator == "rừng tập trung"
    [kept] = find_targets(_ctx("Kế hoạch năm 2025\nTrồng rừng: 1000-1200 ha rừng sản xuất tập trung."))
    assert kept.indicator == "rừng sản xuất tập trung"


def test_spacy_nlp_puts_every_field_on_a_doc_with_factories_that_declare_requires_and_assigns():
    from pipeline import spacy_nlp

    nlp = spacy_nlp()
    doc = nlp("Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022. Phấn đấu tỷ lệ hộ nghèo còn 3,8% vào năm 2025.")
    assert [s.text for s in doc.spans["references"]][0].startswith("Quyết định số 318/QĐ-TTg")
    assert doc.spans["targets"] and "3,8%" in doc.spans["targets"][0].text
    analysis = nlp.analyze_pipes()["summary"]
    assert "doc._.ntm" in analysis["ntm_targets"]["requires"] and "doc.spans" in analysis["ntm_targets"]["assigns"]
    custom = spacy_nlp(["metadata", "references"])
    assert custom.pipe_names == ["ntm_metadata", "ntm_references"]


def test_a_field_cannot_come_before_a_field_it_requires_in_a_spacy_pipeline():
    import pytest

    from pipeline import spacy_nlp

    with pytest.raises(ValueError, match="targets"):
        spacy_nlp(["targets"])
