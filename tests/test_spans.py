"""The grounding contract: every extracted item's text is exactly its span of the normalized text."""

import pytest

import pipeline
from pipeline.schema import OcrCorrection, grounded_items
from tests.helpers import CORPUS, SHARED_DOCS


def _documents():
    shared = sorted(SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else []
    return shared + sorted((CORPUS / "documents").glob("*.txt")) + sorted((CORPUS / "documents").glob("*.scan*.pdf"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_every_item_text_equals_its_span(path):
    result = pipeline.process(path)
    items = grounded_items(result)
    text = result.normalized_text
    for item in items:
        start, end = item.span
        # an OCR repair that removed a speck has an empty span; every extracted item has text
        assert 0 <= start <= end <= len(text) if isinstance(item, OcrCorrection) else 0 <= start < end <= len(text)
        assert text[start:end] == item.text, (type(item).__name__, item.span)
        assert item.page is not None
    for warning in result.warnings:
        if warning.span:
            assert text[warning.span[0]:warning.span[1]] == warning.text


def test_extraction_steps_run_as_spacy_components_and_leave_spans_on_the_doc():
    from pipeline import spacy_nlp
    from pipeline.extract.registry import STEPS

    nlp = spacy_nlp()
    assert nlp.pipe_names == [f"ntm_{name}" for name in STEPS]
    doc = nlp("Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ.")
    assert set(doc._.ntm.found) == set(STEPS)
    assert [span.text for span in doc.spans["references"]] == [doc._.ntm.found["references"][0].text]
