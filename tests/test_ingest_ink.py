"""Blue and purple ink (signatures, seals) lifted before OCR, blue print kept (enhance.without_blue_marks).

Synthetic 200-dpi strips, no OCR: what matters is which pixels stay dark.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

from ntm_corpus import render
from pipeline.ingest import enhance, ocr

WIDTH = 1654  # an A4 page's width at 200 dpi
FONT = ImageFont.truetype(str(render.FONT_DIR / "DejaVuSerif-Bold.ttf"), 36)  # ~13 pt at 200 dpi
BLUE_HEADING, LINK_BLUE = (47, 84, 150), (5, 99, 193)  # Word's heading and hyperlink blues


def strip(text_colour=(0, 0, 0), text: str = "Nguyễn Quang Hải") -> Image.Image:
    page = Image.new("RGB", (WIDTH, 300), "white")
    ImageDraw.Draw(page).text((900, 130), text, font=FONT, fill=text_colour)
    return page


def signed(page: Image.Image, ink) -> Image.Image:
    """A looping pen stroke (~45 mm) across the name, multiplied onto the page as ink is."""
    pen = Image.new("RGB", page.size, "white")
    xs = np.linspace(860, 1210, 300)
    ys = 150 + 45 * np.sin((xs - 860) / 350 * 2 * math.pi * 4)
    ImageDraw.Draw(pen).line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=ink, width=4)
    return ImageChops.multiply(page, pen)


def dark(gray: Image.Image | np.ndarray) -> np.ndarray:
    return np.asarray(gray) < 128


def test_a_blue_signature_over_the_name_is_lifted_and_the_name_kept():
    clean = strip()
    gray = ocr.grayscale(signed(clean, render.PEN_INKS["blue"]))
    name = dark(ocr.grayscale(clean))
    assert (dark(gray) & ~name).sum() < 0.02 * name.sum()  # the pen's ink is gone...
    assert (dark(gray) & name).sum() > 0.9 * name.sum()  # ...and the printed name is whole


def test_a_purple_seal_ring_is_lifted():
    page = strip()
    seal = Image.new("RGB", page.size, "white")
    ImageDraw.Draw(seal).ellipse((950, 10, 1230, 290), outline=render.SEAL_INKS["purple"], width=6)
    gray = ocr.grayscale(ImageChops.multiply(page, seal))
    name = dark(ocr.grayscale(page))
    assert (dark(gray) & ~name).sum() < 0.02 * name.sum()


def test_blue_print_is_content_and_stays():
    for colour in (BLUE_HEADING, LINK_BLUE, render.SEAL_INKS["blue"]):
        heading = strip(colour, "QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH")
        pixels = np.asarray(heading)
        gray = np.asarray(heading.convert("L"))
        assert enhance.blue_ink_share(pixels) > enhance.BLUE_INK_MIN_SHARE  # seen as blue ink...
        assert np.array_equal(enhance.without_blue_marks(pixels, gray), gray)  # ...but no mark: kept
    link = Image.new("RGB", (WIDTH, 120), "white")
    draw = ImageDraw.Draw(link)
    draw.text((300, 30), "https://nongthonmoi.gov.vn/van-ban", font=FONT, fill=LINK_BLUE)
    draw.line((300, 80, 1100, 80), fill=LINK_BLUE, width=3)  # the link's underline: long but straight
    pixels = np.asarray(link)
    assert np.array_equal(enhance.without_blue_marks(pixels, np.asarray(link.convert("L"))), np.asarray(link.convert("L")))


def test_a_page_without_blue_ink_is_passed_on_as_it_is():
    pixels = np.asarray(signed(strip(), render.PEN_INKS["black"]))
    gray = np.asarray(Image.fromarray(pixels).convert("L"))
    assert enhance.without_blue_marks(pixels, gray) is gray


def test_red_seal_ink_is_seen_on_a_photos_shaded_side_and_dark_print_is_not():
    page = np.full((400, 400, 3), (70, 66, 60), np.uint8)  # a photo's paper on its shaded side, warm light
    page[20:60, 20:380] = (22, 12, 12)  # black print with a JPEG's colour noise
    assert ocr.red_ink_share(page) == 0
    page[100:140, 100:300] = (62, 34, 33)  # a pale seal's ink in that light (red over green by 28 levels)
    assert ocr.red_ink_share(page) > ocr.RED_INK_MIN_SHARE
