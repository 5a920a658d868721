"""End to end on the generator's table annexes (ntm_corpus.tables, the ones the OCR'd-table tests scan): each
annex rendered as a digital PDF, read by ntm (ruled table → rows → fields), against the annex's own rows:
every commune's marks and total, every indicator's target and deadline."""

from __future__ import annotations

import re

import pytest

from ntm_corpus import render
from ntm_corpus import tables as annexes
from pipeline import extract, ingest, normalize
from pipeline.normalize.vietnamese import fold

# the generator's time cells (ntm_corpus.tables.DEADLINES) and the last day each gives
DUE = {"Năm 2025": "2025-12-31", "Quý II/2025": "2025-06-30", "Quý IV/2025": "2025-12-31",
       "Tháng 6/2025": "2025-06-30", "Tháng 12/2025": "2025-12-31", "2024 - 2025": "2025-12-31"}
SEEDS = (1, 2, 3)


@pytest.fixture(scope="module", params=SEEDS)
def read(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"annex{request.param}")
    found = {}
    for annex in annexes.annexes(request.param):
        path = folder / f"{annex.kind}.pdf"
        render.to_pdf(annex.blocks, path)
        found[annex.kind] = (annex, extract(normalize(ingest(path))))
    return found


def test_each_communes_marks_and_total_are_read(read):
    annex, result = read["criteria"]
    gold = {(fold(row[1]), n, "met") for row in annex.rows[2:] for n, mark in enumerate(row[2:21], start=1) if mark}
    assert {(fold(c.unit_name), c.criterion, c.status) for c in result.criteria} == gold
    assert all(c.text == "x" or c.text == "Đạt" for c in result.criteria)
    totals = {(fold(row[1]), float(row[21])) for row in annex.rows[2:]}
    assert {(fold(s.unit_name), s.achieved) for s in result.criteria_summaries} == totals
    assert not [w for w in result.warnings if w.code == "count_mismatch"]


def test_each_indicators_target_and_deadline_are_read(read):
    annex, result = read["indicators"]
    body = [row for row in annex.rows[1:] if row[2]]  # group rows name no unit
    gold = []
    for row in body:
        m = re.fullmatch(r"(?:(?P<cmp>[≤≥])\s*)?(?P<value>[\d.,]+)", row[3])
        value = float(m.group("value").replace(".", "").replace(",", "."))
        gold.append((fold(row[1]), {"≤": "<=", "≥": ">="}.get(m.group("cmp"), "="), value, row[2], "target", 2025))
    assert [(fold(t.indicator), t.comparator, t.value, t.unit, t.kind, t.year) for t in result.targets] == gold
    in_table = [d for d in result.deadlines if d.date]
    assert [(fold(d.task), d.date) for d in in_table] == [(fold(row[1]), DUE[row[4]]) for row in body]


@pytest.mark.parametrize(("dpi", "degrade"), [(300, annexes.SCAN_300), (200, annexes.COPY_200)], ids=["scan300", "copy200"])
def test_a_scanned_communes_table_gives_every_mark_and_no_wrong_one(tmp_path, dpi, degrade):
    """OCR misreads some sub-headings ('9Đ', '3.4' and an empty cell): the merged criteria heading spans the
    whole set, so its columns are the set in order; a commune's total that disagrees with its marks is left out."""
    annex = annexes.annexes(1)[0]
    path = tmp_path / "criteria.png"
    render.to_images(annex.blocks, dpi, degrade)[0].save(path, dpi=(dpi, dpi))
    result = extract(normalize(ingest(path)))
    gold = {(fold(row[1]), n) for row in annex.rows[2:] for n, mark in enumerate(row[2:21], start=1) if mark}
    found = {(fold(c.unit_name), c.criterion) for c in result.criteria if c.status == "met"}
    assert found == gold  # measured 90 of 90 at both resolutions
    totals = {(fold(row[1]), float(row[21])) for row in annex.rows[2:]}
    assert {(fold(s.unit_name), s.achieved) for s in result.criteria_summaries} <= totals
