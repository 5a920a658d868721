"""Word boxes kept from OCR: ingestion keeps what `image_to_data` gave, `ntm serve` draws a scan's
boxes from them without running Tesseract again, and outputs made before fall back to a second pass."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient

from pipeline import batch
from pipeline.ingest.word_boxes import located_words
from pipeline.schema import DocumentWords
from pipeline.serve import pages
from pipeline.serve.app import create_app
from tests.helpers import CORPUS

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*words: tuple[str, int, int, int, int]) -> str:
    rows = [TSV_HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t200\t100\t-1\t"]
    rows += [f"5\t1\t1\t1\t1\t{i}\t{x}\t{y}\t{w}\t{h}\t90\t{text}" for i, (text, x, y, w, h) in enumerate(words, 1)]
    return "\n".join(rows)


def test_each_word_is_found_in_the_text_in_order_with_its_box_as_fractions():
    data = tsv(("Số", 10, 10, 20, 10), ("12", 40, 10, 20, 10), ("Số", 10, 50, 20, 10))
    words = located_words(data, "Số 12\nSố", (200, 100))
    assert [(w.start, w.end) for w in words] == [(0, 2), (3, 5), (6, 8)]  # the second "Số" is not the first
    assert words[1].box == (0.2, 0.1, 0.3, 0.2)
    assert located_words(data, "", (200, 100)) == []  # a word missing from the text is never placed anywhere


@pytest.mark.parametrize("rotation, expected", [
    (0, (0.1, 0.2, 0.3, 0.4)),
    (90, (0.2, 0.7, 0.4, 0.9)),  # the page was turned a quarter clockwise for OCR: turned back here
    (180, (0.7, 0.6, 0.9, 0.8)),
    (270, (0.6, 0.1, 0.8, 0.3)),
])
def test_a_page_ocr_d_turned_gets_its_boxes_turned_back(rotation, expected):
    words = located_words(tsv(("x", 10, 20, 20, 20)), "x", (100, 100), rotation)
    assert words[0].box == pytest.approx(expected)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    """A one-page scan (page 1 of the shared 200-dpi scanned PDF, as a PNG) extracted by a batch."""
    root = tmp_path_factory.mktemp("words")
    (root / "in").mkdir()
    pdf = pdfium.PdfDocument(str(CORPUS / "documents" / "syn1_001.scan200.pdf"))
    try:
        pdf[0].render(scale=200 / 72).to_pil().convert("L").save(root / "in" / "scan.png")
    finally:
        pdf.close()
    summary = batch.run("extract", [root / "in"], root / "out", batch.Options(workers=1), lambda _m: None)
    assert summary.ok == 1, summary.line()
    return root / "out"


def boxes_of(out: Path, monkeypatch, located=None) -> tuple[list[str], list]:
    """The item keys boxed on page 1 of the scan's review page, and the pages Tesseract was asked to read."""
    calls = []
    monkeypatch.setattr(pages, "_ocr_words", lambda image: calls.append(image.size) or (located or []))
    app = create_app(out)
    with TestClient(app) as client:
        assert client.get("/documents/scan").status_code == 200
        r = client.get("/documents/scan/pages/1")
        assert r.status_code == 200
    app.state.ctx.batches.close()
    return re.findall(r'data-item="([\w-]+)"', r.text), calls


def test_a_fresh_scan_is_reviewed_from_the_boxes_ocr_kept_without_tesseract(scanned, tmp_path, monkeypatch):
    out = shutil.copytree(scanned, tmp_path / "out")
    kept = DocumentWords.model_validate_json((out / "words" / "scan.json").read_bytes())
    extraction = json.loads((out / "documents" / "scan.json").read_text(encoding="utf-8"))
    assert kept.doc_id == extraction["doc_id"] and len(kept.pages[1]) > 100
    assert (out / "words" / "scan.json").stat().st_size < 3 * (out / "documents" / "scan.json").stat().st_size

    keys, calls = boxes_of(out, monkeypatch)
    assert calls == []  # no second Tesseract pass
    items = [f"{f}-{i}" for f in ("references", "targets", "deadlines", "criteria") for i, it in
             enumerate(extraction[f]) if it.get("page") == 1]
    assert items and len(set(keys) & set(items)) >= 0.8 * len(items)
    # Each item's box covers the words its span was read from.
    words = pages.page_words(out, extraction, 1, "scan")
    target = extraction["deadlines"][0] if extraction["deadlines"] else extraction["references"][0]
    found = pages.item_boxes(extraction, 1, words, {"t": tuple(target["span"])})["t"]
    assert all(0 <= v <= 1 for box in found for v in box) and len(found) <= target["text"].count("\n") + 3


def test_outputs_made_before_locate_the_words_again_and_a_stale_words_file_is_ignored(scanned, tmp_path,
                                                                                    monkeypatch):
    out = shutil.copytree(scanned, tmp_path / "out")
    extraction = json.loads((out / "documents" / "scan.json").read_text(encoding="utf-8"))
    words = pages.page_words(out, extraction, 1, "scan")
    text = extraction["normalized_text"]
    run_text = {}  # the kept words as a second pass would read them: their text, their box
    for run in extraction["char_map"]:
        if run["page"] == 1:
            for k in range(run["length"]):
                run_text[run["raw_start"] + k] = text[run["start"] + k]
    located = [pages.Word("".join(run_text.get(o, "") for o in range(*w.raw)), w.box) for w in words]

    (out / "words" / "scan.json").write_text(
        DocumentWords(doc_id="0" * 64, pages={1: []}).model_dump_json(), encoding="utf-8")  # another source's
    keys, calls = boxes_of(out, monkeypatch, located)
    assert len(calls) == 1 and keys  # located once, and boxes drawn

    shutil.rmtree(out / "words")
    shutil.rmtree(out / ".ntm-serve", ignore_errors=True)
    again, calls = boxes_of(out, monkeypatch, located)
    assert len(calls) == 1 and set(again) == set(keys)
