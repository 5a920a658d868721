"""Page-image quality before Tesseract: what a phone photo needs and a clean scan does not.

Tesseract binarizes a page with one global threshold: on a photo lit from one side the dark half
turns black (or the light half white) and whole regions are lost (CER 56-89 % on generated photos
at 150 dpi). A cheap check on a small copy of the page (~10 ms) decides which steps a page needs:

- the page lies on a darker surface (the image's border is not paper): find the page's
  quadrilateral and warp it flat (perspective correction);
- the paper's brightness varies across the page (its background, estimated by closing the text
  away, spans more than MAX_PAPER_SPREAD grey levels): divide the page by its background, which
  evens the light and keeps the strokes (background division, the cheap cousin of Sauvola);
- the text lines are tilted (a page fed askew, a photo still tilted after flattening): rotate the page
  level (the lines' slope is measured on line-sized blobs of the small copy, ~3 ms);
- the print is small in pixels (capital letters under MIN_CAP_HEIGHT px: a 150-dpi photo): enlarge
  the page so that Tesseract's recognizer sees letters at the size it was trained on.

Blue and purple ink (a ballpoint signature, a blue stamp pad's seal) over the signer's name is
lifted to paper before recognition, like red seal ink (ocr.grayscale), but only where it forms a mark:
a curved stroke longer than any printed letter (a signature, a seal's ring, 8-80 mm) and the ink
around it; blue printed letters (a heading, a link) are each smaller, a rule is straight, and they stay.

A clean scan passes the check and reaches Tesseract untouched. `prepare` says which steps ran, so
benchmarks report each step's cost per page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

ANALYSIS_WIDTH = 600  # px: the small copy the checks run on
BORDER_SHARE = 0.02  # the image's outer strip, as a share of its size, where a desk would show
MIN_BORDER_PAPER = 0.6  # share of the border strip that must be paper-bright for a flat scan
MIN_PAGE_AREA = 0.3  # a page quadrilateral covers at least this share of the photo
MAX_PAPER_SPREAD = 40  # grey levels between the paper's 5th and 95th brightness percentiles
MIN_CAP_HEIGHT = 28  # px: capital height under which a page is enlarged (300 dpi body text: ~40)
MAX_SCALE = 2.5
# Print larger than Tesseract needs is reduced: capitals over MAX_CAP_HEIGHT px (300-dpi body text, ~40 px)
# to TARGET_CAP_HEIGHT. Tesseract reads them as well (CER measured equal or lower on 300-dpi scans and
# copies) in ~20 % less time, as its layout analysis scales with the pixels.
MAX_CAP_HEIGHT = 36
TARGET_CAP_HEIGHT = 30
PAPER_LEVEL = 0.8  # share of the paper's brightness above which a pixel is paper
MIN_SIDE = 100  # px: smaller images are not pages the checks can judge
MIN_SKEW_DEG, MAX_SKEW_DEG = 0.4, 10.0  # Tesseract reads lines tilted less; more is not a tilted page
SKEW_WIDTH = 600  # px: the copy the tilt is measured on
MIN_LINE_BLOBS = 8  # text lines measured before the page's tilt is trusted
EDGE_TRIM = 0.015  # share of the flattened page cut off each edge (A4 margins are 10-15 %)


@dataclass
class Prepared:
    image: Image.Image
    steps: list[str] = field(default_factory=list)  # "perspective", "illumination", "deskew", "upscale"


def prepare(image: Image.Image) -> Prepared:
    """The grayscale page ready for Tesseract, with the steps it needed (none for a clean page)."""
    gray = np.asarray(image.convert("L"))
    if min(gray.shape) < MIN_SIDE:  # a thumbnail or a strip: nothing to measure
        return Prepared(image if image.mode == "L" else Image.fromarray(gray), [])
    steps = []
    small, scale = _small(gray)
    quad = page_quadrilateral(small) if not _paper_border(small) else None
    if quad is not None:
        gray = _unwarp(gray, quad / scale)
        small, scale = _small(gray)
        steps.append("perspective")
    if paper_spread(small) > MAX_PAPER_SPREAD:
        gray = divide_background(gray)
        steps.append("illumination")
    angle = skew_angle(small if not steps else _small(gray)[0])
    if angle is not None and MIN_SKEW_DEG <= abs(angle) <= MAX_SKEW_DEG:
        gray = rotate(gray, angle)
        steps.append("deskew")
    if set(steps) - {"deskew"}:  # a photo: is the print big enough for Tesseract?
        factor = upscale_factor(gray)
        if factor > 1.0:
            gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
            steps.append("upscale")
    if not steps:
        return Prepared(image if image.mode == "L" else Image.fromarray(gray), steps)
    return Prepared(Image.fromarray(gray), steps)


# ── checks ────────────────────────────────────────────────────────────────────


def _small(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Every k-th pixel (no filtering: ~0 ms, and the checks look at areas, not strokes)."""
    step = max(1, gray.shape[1] // ANALYSIS_WIDTH)
    return gray[::step, ::step], 1.0 / step


def _paper_border(small: np.ndarray) -> bool:
    """Is the image's outer strip mostly paper (a flat scan) rather than a desk around a photographed page?"""
    h, w = small.shape
    b = max(2, round(BORDER_SHARE * min(h, w)))
    strip = np.concatenate([small[:b].ravel(), small[-b:].ravel(), small[:, :b].ravel(), small[:, -b:].ravel()])
    paper = np.percentile(small, 90)
    return float((strip > 0.75 * paper).mean()) >= MIN_BORDER_PAPER


def paper_spread(small: np.ndarray) -> float:
    """Grey levels between the paper's dark and bright parts (5th and 95th percentile of the background)."""
    tiny = cv2.resize(small, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)  # light varies slowly
    background = _background(tiny, kernel=max(3, tiny.shape[1] // 40))
    return float(np.percentile(background, 95) - np.percentile(background, 5))


def _background(gray: np.ndarray, kernel: int) -> np.ndarray:
    """The paper without the print: a grey closing (dark strokes removed) smoothed by a median."""
    closed = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (kernel, kernel)))
    return cv2.medianBlur(closed, kernel | 1)


def page_quadrilateral(small: np.ndarray) -> np.ndarray | None:
    """Corners (top-left, top-right, bottom-right, bottom-left) of the bright page on a darker surface."""
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(blurred, 30, 90), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        hull = cv2.convexHull(contour)
        corners = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(corners) == 4 and cv2.contourArea(corners) >= MIN_PAGE_AREA * area:
            return _ordered(corners.reshape(4, 2).astype(np.float32))
    return None


def _ordered(pts: np.ndarray) -> np.ndarray:
    by_sum, by_diff = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[by_sum.argmin()], pts[by_diff.argmin()], pts[by_sum.argmax()], pts[by_diff.argmax()]])


def upscale_factor(gray: np.ndarray) -> float:
    """How much to enlarge the page so that capitals stand MIN_CAP_HEIGHT px tall (1.0: big enough)."""
    height = text_height(gray)
    if height is None or height >= MIN_CAP_HEIGHT:
        return 1.0
    return min(MAX_SCALE, MIN_CAP_HEIGHT / height)


def downscale_factor(gray: np.ndarray) -> float:
    """How much to reduce the page so that capitals stand TARGET_CAP_HEIGHT px tall (1.0: leave it).
    Measured on every other pixel (~4x cheaper; a capital's height is still found to 2 px)."""
    height = text_height(gray[::2, ::2])
    if height is None or 2 * height <= MAX_CAP_HEIGHT:
        return 1.0
    return TARGET_CAP_HEIGHT / (2 * height)


def text_height(gray: np.ndarray) -> float | None:
    """A high quantile of the heights of letter-sized dark components: about the capital height."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    letters = heights[(heights >= 4) & (heights <= 200) & (widths <= 3 * heights)]
    if letters.size < 50:
        return None
    return float(np.percentile(letters, 80))


def skew_angle(small: np.ndarray) -> float | None:
    """The text lines' tilt in degrees (positive: they fall to the right), from the small copy: ink
    smeared along the lines joins each line's words into a long thin blob, whose rotated bounding box
    gives its direction; the median over the blobs. None when too few line-like blobs (a blank page,
    a picture). ~2-4 ms."""
    step = max(1, small.shape[1] // SKEW_WIDTH)
    tiny = small[::step, ::step]
    _, ink = cv2.threshold(tiny, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    reach = max(3, tiny.shape[1] // 50) | 1  # wider than a word gap (~1/100 of the page), shorter than a line
    lines = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles = []
    for contour in contours:
        (_, _), (a, b), _ = rect = cv2.minAreaRect(contour)
        if max(a, b) < 0.25 * tiny.shape[1] or min(a, b) > 0.2 * max(a, b):
            continue
        corners = cv2.boxPoints(rect)
        sides = [corners[1] - corners[0], corners[2] - corners[1]]
        dx, dy = max(sides, key=lambda v: float(np.hypot(*v)))
        angle = np.degrees(np.arctan2(dy, dx))
        angles.append((angle + 90) % 180 - 90)  # the line's direction, whichever way round the box
    if len(angles) < MIN_LINE_BLOBS:
        return None
    return float(np.median(angles))


# ── corrections ───────────────────────────────────────────────────────────────


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by `angle` degrees (counter-clockwise), so that lines falling right become level."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _unwarp(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    tl, tr, br, bl = quad
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    flat = cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    # A sliver of desk along an edge reads as a line of garbage; the print keeps 2 cm from the edges.
    trim_x, trim_y = round(EDGE_TRIM * width), round(EDGE_TRIM * height)
    return flat[trim_y:height - trim_y, trim_x:width - trim_x]


def divide_background(gray: np.ndarray) -> np.ndarray:
    """The page divided by its paper brightness: even light, the strokes kept. The background is
    estimated on a quarter-size copy (the light varies slowly) and enlarged back."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    background = _background(small, kernel=max(5, small.shape[1] // 40))
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    evened = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0)
    # Anything within PAPER_LEVEL of the paper is paper: a seal's ring left grey in the red channel, the
    # grain of a compressed photo. Print is far darker.
    return np.clip(evened * (255.0 / PAPER_LEVEL), 0, 255).astype(np.uint8)


# ── blue ink: signatures and seals, not blue print ───────────────────────────

BLUE_MARGIN = 40  # grey levels by which blue/purple ink's blue exceeds its green (paper, black print: < 15)
BLUE_TINT = 8  # inside a mark's box, a pixel this much bluer than green holds some of its ink
BLUE_INK_MIN_SHARE = 0.0003  # of the page: a signature covers ~0.1 %, a seal ~0.3 %
MIN_STROKE_MM, MAX_MARK_MM = 8.0, 80.0  # a mark's stroke: longer than any printed letter, shorter than a frame
MAX_MARK_FILL = 0.35  # share of its box a stroke's ink covers (curves, arcs); a rule's or a bold letter's: more
MIN_RED_SHARE = 0.01  # of a mark's box in red seal ink: a blue signature under a red seal
JOIN_MM = 3.0  # pieces of one mark lie this close (a seal's ring letters and star; a signature cut by print)
PAGE_WIDTH_MM = 210.0  # A4, to turn millimetres into pixels whatever the resolution


def blue_ink_share(pixels: np.ndarray) -> float:
    """Share of blue or purple ink pixels, on every 4th pixel (~1 ms on a 300-dpi page)."""
    view = pixels[::4, ::4]
    blue = view[..., 2].astype(np.int16) - view[..., 1] > BLUE_MARGIN
    return float(blue.mean()) if blue.size else 0.0


def without_blue_marks(pixels: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """`gray` with the blue/purple ink of marks (signatures, seals) lifted to paper; blue print kept.

    The ink is found on a half-size copy. Black print crossing a seal's ring or a signature cuts them
    into pieces; a piece longer than any printed letter (MIN_STROKE_MM) and mostly empty (a stroke or an
    arc, not a rule or a bold letter) marks its cluster of ink (pieces within JOIN_MM) as a mark. Inside
    the cluster's box every bluish pixel is read in the blue channel, where the ink is nearly as light
    as paper and black print stays dark, lifted so that the ink's own blue becomes white: the ink goes,
    the print it crosses stays (as the red channel does for a red seal)."""
    if pixels.ndim != 3 or blue_ink_share(pixels) <= BLUE_INK_MIN_SHARE:
        return gray
    half = pixels[::2, ::2]
    ink = (half[..., 2].astype(np.int16) - half[..., 1] > BLUE_MARGIN).astype(np.uint8)
    mm = half.shape[1] / PAGE_WIDTH_MM
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    longest = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    fill = stats[1:, cv2.CC_STAT_AREA] / np.maximum(1, stats[1:, cv2.CC_STAT_WIDTH] * stats[1:, cv2.CC_STAT_HEIGHT])
    strokes = 1 + np.flatnonzero((longest >= MIN_STROKE_MM * mm) & (longest <= MAX_MARK_MM * mm) & (fill <= MAX_MARK_FILL))
    if strokes.size == 0:
        return gray
    join = max(3, round(JOIN_MM * mm)) | 1
    clusters, cluster_of = cv2.connectedComponents(cv2.dilate(ink, np.ones((join, join), np.uint8)), connectivity=8)
    marks = np.unique(cluster_of[np.isin(labels, strokes)])
    out = gray.copy()
    for mark in marks:
        ys, xs = np.nonzero(cluster_of == mark)
        y0, y1, x0, x1 = 2 * ys.min(), 2 * (ys.max() + 1), 2 * xs.min(), 2 * (xs.max() + 1)
        box = pixels[y0:y1, x0:x1]
        blue = box[..., 2].astype(np.int16) - box[..., 1]
        level = float(np.median(box[..., 2][blue > BLUE_MARGIN]))  # the ink's own blue
        lifted = np.minimum(255.0, box[..., 2] * (255.0 / max(PAPER_LEVEL * level, 1.0))).astype(np.uint8)
        red = box[..., 0].astype(np.int16) - box[..., 1]
        if (red - np.maximum(0, blue) > BLUE_MARGIN).mean() > MIN_RED_SHARE:
            # a pen's stroke across a red seal: both inks, dark in every channel, red and blue over green
            # (only beside red ink: a purple seal over print's grey edges looks the same)
            lifted[(red > BLUE_TINT) & (blue > BLUE_TINT)] = 255
        region = out[y0:y1, x0:x1]
        bluish = blue > BLUE_TINT
        region[bluish] = np.maximum(region[bluish], lifted[bluish])
    return out
