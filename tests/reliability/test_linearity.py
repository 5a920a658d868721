"""Linearity: every step of extraction costs a bounded amount per item, so time grows linearly with
the text. Sentences are capped (a run-on "sentence" is cut at spaces) and clause look-backs are
bounded; adversarial inputs that used to take minutes extract with the span contract intact. The
timing ratios (doubling an input at most ~2.2x its time) are measured in bench/linearity.py; these
tests bound sizes and structure, and a hard timeout fails a regression."""

from __future__ import annotations

import pytest

from pipeline import extract, normalize
from pipeline.extract.sentences import MAX_SENTENCE, sentence_spans
from pipeline.extract.targets.phrases import MAX_CLAUSE, clause_start, last_colon
from pipeline.schema import Document, Page

pytestmark = pytest.mark.timeout(240)

ADVERSARIAL = {  # name → text; sizes a quarter of the issue's, where quadratic steps took seconds
    "percentages": "Phấn đấu tỷ lệ hộ nghèo giảm " + ", ".join(f"chỉ tiêu {i} đạt {i % 97},5%" for i in range(1250)),
    "numbered": "1. " * 12_500,
    "criteria": "đạt 19/19 tiêu chí " * 500,
}


def _extract(text: str):
    doc = Document(source="x.txt", sha256="0" * 64, format="txt", pages=[Page(number=1, text=text, source="plain")])
    return extract(normalize(doc))


def test_no_sentence_is_longer_than_the_cap_and_none_loses_text():
    text = ("xã đạt chuẩn nông thôn mới " * 400 + "\n") * 3 + "x" * (3 * MAX_SENTENCE)
    spans = sentence_spans(text)
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_short_sentences_are_unchanged():
    text = "Xã đạt 17/19 tiêu chí. Phấn đấu đạt 19/19 tiêu chí năm 2025.\nHộ nghèo còn 2,5%."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Xã đạt 17/19 tiêu chí.", "Phấn đấu đạt 19/19 tiêu chí năm 2025.", "Hộ nghèo còn 2,5%."]


def test_clause_look_backs_are_bounded():
    text = "a" * (5 * MAX_CLAUSE)
    assert clause_start(text, 0, len(text)) == len(text) - MAX_CLAUSE
    assert last_colon(":" + text, 0, len(text) + 1) is None  # the colon is out of reach
    assert last_colon("Chỉ tiêu: 5%", 0, 12) == 8


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_inputs_extract_with_the_span_contract_intact(name):
    result = _extract(ADVERSARIAL[name])
    for field in ("references", "criteria", "criteria_summaries", "targets", "deadlines"):
        for item in getattr(result, field):
            start, end = item.span
            assert result.normalized_text[start:end] == item.text
