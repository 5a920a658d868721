"""Table annexes of district reports and plans: a commune x criteria table and an indicator table.

Each annex is one page: a title, a line saying which document it belongs to, the ruled table
(`render.Grid`) and a note under it. The gold is the table's rows as a reader should give them: the
cells of a row in order, a merged cell's text in its first cell and "" in the cells it covers (as
pdfplumber reads a PDF table), and the annex's text outside the table.

    python -m ntm_corpus.tables --out /tmp/annex --seed 1   # writes <kind>.pdf, .scan300.png, .copy200.png, .json
"""

from __future__ import annotations

import difflib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from ntm_corpus import render
from ntm_corpus.vocab import data, pick, vn_number

MARKS = ("x", "Đạt")  # how a met criterion is marked in a commune's row
DEADLINES = ("Năm 2025", "Quý II/2025", "Quý IV/2025", "Tháng 6/2025", "Tháng 12/2025", "2024 - 2025")
SCAN_300 = render.Degrade(skew_deg=0.4, blur=0.5, noise=0.002, seed=1)
COPY_200 = render.Degrade(skew_deg=0.8, blur=0.7, noise=0.004, seed=2)


@dataclass
class Annex:
    kind: str  # "criteria", "criteria-x" (marked "x"), "criteria-x-unruled" (rows not ruled), "indicators"
    before: list[str]  # the annex's lines above the table
    rows: list[list[str]]  # the table, merged cells as described above
    after: list[str]  # below it
    blocks: list[render.Block]

    @property
    def gold(self) -> dict:
        return {"kind": self.kind, "before": self.before, "rows": self.rows, "after": self.after}


def criteria_annex(rng: random.Random, communes: int = 8, mark: str | None = None, rules: str = "grid") -> Annex:
    """Communes as rows, criteria 1..19 as columns marked "x" or "Đạt" where met, and a total.
    `rules="columns"`: the communes' rows are not ruled (render.Grid.rules)."""
    mark = mark or pick(rng, MARKS)
    names = rng.sample(sorted({n for region in data("places")["communes"].values() for n in region}), communes)
    head = [["STT", "Tên xã", "Các tiêu chí đạt chuẩn", *[""] * 18, "Tổng số"],
            ["", "", *map(str, range(1, 20)), ""]]
    body = []
    for i, name in enumerate(names, start=1):
        met = [rng.random() < 0.7 for _ in range(19)]
        body.append([str(i), name, *(mark if m else "" for m in met), str(sum(met))])
    widths = [0.055, 0.145, *[0.73 / 19] * 19, 0.07]
    grid = render.Grid(head + body, widths, header=2, size=8 if mark == "x" else 6,
                       spans=[((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (20, 0)), ((21, 0), (21, 1))], rules=rules)
    year = rng.choice((2023, 2024))
    before = ["PHỤ LỤC I", f"KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI NĂM {year}",
              f"(Kèm theo Báo cáo số {rng.randint(20, 390)}/BC-UBND ngày {rng.randint(1, 28)}/"
              f"{rng.randint(1, 12)}/{year} của Ủy ban nhân dân huyện)"]
    after = [f"Ghi chú: đánh dấu \"{mark}\" vào tiêu chí đã đạt chuẩn theo Bộ tiêu chí quốc gia về xã nông thôn mới."]
    kind = "criteria" + ("" if mark == "Đạt" else "-x") + ("" if rules == "grid" else "-unruled")
    return _annex(kind, before, grid, after)


def indicator_annex(rng: random.Random, indicators: int = 9) -> Annex:
    """STT | Chỉ tiêu | Đơn vị | Mục tiêu 2025 | Thời gian hoàn thành, in two groups with a merged group row."""
    recipes = [r for r in data("indicators")["indicators"] if r.get("names")]
    chosen = rng.sample(recipes, indicators)
    half = indicators // 2
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu năm 2025", "Thời gian hoàn thành"]]
    spans = []
    for group, (title, part) in enumerate((("Chỉ tiêu về kinh tế - xã hội", chosen[:half]),
                                           ("Chỉ tiêu về môi trường, an ninh và hệ thống chính trị", chosen[half:]))):
        spans.append(((1, len(rows)), (4, len(rows))))
        rows.append([("I", "II")[group], title, "", "", ""])
        for i, recipe in enumerate(part, start=1):
            low, high = recipe["range"]
            decimals = pick(rng, recipe.get("decimals", [0]))
            value = vn_number(round(rng.uniform(low, high), decimals), decimals)
            if recipe["unit"] == "%":
                value = ("≤ " if recipe["style"] == "down" else "≥ ") + value if rng.random() < 0.4 else value
            rows.append([str(i), _cap(pick(rng, recipe["names"])), recipe["unit"], value, pick(rng, DEADLINES)])
    grid = render.Grid(rows, [0.07, 0.48, 0.13, 0.14, 0.18], header=1, size=10, spans=spans)
    before = ["PHỤ LỤC II", "CÁC CHỈ TIÊU PHẤN ĐẤU XÂY DỰNG XÃ NÔNG THÔN MỚI NÂNG CAO",
              f"(Kèm theo Kế hoạch số {rng.randint(20, 390)}/KH-UBND ngày {rng.randint(1, 28)}/"
              f"{rng.randint(1, 12)}/2024 của Ủy ban nhân dân xã)"]
    after = ["Các chỉ tiêu trên được rà soát, đánh giá hằng quý và báo cáo Ủy ban nhân dân huyện."]
    return _annex("indicators", before, grid, after)


@dataclass
class Score:
    cells: int  # the gold table's cells, empty ones included
    right: int  # read exactly (whitespace collapsed)
    folded: int  # read right but for letter case ("X" for a mark "x")
    filled: int  # gold cells with text
    filled_right: int
    rows: int
    rows_in_order: int  # rows whose cells stand, in order, on one line of the text (tabs or spaces between)

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))


def score(text: str, gold_rows: list[list[str]]) -> Score:
    """How a page's text reads a gold table: its lines holding tabs, aligned with the gold rows in order
    (difflib: a tab line outside the table, such as a running head, is skipped), cell by cell."""
    read = [[" ".join(c.split()) for c in line.split("\t")] for line in text.splitlines() if "\t" in line]
    flat = {" ".join(line.split()) for line in text.splitlines()}
    paired = _aligned(["\t".join(r) for r in read], ["\t".join(g) for g in gold_rows])
    right = folded = filled = filled_right = whole = 0
    for i, gold in enumerate(gold_rows):
        cells = (read[paired[i]] if i in paired else []) + [""] * len(gold)
        hits = [a == b for a, b in zip(cells, gold, strict=False)]
        right += sum(hits)
        folded += sum(a.casefold() == b.casefold() for a, b in zip(cells, gold, strict=False))
        filled += sum(1 for g in gold if g)
        filled_right += sum(1 for g, h in zip(gold, hits, strict=False) if g and h)
        sequence = " ".join(g for g in gold if g)
        whole += any(sequence in line for line in flat)
    return Score(sum(map(len, gold_rows)), right, folded, filled, filled_right, len(gold_rows), whole)


def _aligned(read: list[str], gold: list[str]) -> dict[int, int]:
    """Gold row → read row: the in-order pairing with the greatest total likeness (difflib ratio; pairs under
    0.3 are not made), so a tab line outside the table (a running head) or a lost row shifts nothing."""
    like = [[difflib.SequenceMatcher(None, g, r, autojunk=False).ratio() for r in read] for g in gold]
    best = [[0.0] * (len(read) + 1) for _ in range(len(gold) + 1)]
    for i in range(len(gold) - 1, -1, -1):
        for j in range(len(read) - 1, -1, -1):
            pair = like[i][j] + best[i + 1][j + 1] if like[i][j] >= 0.3 else 0.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs, i, j = {}, 0, 0
    while i < len(gold) and j < len(read):
        if like[i][j] >= 0.3 and best[i][j] == like[i][j] + best[i + 1][j + 1]:
            pairs[i] = j
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def annexes(seed: int = 1) -> list[Annex]:
    """A seed's annexes: criteria marked "Đạt", marked "x", marked "x" with unruled rows, indicators."""
    rng = random.Random(f"ntm-corpus:annex:{seed}")
    return [criteria_annex(rng, mark="Đạt"), indicator_annex(rng), criteria_annex(rng, mark="x"),
            criteria_annex(rng, mark="x", rules="columns")]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _annex(kind: str, before: list[str], grid: render.Grid, after: list[str]) -> Annex:
    rows = [list(row) for row in grid.rows]
    for (c0, r0), (c1, r1) in grid.spans:  # the covered cells read empty
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    rows[r][c] = ""
    blocks: list[render.Block] = [
        render.Para(before[0], align="center", bold=True), render.Para(before[1], align="center", bold=True),
        render.Para(before[2], align="center", italic=True), grid, *(render.Para(t) for t in after)]
    return Annex(kind, before, rows, after, blocks)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for annex in annexes(args.seed):
        render.to_pdf(annex.blocks, args.out / f"{annex.kind}.pdf")
        render.to_images(annex.blocks, 300, SCAN_300)[0].save(args.out / f"{annex.kind}.scan300.png", dpi=(300, 300))
        render.to_images(annex.blocks, 200, COPY_200)[0].save(args.out / f"{annex.kind}.copy200.png", dpi=(200, 200))
        (args.out / f"{annex.kind}.json").write_text(json.dumps(annex.gold, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
