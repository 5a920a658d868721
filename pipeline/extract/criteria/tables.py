"""Communes × criteria tables of district reports and plan annexes: one row per commune, one column per
criterion, each cell a mark ('x', 'Đạt', '✓' met; 'Chưa đạt' unmet), and perhaps a column counting the
criteria met ('Số tiêu chí đạt').

A column is a criterion's when its heading is the criterion's number under a merged heading of criteria
('Tiêu chí đạt chuẩn' over '1 | 2 | ... | 19'), its number in a row of such numbers, or its name ('Giao
thông'). The row names the commune (`unit_name`). A table of another programme or set (an urban
'đô thị văn minh' list, the advanced set) is left alone, as is a document that is not about the
programme. A row is read only if it lines up with the header: every criterion cell a mark or empty, the
commune cell a name. An empty cell says nothing (the absence of a mark is no statement, and has no text
to point at); a dash is unmet only where the table's legend says so ('"-" là chưa đạt').
Under a caption or header that sets a goal ('các tiêu chí phấn đấu đạt chuẩn năm 2025') a mark is a target.
The transposed form (one row per criterion, one column per commune headed 'Xã Tân Lập') is read the same
way, the commune named by its column's heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.context import Context
from pipeline.extract.criteria.lexicon import CriteriaSet, Lexicon
from pipeline.extract.grammar.aligned import fold_aligned, lower_aligned
from pipeline.extract.grammar.dates import YEAR_MENTION
from pipeline.extract.grammar.status_cues import status_cues
from pipeline.extract.grammar.tables import Cell, Column, Row, Table, tables
from pipeline.schema import CriteriaSummary, Criterion

MIN_CRITERIA_COLUMNS = 3  # a table of fewer criteria columns is not a matrix of the set
_MET = re.compile(r"(?:x|✓|✔|√|v|đ|(?:đã\s+)?đạt(?:\s+chuẩn)?)", re.I)
_UNMET = re.compile(r"(?:chưa|không)(?:\s+đạt(?:\s+chuẩn)?)?", re.I)
_SILENT = re.compile(r"[-–—.]*")
_TOTAL_ROW = re.compile(r"(?:tổng|cộng|toàn\s+(?:huyện|tỉnh|thị|thành)|bình\s+quân|trung\s+bình)", re.I)
_NTM = re.compile(r"(?<![^\W_])(?:nong\s+thon\s+moi|ntm)(?![^\W_])")
_ROW_NUMBER = re.compile(r"(?:\d{1,3}|[ivxlc]{1,5}|[a-zđ])[.)]?", re.I)
_COUNT = re.compile(r"(?P<n>\d{1,2})(?:\s*/\s*(?P<m>\d{1,2}))?")


@dataclass(frozen=True)
class CriteriaTable:
    table: Table
    place: Column
    criteria: dict[int, Column]  # criterion number → its column
    count: Column | None  # 'Số tiêu chí đạt'
    as_of: int | None
    planned: bool = False  # the caption or header sets a goal ('phấn đấu đạt chuẩn năm 2025'): marks are targets
    dash_unmet: bool = False  # the table's legend says '-' is unmet


@dataclass(frozen=True)
class TransposedTable:
    table: Table
    places: list[Column]  # one column per commune, headed by its name
    as_of: int | None
    planned: bool = False


_PLACE_HEADING = re.compile(r"(?:xa|thi\s+tran|phuong|thon|ap|ban)\s+[^\W\d_]")


def _read_tables(ctx: Context, lex: Lexicon, read):
    """`read(folded, lowered, lex, table)` over the text's tables, once per document and reader; none
    unless the text is about the programme."""
    key = (read.__name__, id(lex))
    if key not in ctx.memo:
        folded, lowered = fold_aligned(ctx.text), lower_aligned(ctx.text)
        ctx.memo[key] = [t for table in tables(ctx.text) if (t := read(folded, lowered, lex, table))] \
            if _NTM.search(folded) else []
    return ctx.memo[key]


def transposed_tables(ctx: Context, lex: Lexicon) -> list[TransposedTable]:
    """The criteria × communes tables of a text about the programme."""
    return _read_tables(ctx, lex, _transposed)


def _transposed(folded: str, lowered: str, lex: Lexicon, table: Table) -> TransposedTable | None:
    places = [c for c in table.columns if c.kind is None and c.sub is None
              and _PLACE_HEADING.match(fold_aligned(c.heading).strip().lower())]
    named = [c for c in table.columns if c.kind in ("criteria", "indicator")]
    if len(places) < 2 or not named or named[0].index > places[0].index:
        return None
    if lex.other_set_markers.search(folded, table.above, table.header[-1].end):
        return None
    years = [int(m.group(1)) for m in YEAR_MENTION.finditer(folded, table.above, table.header[-1].end)]
    return TransposedTable(table, places, years[-1] if years else None, _planned(lowered, table))


def transposed_criteria(ctx: Context, lex: Lexicon, recorded: CriteriaSet) -> list[Criterion]:
    """A Criterion for each mark of each criterion row, named by its column's commune."""
    folded = fold_aligned(ctx.text)
    found = []
    for tt in transposed_tables(ctx, lex):
        for row in tt.table.rows:
            number = _criterion_of_row(folded, lex, row.cells[:tt.places[0].index])
            if number is None:
                continue
            marks = []
            for column in tt.places:
                cell = row.cell(column.index)
                status = _status(cell.text) if cell is not None else None
                if status is False:
                    marks = []
                    break  # not a mark: the row does not line up
                if status:
                    marks.append((column, cell, status))
            entry = recorded.entries.get(number)
            found += [Criterion(**ctx.grounded(cell.start, cell.end), criterion=number,
                                name=entry.name if entry else lex.name(number),
                                status="target" if tt.planned and status == "met" else status, as_of=tt.as_of,
                                criteria_set=recorded.id, unit_name=" ".join(column.heading.split()))
                      for column, cell, status in marks]
    return found


def _criterion_of_row(folded: str, lex: Lexicon, cells: tuple[Cell, ...]) -> int | None:
    """The criterion a row is about: a cell naming it ('Tiêu chí số 2', 'Giao thông'), or its number then its name."""
    filled = [c for c in cells if c.text]
    for i, cell in enumerate(filled):
        mention = lex.mention_at(folded, cell.start)
        if mention and mention.end == cell.end and (mention.written_number or mention.name_number):
            return mention.number
        if re.fullmatch(r"0?\d{1,2}", cell.text) and i + 1 < len(filled):
            named = lex.name_at(folded, filled[i + 1].start)
            if named and named[1] == filled[i + 1].end and named[0] == int(cell.text):
                return named[0]
    return None


def _status(text: str, dash_unmet: bool = False) -> str | None | bool:
    """'met', 'unmet', None for an empty cell or a dash (unless the table's legend makes a dash unmet),
    False for anything else."""
    text = " ".join(text.split())
    if _SILENT.fullmatch(text):
        return "unmet" if dash_unmet and text and text[0] in "-–—" else None
    if _UNMET.fullmatch(text):
        return "unmet"
    return "met" if _MET.fullmatch(text) else False


def criteria_tables(ctx: Context, lex: Lexicon) -> list[CriteriaTable]:
    """The communes × criteria tables of a text about the programme."""
    return _read_tables(ctx, lex, _criteria_table)


def _criteria_table(folded: str, lowered: str, lex: Lexicon, table: Table) -> CriteriaTable | None:
    places = table.of_kind("place") or ([] if table.of_kind("indicator") else table.of_kind("unit_or_place"))
    if len(places) != 1:
        return None
    criteria = _criterion_columns(folded, lex, table)
    counts = table.of_kind("criteria_count") or _total_after(folded, table, criteria)
    if len(criteria) < MIN_CRITERIA_COLUMNS and not counts:
        return None
    if lex.other_set_markers.search(folded, table.above, table.header[-1].end):
        return None  # the advanced or model set, another programme's criteria
    years = [int(m.group(1)) for m in YEAR_MENTION.finditer(folded, table.above, table.header[-1].end)]
    return CriteriaTable(table, places[0], criteria, counts[0] if len(counts) == 1 else None,
                         years[-1] if years else None, _planned(lowered, table), _dash_unmet(folded, table))


# a legend under or above the table: '(-): chưa đạt', 'dấu "-" là chưa đạt', 'chưa đạt ghi "-"'
_QUOTED_DASH = r"[(\"“'‘]\s*[-–—]\s*[)\"”'’]"
_DASH_LEGEND = re.compile(_QUOTED_DASH + r"\s*(?::|=|la|:\s*la)\s*(?:tieu\s+chi\s+)?(?:chua|khong)\s+dat"
                          r"|(?:chua|khong)\s+dat\s*(?::|=|ghi|danh\s+dau|la)\s*(?:dau\s+)?" + _QUOTED_DASH)
LEGEND_LINES = 3  # lines under a table where its legend stands


def _dash_unmet(folded: str, table: Table) -> bool:
    """The table says a dash marks an unmet criterion, in its caption or in a note just under it."""
    end = table.end
    for _ in range(LEGEND_LINES):
        nxt = folded.find("\n", end + 1)
        end = len(folded) if nxt < 0 else nxt
    return bool(_DASH_LEGEND.search(folded, table.above, table.start) or _DASH_LEGEND.search(folded, table.end, end))


def _planned(lowered: str, table: Table) -> bool:
    return status_cues().closest(lowered, table.above, table.header[-1].end) == "target"


def _total_after(folded: str, table: Table, criteria: dict[int, Column]) -> list[Column]:
    """'Tổng số' right after the criteria columns of a matrix: the count of criteria met."""
    if len(criteria) < MIN_CRITERIA_COLUMNS:
        return []
    last = max(c.index for c in criteria.values())
    after = [c for c in table.columns if c.index == last + 1 and c.kind is None]
    return [c for c in after if re.fullmatch(r"tong(?:\s+(?:so|cong))?|cong|so\s+tieu\s+chi", fold_aligned(c.heading).strip())]


def _criterion_columns(folded: str, lex: Lexicon, table: Table) -> dict[int, Column]:
    """Criterion number → column: numbers or names under a merged 'Tiêu chí' heading; a run of numbers
    1..19 in a header that says 'tiêu chí'; names of criteria as headings."""
    group = [c for c in table.columns if c.kind == "criteria" and c.sub is not None]
    own = [_sub(c) for c in group]
    if len(group) == len(lex.entries) and sum(h == str(n) for n, h in enumerate(own, start=1)) >= 0.8 * len(own):
        return dict(zip(sorted(lex.entries), group, strict=True))  # the whole set in order, a scan's misread numbers aside
    found: dict[int, Column] = {}
    header_says = re.search(r"tieu\s+chi", folded[table.above:table.header[-1].end]) is not None
    numbered = [c for c in table.columns if re.fullmatch(r"0?\d{1,2}", _sub(c)) and c.kind in (None, "criteria")]
    numbers = [int(_sub(c)) for c in numbered]
    run = len(numbers) >= MIN_CRITERIA_COLUMNS and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    for column in table.columns:
        heading = _sub(column)
        if column.kind not in (None, "criteria") or not heading:
            continue
        number = None
        if re.fullmatch(r"0?\d{1,2}", heading):
            if run and header_says and column in numbered and int(heading) in lex.entries:
                number = int(heading)
        else:
            start = _heading_start(folded, table, column)
            named = lex.mention_at(folded, start) if start is not None else None
            if named and named.end == start + len(heading):
                number = named.number
        if number is not None and number not in found:
            found[number] = column
    return found


def _sub(column: Column) -> str:
    return column.sub if column.sub is not None else column.heading


def _heading_start(folded: str, table: Table, column: Column) -> int | None:
    """Where a column's own heading stands in the text (its sub-heading's cell, else its heading's)."""
    rows = table.header[::-1] if column.sub is not None else table.header[:1]
    for row in rows:
        for cell in row.cells:
            if cell.text and cell.text == _sub(column):
                return cell.start
    return None


def table_criteria(ctx: Context, lex: Lexicon, recorded: CriteriaSet) -> list[Criterion]:
    """A Criterion for each mark of each commune row."""
    found = []
    for ct in criteria_tables(ctx, lex):
        for row in ct.table.rows:
            place = _place(ct, row)
            marks = _marks(ct, row) if place else None
            for number, cell, status in marks or []:
                entry = recorded.entries.get(number)
                found.append(Criterion(**ctx.grounded(cell.start, cell.end), criterion=number,
                                       name=entry.name if entry else lex.name(number),
                                       status="target" if ct.planned and status == "met" else status,
                                       as_of=ct.as_of, criteria_set=recorded.id, unit_name=place))
    return found


def table_summaries(ctx: Context, lex: Lexicon, recorded: CriteriaSet) -> list[CriteriaSummary]:
    """A CriteriaSummary for each commune row's count of criteria met."""
    found = []
    total = len(recorded.entries)
    for ct in criteria_tables(ctx, lex):
        if ct.count is None:
            continue
        for row in ct.table.rows:
            place = _place(ct, row)
            cell = row.cell(ct.count.index)
            m = _COUNT.fullmatch(cell.text) if place and cell else None
            marks = _marks(ct, row) if m else None
            if m is None or (ct.criteria and marks is None):
                continue
            achieved, of = int(m.group("n")), int(m.group("m")) if m.group("m") else None
            if achieved > (of or total) or (of is not None and of != total):
                continue
            met = sum(1 for *_, status in marks or [] if status == "met")
            if len(ct.criteria) == total and met != achieved:
                ctx.warn("count_mismatch", f"{place}: the table counts {achieved} criteria met and marks {met}",
                         cell.start, cell.end)
                continue  # one of the two is misread: neither count is given
            found.append(CriteriaSummary(**ctx.grounded(cell.start, cell.end), achieved=achieved, total=of,
                                         unit="tiêu chí", status="target" if ct.planned else "met",
                                         criteria_set=recorded.id, unit_name=place))
    return found


def _place(ct: CriteriaTable, row: Row) -> str | None:
    """The commune the row is about: a name in its commune cell, a row number (or nothing) before it."""
    cell = row.cell(ct.place.index)
    if cell is None or len(re.findall(r"[^\W\d_]", cell.text)) < 2 or _MET.fullmatch(cell.text) \
            or _UNMET.fullmatch(cell.text) or _TOTAL_ROW.match(cell.text) or re.search(r"\d{3,}", cell.text):
        return None
    before = [c for c in row.cells[:ct.place.index] if c.text]
    if any(not _ROW_NUMBER.fullmatch(c.text) for c in before):
        return None
    return " ".join(cell.text.split())


def _marks(ct: CriteriaTable, row: Row) -> list[tuple[int, Cell, str]] | None:
    """(criterion, cell, status) of each marked cell; None when a criterion cell holds something else
    than a mark (the row does not line up with the header)."""
    marks = []
    for number, column in ct.criteria.items():
        cell = row.cell(column.index)
        status = _status(cell.text, ct.dash_unmet) if cell is not None else None
        if status is False:
            return None
        if status:
            marks.append((number, cell, status))
    return marks
