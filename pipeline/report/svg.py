"""Inline SVG charts the report draws itself (no chart library, nothing loaded from outside)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from pipeline.report.html import attrs, esc, number, shorten

ROW = 18  # px per bar or lane
LABEL = 230  # px for the labels column
PLOT = 460  # px for the plot area
PAD = 24  # px for the axis


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10^k) giving about `ticks` ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _svg(width: int, height: int, body: str, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
            f'{attrs(viewBox=f"0 0 {width} {height}", width=width, height=height, aria_label=label)}>'
            f"<title>{esc(label)}</title>{body}</svg>")


def _text(x: float, y: float, content: str, **values) -> str:
    return f"<text{attrs(x=round(x, 1), y=round(y, 1), **values)}>{esc(content)}</text>"


def _linked(href: str | None, shape: str) -> str:
    return f'<a href="#{esc(href)}">{shape}</a>' if href else shape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    kind: str  # css class: target / result
    title: str
    href: str | None = None
    high: float | None = None  # the top of a range


def bar_chart(bars: list[Bar], unit: str, label: str) -> str:
    """Horizontal bars, one per row, on a shared axis from 0 (or the lowest negative value)."""
    values = [b.value for b in bars] + [b.high for b in bars if b.high is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    step = nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step or step
    scale = PLOT / (high - low)

    def x(v: float) -> float:
        return LABEL + (v - low) * scale

    parts = []
    tick = low
    while tick <= high + step / 2:
        parts.append(f'<line class="grid"{attrs(x1=round(x(tick), 1), x2=round(x(tick), 1), y1=0, y2=len(bars) * ROW)}/>')
        parts.append(_text(x(tick), len(bars) * ROW + 14, number(tick), class_="tick", text_anchor="middle"))
        tick += step
    for row, bar in enumerate(bars):
        y = row * ROW
        parts.append(_text(LABEL - 6, y + ROW * 0.7, shorten(bar.label, 34), class_="label", text_anchor="end"))
        left, right = sorted((x(0), x(bar.value)))
        shapes = f'<rect class="bar {esc(bar.kind)}"{attrs(x=round(left, 1), y=y + 3, width=round(max(right - left, 1), 1), height=ROW - 6)}><title>{esc(bar.title)}</title></rect>'
        if bar.high is not None and bar.high > bar.value:
            shapes += f'<rect class="bar range {esc(bar.kind)}"{attrs(x=round(x(bar.value), 1), y=y + 3, width=round(x(bar.high) - x(bar.value), 1), height=ROW - 6)}><title>{esc(bar.title)}</title></rect>'
        parts.append(_linked(bar.href, shapes))
        parts.append(_text(max(right, x(bar.high or 0)) + 4, y + ROW * 0.7, number(bar.value), class_="value"))
    parts.append(_text(LABEL + PLOT, len(bars) * ROW + 14 + 12, unit, class_="unit", text_anchor="end"))
    return _svg(LABEL + PLOT + 60, len(bars) * ROW + PAD + 12, "".join(parts), label)


@dataclass(frozen=True)
class Event:
    day: date
    title: str
    upcoming: bool
    href: str | None = None
    start: date | None = None  # a period drawn from start to day


@dataclass(frozen=True)
class Lane:
    label: str
    events: list[Event]
    href: str | None = None


def timeline(lanes: list[Lane], as_of: date, label: str) -> str:
    """One lane per document, a dot per deadline (a bar for a period), a line at the as-of date."""
    days = [e.day for lane in lanes for e in lane.events] + [e.start for lane in lanes for e in lane.events if e.start]
    first, last = date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)
    total = (last - first).days

    def x(day: date) -> float:
        return LABEL + (day - first).days / total * PLOT

    height = len(lanes) * ROW
    years = range(first.year, last.year + 1)
    every = max(1, math.ceil(len(years) / 12))
    parts = []
    for year in years:
        if (year - first.year) % every == 0:
            at = x(date(year, 1, 1))
            parts.append(f'<line class="grid"{attrs(x1=round(at, 1), x2=round(at, 1), y1=0, y2=height)}/>')
            parts.append(_text(at, height + 14, str(year), class_="tick", text_anchor="middle"))
    for row, lane in enumerate(lanes):
        y = row * ROW + ROW / 2
        lane_label = _text(LABEL - 6, y + 4, shorten(lane.label, 34), class_="label", text_anchor="end")
        parts.append(_linked(lane.href, lane_label))
        parts.append(f'<line class="lane"{attrs(x1=LABEL, x2=LABEL + PLOT, y1=y, y2=y)}/>')
        for event in sorted(lane.events, key=lambda e: e.start is None):  # periods below the dots
            state = "upcoming" if event.upcoming else "past"
            tip = f"<title>{esc(event.title)}</title>"
            if event.start and event.start < event.day:
                shape = (f'<rect class="event {state}"{attrs(x=round(x(event.start), 1), y=y - 4, width=round(max(x(event.day) - x(event.start), 2), 1), height=8, rx=3)}>{tip}</rect>')
            else:
                shape = f'<circle class="event {state}"{attrs(cx=round(x(event.day), 1), cy=y, r=5)}>{tip}</circle>'
            parts.append(_linked(event.href, shape))
    if first <= as_of <= last:
        at = x(as_of)
        parts.append(f'<line class="as-of"{attrs(x1=round(at, 1), x2=round(at, 1), y1=-4, y2=height)}/>')
        parts.append(_text(at + 3, height + 26, f"as of {as_of.isoformat()}", class_="as-of-label"))
    return _svg(LABEL + PLOT + 60, height + PAD + 14, "".join(parts), label)
