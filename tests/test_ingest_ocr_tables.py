"""Ruled tables on scanned pages become rows of tab-separated cells (pipeline.ingest.ocr_tables).

Grid finding is checked without OCR; four pages are OCR'd: the commune x criteria annex scanned at
300 dpi, the indicator annex as a 200-dpi copy, a criteria table whose rows are not ruled, and a box
whose rows fill one cell (no table)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from PIL import Image

from ntm_corpus import render, tables
from ntm_corpus.generate import documents
from pipeline.ingest import ingest, ocr, ocr_tables
from pipeline.ingest.ocr import text_from_tsv
from pipeline.ingest.word_boxes import located_words
from tests.conftest import cer

ANNEXES = {annex.kind: annex for annex in tables.annexes(seed=1)}
HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def page(blocks, dpi: int, degrade: render.Degrade) -> object:
    return ocr.grayscale(render.to_images(blocks, dpi=dpi, degrade=degrade)[0])


def outside(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip() and "\t" not in line)


# ── grids (no OCR) ────────────────────────────────────────────────────────────


def test_the_criteria_table_grid_is_found_with_its_merged_header_cells():
    found = ocr_tables.find(page(ANNEXES["criteria"].blocks, 300, tables.SCAN_300))
    assert len(found.grids) == 1
    grid = found.grids[0]
    assert grid.shape == (10, 22)  # two header rows and 8 communes; STT, name, 19 criteria, total
    spans = {(c.row, c.column, c.rows, c.columns) for c in grid.cells.values()}
    assert {(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 19), (0, 21, 2, 1)} <= spans
    assert len(grid.cells) == 4 + 19 + 8 * 22


def test_a_skewed_200_dpi_copy_keeps_the_rows_apart():
    found = ocr_tables.find(page(ANNEXES["indicators"].blocks, 200, tables.COPY_200))
    assert [g.shape for g in found.grids] == [(12, 5)]
    group_rows = [c for c in found.grids[0].cells.values() if c.columns == 4]
    assert [c.row for c in sorted(group_rows, key=lambda c: c.row)] == [1, 6]  # "I ..." and "II ..." span 4 columns


@pytest.mark.parametrize("dpi", [300, 200])
def test_a_table_without_side_rules_keeps_its_edge_columns(dpi):
    annex = ANNEXES["indicators"]
    blocks = [dataclasses.replace(b, rules="open") if isinstance(b, render.Grid) else b for b in annex.blocks]
    degrade = tables.SCAN_300 if dpi == 300 else tables.COPY_200
    assert [g.shape for g in ocr_tables.find(page(blocks, dpi, degrade)).grids] == [(12, 5)]


@pytest.mark.parametrize("dpi", [300, 200])
def test_ordinary_pages_have_no_grid(dpi):
    degrade = render.Degrade(skew_deg=0.8, blur=0.6, noise=0.004, stamp=True, seed=3)
    for doc in documents(2, seed=7):
        for image in render.to_images(doc.blocks, dpi=dpi, degrade=degrade):
            assert not ocr_tables.find(ocr.grayscale(image))


def test_a_box_around_a_paragraph_is_no_grid():
    box = render.Grid([[ANNEXES["indicators"].after[0] * 3]], [1.0], header=0, size=12)
    assert not ocr_tables.find(page([render.Para("Ghi chú:"), box], 300, tables.SCAN_300))


def test_odd_pages_are_no_trouble():
    black, graph = np.zeros((3508, 2480), np.uint8), np.full((3508, 2480), 255, np.uint8)
    graph[::60, :] = graph[:, ::60] = 0  # squared paper: a grid of 2,300 empty cells
    assert not ocr_tables.find(Image.fromarray(black))
    found = ocr_tables.find(Image.fromarray(graph))
    assert len(found.grids) == 1 and len(found.grids[0].cells) > 2000
    assert ocr_tables.with_rows(HEAD, found, Image.fromarray(graph), lambda image: HEAD) == HEAD  # no words, no rows


def test_table_words_are_rows_with_a_tab_per_cell_boundary_and_located_in_the_text():
    rows = [HEAD, "5\t1\t1\t1\t1\t1\t100\t40\t80\t30\t95\tTrước", "5\t1\t1\t1\t1\t2\t190\t40\t60\t30\t95\tbảng",
            "5\t1\tT0\t1\t0\t0\t100\t100\t20\t30\t90\t1\t0", "5\t1\tT0\t1\t0\t1\t150\t100\t60\t30\t90\tTân\t1",
            "5\t1\tT0\t1\t0\t1\t215\t100\t60\t30\t90\tLập\t0", "5\t1\tT0\t1\t0\t4\t500\t100\t20\t30\t90\tx\t3",
            "5\t1\tT0\t1\t1\t0\t100\t150\t20\t30\t90\t2\t0", "5\t1\tT0\t1\t1\t2\t300\t150\t20\t30\t90\tx\t2",
            "5\t1\t2\t1\t1\t1\t100\t300\t80\t30\t95\tSau"]
    tsv = "\n".join(rows)
    text, confidences = text_from_tsv(tsv)
    assert text == "Trước bảng\n\n1\tTân Lập\t\t\tx\n2\t\tx\n\nSau"
    words = located_words(tsv, text, (1000, 1000))
    assert [text[w.start:w.end] for w in words] == ["Trước", "bảng", "1", "Tân", "Lập", "x", "2", "x", "Sau"]


# ── OCR'd tables ──────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def criteria_scan(tmp_path_factory):
    path = tmp_path_factory.mktemp("annex") / "criteria.png"
    render.to_images(ANNEXES["criteria"].blocks, 300, tables.SCAN_300)[0].save(path, dpi=(300, 300))
    return ingest(path).pages[0]


def test_a_commune_criteria_table_is_read_cell_by_cell_on_a_300_dpi_scan(criteria_scan):
    score = tables.score(criteria_scan.text, ANNEXES["criteria"].rows)
    assert score.right / score.cells >= 0.98  # measured 219/220
    assert score.filled_right / score.filled >= 0.98  # measured 136/137
    assert score.rows_in_order >= 8  # of 10 (raw Tesseract: 0)


def test_the_text_around_the_table_stays_in_reading_order(criteria_scan):
    annex = ANNEXES["criteria"]
    lines = criteria_scan.text.splitlines()
    first = next(i for i, line in enumerate(lines) if "\t" in line)
    last = max(i for i, line in enumerate(lines) if "\t" in line)
    assert cer(outside("\n".join(lines[:first])), "\n".join(annex.before)) < 0.02
    assert cer(outside("\n".join(lines[last + 1:])), "\n".join(annex.after)) < 0.02
    assert all("\t" in line for line in lines[first:last + 1])


def test_word_offsets_match_the_text_with_its_table(criteria_scan):
    text, words = criteria_scan.text, criteria_scan.words
    assert words and len(words) == len(text.split())
    assert [text[w.start:w.end] for w in words] == text.split()
    table = [w for w in words if "\t" in text[text.rfind("\n", 0, w.start) + 1:text.find("\n", w.end)]]
    assert len(table) > 150 and all(0.1 < w.box[1] < 0.4 for w in table)  # the table's words keep their boxes


def test_an_indicator_table_is_read_on_a_200_dpi_copy():
    text = ocr.recognize(page(ANNEXES["indicators"].blocks, 200, tables.COPY_200)).text
    score = tables.score(text, ANNEXES["indicators"].rows)
    assert score.right / score.cells >= 0.96  # measured 59/60
    assert any(line.split("\t")[1:] == ["Tỷ lệ hộ nghèo", "%", "8,1", "Năm 2025"] for line in text.splitlines())


def test_rows_that_are_not_ruled_are_told_apart_by_their_numbers():
    annex = ANNEXES["criteria-x-unruled"]
    image = page(annex.blocks, 300, tables.SCAN_300)
    assert [g.shape for g in ocr_tables.find(image).grids] == [(3, 22)]  # header rows, then one ruled body
    text = ocr.recognize(image).text
    rows = [line.split("\t") for line in text.splitlines() if "\t" in line]
    assert len(rows) == len(annex.rows)
    score = tables.score(text, annex.rows)
    assert score.folded / score.cells >= 0.97  # measured 217/220 (a lone "x" mostly reads "X": case folded)
    marks = [cell for row in rows[2:] for cell in row[2:21] if cell]
    assert sum(cell in ("x", "X") for cell in marks) >= 0.97 * len(marks)  # measured 113/115
    assert not [cell for cell in marks if len(cell) > 1 and set(cell) <= set("xX—-")]  # never "Xx", "X—"
    assert [r[:2] for r in rows[2:]] == [g[:2] for g in annex.rows[2:]]  # number and commune of each row
    assert [r[-1] for r in rows[2:]] == [g[-1] for g in annex.rows[2:]]  # and its total


def test_a_box_with_one_filled_cell_a_row_is_no_table():
    rng = random.Random(5)
    notes = [" ".join(rng.sample(ANNEXES["indicators"].after[0].split(), 8)) for _ in range(3)]
    form = render.Grid([[note, ""] for note in notes], [0.8, 0.2], header=0, size=12)
    image = page([render.Para("Các nội dung cần lưu ý:"), form], 300, tables.SCAN_300)
    assert ocr_tables.find(image)  # a grid, but no table
    text = ocr.recognize(image).text
    assert "\t" not in text and all(note.split()[0] in text for note in notes)
