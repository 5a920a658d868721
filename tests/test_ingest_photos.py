"""Phone photos of pages: the page-image stage (enhance.py) and photo series as one document.

The photos are the project's own corpus documents photographed by `ntm_corpus.render.to_photos`:
150 dpi, lit from one side, seen slightly from the side, blurred, JPEG quality 35. Only two tests
run Tesseract; the checks of the stage run on images alone.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ntm_corpus import render
from pipeline import batch
from pipeline.ingest import enhance, ingest, ocr
from pipeline.ingest.images import continues_series, series
from tests.conftest import block_text, cer, normalized

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "documents"
PHONE = render.Photo(shade=0.25, blur=0.8, seed=3)  # raw Tesseract loses ~half of such a page


def corpus_blocks(name: str = "syn1_000") -> list[render.Block]:
    return render.layout_from_text((CORPUS / f"{name}.txt").read_text(encoding="utf-8"))


# ── the stage's checks, without OCR ───────────────────────────────────────────


def test_a_clean_scan_needs_no_step_and_is_passed_on_untouched(renders):
    page = ocr.grayscale(render.to_images(renders.first_page(corpus_blocks()), dpi=300)[0])
    prepared = enhance.prepare(page)
    assert prepared.steps == [] and prepared.image is page


def test_a_stamped_200_dpi_scan_fed_askew_is_only_deskewed(renders):
    scan = render.to_images(corpus_blocks(), dpi=200, degrade=render.Degrade(skew_deg=1.0, blur=0.8, stamp=True, seed=5))
    steps = [enhance.prepare(ocr.grayscale(page)).steps for page in scan]
    assert steps[0] == ["deskew"] and all(s in ([], ["deskew"]) for s in steps)  # a short last page: too few lines to tell


@pytest.mark.parametrize("degrees", [1.0, -2.5, 5.0])
def test_the_tilt_of_a_page_fed_askew_is_measured_and_undone(degrees):
    blocks = corpus_blocks()[:30]
    page = ocr.grayscale(render.to_images(blocks, dpi=200, degrade=render.Degrade(skew_deg=degrees, blur=0.5, seed=1))[0])
    small, _ = enhance._small(np.asarray(page))
    assert abs(enhance.skew_angle(small) + degrees) < 0.2  # PIL turns counter-clockwise: lines fall to the right
    level = enhance.prepare(page)
    assert level.steps == ["deskew"]
    assert abs(enhance.skew_angle(enhance._small(np.asarray(level.image))[0])) < 0.2


def test_a_straight_page_is_not_turned_and_a_blank_one_has_no_tilt():
    page = ocr.grayscale(render.to_images(corpus_blocks()[:30], dpi=200, degrade=render.Degrade(skew_deg=0.2, seed=1))[0])
    assert enhance.prepare(page).steps == []  # under MIN_SKEW_DEG: Tesseract reads it as it is
    assert enhance.skew_angle(np.full((800, 600), 250, np.uint8)) is None


def test_a_phone_photo_is_flattened_evened_and_enlarged():
    photo = render.to_photos(corpus_blocks(), PHONE)[0]
    prepared = enhance.prepare(ocr.grayscale(photo))
    assert prepared.steps == ["perspective", "illumination", "upscale"]
    pixels = np.asarray(prepared.image)
    h, w = pixels.shape
    corners = [pixels[:h // 10, :w // 10], pixels[:h // 10, -w // 10:], pixels[-h // 10:, :w // 10], pixels[-h // 10:, -w // 10:]]
    assert all(np.percentile(c, 50) > 200 for c in corners)  # paper everywhere: no desk, no dark side


def test_the_page_quadrilateral_is_found_near_the_pages_true_corners():
    page = render.to_images(corpus_blocks()[:5], dpi=100)[0]
    photo = render.photograph(page, render.Photo(dpi=100, tilt=0.0, shade=1.0, blur=0, margin=0.1), np.random.default_rng(0))
    small, scale = enhance._small(np.asarray(photo.convert("L")))
    quad = enhance.page_quadrilateral(small) / scale
    w, h = page.size
    mx, my = round(0.1 * w), round(0.1 * h)
    expected = np.float32([[mx, my], [mx + w, my], [mx + w, my + h], [mx, my + h]])
    assert np.abs(quad - expected).max() < 0.02 * w


@pytest.mark.parametrize("size", [(1, 1), (3, 50), (50, 3), (200, 10), (120, 120)])
def test_tiny_or_blank_images_pass_through(size):
    from PIL import Image

    assert enhance.prepare(Image.new("L", size, 255)).steps == []
    assert enhance.prepare(Image.new("RGB", size, (30, 30, 30))).steps == []


def test_paper_lit_evenly_has_no_spread_and_a_shaded_one_has():
    paper = np.full((800, 600), 235, np.uint8)
    assert enhance.paper_spread(paper) < 5
    shaded = (paper * np.linspace(0.3, 1.0, 600)[None, :]).astype(np.uint8)
    assert enhance.paper_spread(shaded) > enhance.MAX_PAPER_SPREAD


# ── photo series ──────────────────────────────────────────────────────────────


def test_a_photo_series_is_found_in_order_and_stops_at_a_gap(tmp_path):
    for name in ["bc_1.jpg", "bc_2.jpg", "bc_3.jpg", "bc_5.jpg", "kh-1.png", "kh-2.png", "tt_2.jpg", "bc_2.png",
                 "report_2024.jpg", "IMG_0001.jpg", "IMG_0002.jpg", "syn_1.txt", "syn_2.txt"]:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in series(tmp_path / "bc_1.jpg")] == ["bc_1.jpg", "bc_2.jpg", "bc_3.jpg"]
    assert [p.name for p in series(tmp_path / "kh-1.png")] == ["kh-1.png", "kh-2.png"]
    assert continues_series(tmp_path / "bc_2.jpg") and continues_series(tmp_path / "kh-2.png")
    assert not continues_series(tmp_path / "IMG_0002.jpg")  # a camera's numbering: separate shots
    assert not continues_series(tmp_path / "syn_2.txt")  # only photos make a series
    assert not continues_series(tmp_path / "tt_2.jpg")  # no first page beside it: a document of its own
    assert not continues_series(tmp_path / "bc_2.png")  # another kind of file
    assert series(tmp_path / "report_2024.jpg") == [tmp_path / "report_2024.jpg"]
    files, _ = batch.discover([tmp_path])
    assert sorted(p.name for p in files) == ["IMG_0001.jpg", "IMG_0002.jpg", "bc_1.jpg", "bc_2.png", "bc_5.jpg",
                                             "kh-1.png", "report_2024.jpg", "syn_1.txt", "syn_2.txt", "tt_2.jpg"]


# ── OCR (two tests) ───────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def photo_series(tmp_path_factory):
    blocks = corpus_blocks()
    return blocks, render.to_photo_files(blocks, tmp_path_factory.mktemp("photos") / "bao_cao", PHONE)


def test_a_photo_series_reads_as_one_document_within_0_6_percent(photo_series):
    blocks, paths = photo_series
    assert len(paths) > 1
    doc = ingest(paths[0])
    assert [p.number for p in doc.pages] == list(range(1, len(paths) + 1))
    text = "\n\n".join(p.text for p in doc.pages)
    assert cer(normalized(text), normalized(block_text(blocks))) < 0.006  # measured 0.38 % (issue target: 2 %)


def test_without_the_stage_the_same_photo_loses_much_of_its_text(photo_series):
    _, paths = photo_series
    from PIL import Image

    raw = ocr.recognize(Image.open(paths[0]), detect_orientation=False, enhance_page=False)
    enhanced = ocr.recognize(Image.open(paths[0]), detect_orientation=False)
    assert enhanced.enhanced and not raw.enhanced
    assert enhanced.words > 1.3 * raw.words


def test_a_page_fed_askew_is_levelled_and_read_whole():
    blocks = corpus_blocks()[:14]  # one page
    [tilted] = render.to_images(blocks, dpi=200, degrade=render.Degrade(skew_deg=-4.0, blur=0.5, seed=2))
    page = ocr.recognize(tilted, detect_orientation=False)
    assert page.enhanced == ("deskew",)
    gold = normalized(block_text(blocks))
    assert cer(normalized(page.text), gold) < 0.012  # measured 0.63 %
    as_tilted = ocr.recognize(tilted, detect_orientation=False, enhance_page=False)
    assert cer(normalized(as_tilted.text), gold) > 0.2  # measured 48 %: Tesseract drops most of the tilted lines


# ── print larger than Tesseract needs ─────────────────────────────────────────


def test_300_dpi_print_is_reduced_for_tesseract_and_200_dpi_print_is_not(renders):
    clean = np.asarray(ocr.grayscale(render.to_images(renders.first_page(corpus_blocks()), dpi=300)[0]))
    factor = enhance.downscale_factor(clean)
    assert 0.65 < factor < 0.85  # capitals ~40 px → 30 px
    reduced = ocr.sized_for_tesseract(Image.fromarray(clean))
    assert reduced.size == (round(clean.shape[1] * factor), round(clean.shape[0] * factor))
    copy = ocr.grayscale(render.to_images(renders.first_page(corpus_blocks()), dpi=200)[0])
    assert enhance.downscale_factor(np.asarray(copy)) == 1.0
    assert ocr.sized_for_tesseract(copy) is copy
    blank = Image.new("L", (2480, 3508), 255)
    assert ocr.sized_for_tesseract(blank) is blank


def test_a_page_a_seal_or_pen_has_marked_is_not_reduced():
    page = np.full((1200, 900, 3), 255, np.uint8)
    page[100:140, 100:700] = 0  # black print only
    assert not ocr._inked(page) and not ocr._inked(Image.fromarray(page).convert("L"))
    red = page.copy()
    red[900:1100, 500:700] = (220, 40, 40)  # a red seal
    blue = page.copy()
    blue[950:1000, 450:750] = (40, 60, 200)  # a blue signature
    assert ocr._inked(red) and ocr._inked(Image.fromarray(blue))
