"""Deadlines: when a task or target is due, and how often a recurring task comes back.

A time expression (time_expressions.py) is a deadline when
  - a preposition of models/deadlines/periods.json bounds a task with it: "trước ngày 05/4/2024" (the date
    itself excluded), "trong Quý I/2024", "đến hết quý II năm 2025", "cuối năm 2024"; or
  - without one, its clause sets a task or target: "Xã đạt chuẩn nông thôn mới năm 2024",
    "hoàn thành ... năm 2024" — unless the clause reports a result or only aspires ("từng bước").
Never a deadline: what is cited (reference spans, "Căn cứ" lines, a code's date), the header's
place and date, a year before the document's year, a period that names a programme or a set
("Bộ tiêu chí ... giai đoạn 2021 - 2025"), a status as of a date ("Đến hết năm 2023 qua rà soát, xã đạt").
`date` is the last day of the period; with `inclusive` false ("trước ngày 05/4/2024", "trước năm
2025") the first day the deadline excludes.
Schedules ("định kỳ hàng quý", "01 tháng/lần") are deadlines with `recurrence` and no date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.deadlines.tables import deadline_tables, table_deadlines
from pipeline.extract.grammar.aligned import alternation, fold_aligned, lower_aligned
from pipeline.extract.grammar.claimed import cited_spans, document_year
from pipeline.extract.grammar.status_cues import status_cues
from pipeline.extract.grammar.tables import tables
from pipeline.extract.grammar.time_expressions import TimeExpression, time_expressions
from pipeline.models_dir import load_json
from pipeline.schema import Deadline

_CLAUSE_BREAK = re.compile(r"[.;:!?\n]")
_SPACES = re.compile(r"\s*")
# "Thời gian thực hiện: cuối năm 2024", "Tiến độ: trong Quý I": a label makes a weak preposition a time limit
_LABEL = re.compile(r"(?:thoi\s+(?:gian|han)(?:\s+(?:thuc\s+hien|hoan\s+thanh))?|tien\s+do)[\s:,]*$")
# Prepositions that may also date a result ("Đến hết năm 2023, xã đạt ..."); "trước", "chậm nhất" only bound tasks.
_AS_OF_CUE = re.compile(r"(?:den|tinh\s+den|het|trong|cuoi|vao)(?![^\W_])")
_DONE = re.compile(r"(?<![^\W_])đã(?![^\W_])")
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "sáu": 6}
_EVERY_N = {1: "", 3: "quarterly", 6: "semiannually", 12: "yearly"}
_GRANULARITY = {"daily": "day", "monthly": "month", "quarterly": "quarter", "yearly": "year"}
_PERIOD_WORDS = r"(?P<p>ngày|tuần|tháng|quý|năm)(?![^\W_])"


@cache
def _rules() -> dict:
    data = load_json("deadlines/periods.json")
    cues = data["cues"]
    nd = data["not_deadline"]
    rec = data["recurrence"]
    return {
        "cue": re.compile("(?P<exclusive>" + alternation(cues["exclusive"]) + r")?\s*(?P<inclusive>"
                          + alternation(cues["inclusive"]) + r")?[\s:,]*$"),
        "target": re.compile(alternation(data["target_words"]["words"])),
        "names": re.compile(alternation(data["target_words"]["names"])),
        "weak": re.compile(r"^(?:" + alternation(data["target_words"]["weak_cues"]) + r")$"),
        "past": re.compile(alternation(nd["past"], accents=True)),
        "round": re.compile(alternation(nd["round"]) + r"\s*(?:\d+|[ivx]+)\s*[,(]?\s*$"),
        "duties": re.compile(alternation(rec["duties"])),
        "conditions": re.compile(alternation(nd["conditions"], accents=True)),
        "example": re.compile(alternation(nd["examples_words"])),
        "duty": re.compile(alternation(nd["duty_words"], accents=True)),
        "name": re.compile("(?:" + alternation(nd["names"]) + r")(?:\s+[^\W\d_]+|\s*[-–]\s*|,(?=\s*chong\s)){1,25}?\s*$"),  # 'phòng, chống': the one comma of names
        "before": re.compile(alternation(nd["before"]) + r"[\s:,]*$"),
        "clause_veto": re.compile(alternation(nd["clause"], accents=True)),
        "periods": rec["periods"],
        # with accents: folded, "kiểm tra tiến độ" would read "trả tiền"
        "routine": re.compile(alternation(rec["routine"], accents=True)),
        "payment": re.compile(alternation(rec["payment"], accents=True)),
        "payment_kept_by": re.compile(alternation(rec["payment_kept_by"])),
        # "6. Phiếu đánh giá ... hằng tháng": a clause opening with a form's noun names the form
        "form_name": re.compile(r"[\s*_\-–+•]*(?:\(?(?:\d{1,2}|[a-zđ])[.)]\s*)?"
                                + alternation(rec["form_names"], accents=True) + r"(?![^\W_])"),  # "sổ", not "Sở"
        "rate": re.compile(alternation(rec["not_after"]) + r"(?:\s+[^\W\d_]+){0,4}\s*$"),
    }


def find_deadlines(ctx: Context) -> list[Deadline]:
    folded, lowered = fold_aligned(ctx.text), lower_aligned(ctx.text)
    cited = cited_spans(ctx)
    year = document_year(ctx)
    items: dict[tuple, Deadline] = {}
    in_cells = []  # a table's time cells, read with their row's task
    for d in table_deadlines(ctx.text, folded, year, _issued(ctx)):
        if not cited.covers(d.start, d.end):
            item = Deadline(**ctx.grounded(d.start, d.end), date=d.date.isoformat(), granularity=d.granularity,
                            inclusive=d.inclusive, task=d.task)
            items.setdefault((item.date, item.task, item.span), item)
            in_cells.append((d.start, d.end))
    owned = [(t.start, t.end) for t in deadline_tables(ctx.text)]
    in_cells += [(t.start, t.header[-1].end) for t in tables(ctx.text)]  # headings: 'Mục tiêu năm 2025'

    for expr, start, date, inclusive in _deadline_expressions(ctx, folded, lowered, year):
        if cited.covers(expr.start, expr.end) or _in_title(ctx.text, expr.start) \
                or any(s < expr.end and expr.start < e for s, e in in_cells) \
                or (inclusive and _in_subject(ctx, expr.start)):
            continue
        item = Deadline(**ctx.grounded(expr.start, expr.end), date=date.isoformat(),
                        start=start.isoformat() if start else None, granularity=expr.granularity,
                        inclusive=inclusive, task=_task(ctx, expr.start))
        items.setdefault((item.date, item.task), item)
    for start, end, date, granularity in _time_cells(folded, year, _issued(ctx)):
        if not cited.covers(start, end) and not any(s <= start < e for s, e in owned) \
                and not _in_subject(ctx, start):  # the subject's 'năm 2024' ends a line, like a cell
            item = Deadline(**ctx.grounded(start, end), date=date.isoformat(), granularity=granularity,
                            task=_row_task(ctx.text, start))
            items.setdefault((item.date, item.task, item.span), item)
    for start, end, recurrence, on in _recurrences(ctx, folded, lowered):
        if not cited.covers(start, end) and not _in_title(ctx.text, start) and not _question(ctx, start):
            granularity = "day" if on and on[1] else _GRANULARITY.get(recurrence, "period")
            item = Deadline(**ctx.grounded(start, end), granularity=granularity, recurrence=recurrence,
                            month=on[0] if on else None, day=on[1] if on else None, task=_task(ctx, start))
            items.setdefault((recurrence, item.task, item.span), item)
    return sorted(items.values(), key=lambda d: d.span)


# ── dated deadlines ───────────────────────────────────────────────────────────


def _deadline_expressions(ctx: Context, folded: str, lowered: str, year: int | None):
    """(expression, start of a 'từ ... đến ...' range, date, inclusive) for each expression that bounds a task."""
    rules = _rules()
    issued = _issued(ctx)
    expressions = time_expressions(folded, year, issued)
    # the issue year when known: a title's horizon ('đến năm 2025, tầm nhìn đến năm 2030') is no lower bound
    now = issued.year if issued else year
    for i, expr in enumerate(expressions):
        if now is not None and expr.year < now:
            continue  # a past year states a result, never a deadline
        if _quoted(ctx, expr.start):
            continue  # 'phong trào thi đua “... giai đoạn 2021 - 2025”': part of a name
        window = max(0, expr.start - 30)
        if rules["before"].search(folded, window, expr.start) or rules["round"].search(folded, window, expr.start):
            continue
        if _question(ctx, expr.start):
            continue  # a form's question ('Nếu có, thì có được kiểm tra hàng tháng hay không?')
        if _past(ctx, lowered, expr) or _EACH.match(lowered, _SPACES.match(lowered, expr.end).end()):
            continue  # a past event; 'ngày 15 tháng 7 hằng năm': the day of a recurrence
        cue = rules["cue"].search(folded, window, expr.start)
        exclusive, inclusive = (cue.group("exclusive"), cue.group("inclusive")) if cue else (None, None)
        sentence = ctx.sentence_at(expr.start)
        if rules["example"].search(folded, sentence[0], expr.start):
            continue  # 'Ví dụ 2: Đến hết tháng 12 năm 2015, ...': a worked example
        if exclusive or inclusive:
            if _status_as_of(ctx, lowered, expr, cue) or _condition(ctx, folded, lowered, cue.start()) \
                    or _results_through(folded, sentence[0], cue):
                continue
            if rules["name"].search(folded, max(sentence[0], expr.start - 200), cue.start()):
                continue  # 'Chương trình mục tiêu quốc gia ... đến năm 2030': part of a name
            if exclusive == "truoc" and not inclusive and not rules["duty"].search(lowered, *sentence) \
                    and _last_target_word(folded, *sentence) is None:
                continue  # 'Hợp đồng ký trước ngày 01/7/2026': a condition, no duty is bounded
            weak = not exclusive and rules["weak"].match(" ".join(inclusive.split())) \
                and not _LABEL.search(folded, window, cue.start())
            if weak and expr.kind in ("year", "period") and not _goal_in_sentence(ctx, folded, expr):
                continue  # 'công bố thêm 8 xã trong năm 2023': narrative, not a time limit
        elif not _sets_task(folded, lowered, expr, _clause_start(ctx, folded, expr.start)):
            continue
        # "trước ngày 05/4" gives that day; "trước tháng 9/2025" the end of August; "trước cuối tháng 9" its last day
        if exclusive and not inclusive and expr.kind != "day":
            date, inclusive_end = _previous(expr), True
        else:
            date, inclusive_end = (expr.first if exclusive and not inclusive else expr.last), False
        start = _range_start(folded, expressions, i)
        if start is not None and start > date:  # "từ ngày 01/6 đến ngày 01/3": a typo, not a period
            ctx.warn("reversed_range", "the period ends before it starts; its start is left out", expr.start, expr.end)
            start = None
        yield expr, start, date, inclusive_end or not exclusive


def _sets_task(folded: str, lowered: str, expr: TimeExpression, clause_start: int) -> bool:
    """Without a preposition: the clause sets a task or a target, and does not report or hedge."""
    if expr.kind in ("day", "period"):
        return False  # a bare period scopes a programme ("Kế hoạch ... giai đoạn 2021 - 2025")
    rules = _rules()
    if rules["clause_veto"].search(lowered, clause_start, expr.start):
        return False
    target = _last_target_word(folded, clause_start, expr.start)
    if target is not None:
        return True
    if folded[clause_start:expr.start].strip(" *_#-+•\t"):
        return False
    # "Năm 2025, phấn đấu ...": the year opens the clause that sets the target
    clause_end = _CLAUSE_BREAK.search(folded, expr.end)
    return _last_target_word(folded, expr.end, clause_end.start() if clause_end else len(folded)) is not None


def _last_target_word(folded: str, start: int, end: int) -> int | None:
    """Where the last target word of folded[start:end] ends, ignoring programme names."""
    rules = _rules()
    names = [m.span() for m in rules["names"].finditer(folded, start, end)]
    ends = [m.end() for m in rules["target"].finditer(folded, start, end)
            if not any(s <= m.start() < e for s, e in names)]
    return ends[-1] if ends else None


_RESULTS = re.compile(r"(?<![^\W_])(?:ket\s+qua|tinh\s+hinh|so\s+lieu|uoc\s+thuc\s+hien|luy\s+ke)(?![^\W_])")


def _results_through(folded: str, sentence_start: int, cue: re.Match[str]) -> bool:
    """'Cập nhật kết quả thực hiện ... đến hết tháng 9/2023': 'đến' after results dates what they cover."""
    if not (cue.group("inclusive") or "").startswith("den"):
        return False
    results = [m.end() for m in _RESULTS.finditer(folded, sentence_start, cue.start())]
    duties = [m.end() for m in _rules()["duties"].finditer(folded, sentence_start, cue.start())]
    return bool(results) and results[-1] > max(duties, default=-1)


def _goal_in_sentence(ctx: Context, folded: str, expr: TimeExpression) -> bool:
    start, end = ctx.sentence_at(expr.start)
    return _last_target_word(folded, start, end) is not None


def _condition(ctx: Context, folded: str, lowered: str, cue_start: int) -> bool:
    """'đối tượng đang hưởng trợ cấp trước ngày 01/7/2026': a state held before the date, no duty after it."""
    start = ctx.sentence_at(cue_start)[0]
    clause_start = max([start] + [m.end() for m in _CLAUSE_BREAK.finditer(lowered, start, cue_start)])
    states = [m.end() for m in _rules()["conditions"].finditer(lowered, clause_start, cue_start)]
    if not states:
        return False
    duties = [m.end() for m in status_cues().target.finditer(lowered, states[-1], cue_start)]
    duties += [m.end() for m in _rules()["duties"].finditer(folded, states[-1], cue_start)]
    return not duties


def _past(ctx: Context, lowered: str, expr: TimeExpression) -> bool:
    """A past event: 'từ ngày 02/5 đến ngày 16/5/2024 đã tổ chức', 'tháng 8 vừa qua' — a past word after the
    date in its clause, with no duty or goal before it ('phải hoàn thành trước ngày 30/6, số còn lại đã ...')."""
    start, end = ctx.sentence_at(expr.start)
    clause_start = max([start] + [m.end() for m in _CLAUSE_BREAK.finditer(lowered, start, expr.start)])
    clause_end = _CLAUSE_BREAK.search(lowered, expr.end, end)
    if not _rules()["past"].search(lowered, expr.end, clause_end.start() if clause_end else end):
        return False
    return not status_cues().target.search(lowered, clause_start, expr.start)


def _question(ctx: Context, pos: int) -> bool:
    start, end = ctx.sentence_at(pos)
    return ctx.text[start:end].rstrip().endswith("?")


def _in_title(text: str, pos: int) -> bool:
    """On a line in capitals (a title, a heading): it names the document, it sets no time limit."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    letters = [c for c in text[line_start:line_end if line_end >= 0 else len(text)] if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _in_subject(ctx: Context, pos: int) -> bool:
    """In the document's subject ("Kế hoạch / Thực hiện ... năm 2025", "Kết quả ... năm 2024"): a time
    there scopes the document; only a bound ("V/v báo cáo trước ngày 15/12") sets a limit."""
    evidence = getattr(ctx.found.get("metadata"), "evidence", {}).get("subject")
    return evidence is not None and evidence.span[0] <= pos < evidence.span[1]


def _issued(ctx: Context):
    """The document's date, which a date without a year follows ('trước ngày 20/11' in a letter of 05/11)."""
    metadata = ctx.found.get("metadata")
    iso = getattr(metadata, "issued_date", None)
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _previous(expr: TimeExpression) -> dt.date:
    """The last day before the period an exclusive 'trước' names: 'trước năm 2026' → 2025-12-31."""
    return expr.first - dt.timedelta(days=1)


def _status_as_of(ctx: Context, lowered: str, expr: TimeExpression, cue: re.Match[str]) -> bool:
    """The date a result is stated at, not a deadline: 'Đến hết năm 2023 qua rà soát, xã đạt 6/19 tiêu chí',
    'Trong năm 2024, xã đã làm 3 km đường', 'Xã đã làm 3 km đường trong năm 2024'."""
    inclusive = cue.group("inclusive")
    if not inclusive or not _AS_OF_CUE.match(inclusive.strip()):
        return False
    start, end = ctx.sentence_at(expr.start)
    clause_start = max([start] + [m.end() for m in _CLAUSE_BREAK.finditer(lowered, start, expr.start)])
    cues = status_cues()
    if not lowered[clause_start:cue.start()].strip(" *_#-+•\t,"):
        # the date opens its clause: the closest status cue decides, before it or else after it
        kind = cues.closest(lowered, start, expr.start) or cues.first(lowered, expr.end, end)
        return kind == "result"
    # the date closes a clause: a result only if the clause says it is done
    return bool(_DONE.search(lowered, clause_start, cue.start())) and not cues.target.search(
        lowered, clause_start, cue.start())


def _range_start(folded: str, expressions: list[TimeExpression], i: int):
    """The first day of a period ('giai đoạn 2023 - 2025', '6 tháng cuối năm') or of a range whose end
    this is ('từ ngày 01/3/2025 đến ngày 30/6/2025')."""
    expr = expressions[i]
    if expr.kind in ("period", "half"):
        return expr.first
    if i > 0:
        prev = expressions[i - 1]
        between = folded[prev.end:expr.start]
        opened = re.search(r"(?<![^\W_])tu\s*$", folded[max(0, prev.start - 8):prev.start])
        if opened and re.fullmatch(r"\s*(?:den|toi|[-–])\s*(?:het\s+)?", between):
            return prev.first
    return None


def _quoted(ctx: Context, pos: int) -> bool:
    """Inside quotation marks in its sentence: the title of a movement or a document."""
    before = ctx.text[ctx.sentence_at(pos)[0]:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _clause_start(ctx: Context, folded: str, pos: int) -> int:
    sentence_start = ctx.sentence_at(pos)[0]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded, sentence_start, pos)]
    return breaks[-1] if breaks else sentence_start


def _task(ctx: Context, pos: int) -> str | None:
    start, end = ctx.sentence_at(pos)
    task = re.sub(r"[*_#>]+", "", ctx.text[start:end])
    task = re.sub(r"\s+", " ", task).strip(" -+•\t")
    return task or None


# ── a task table's time column ────────────────────────────────────────────────

# the column's header: "Thời gian hoàn thành", "Tiến độ thực hiện", "Thời hạn" closing a line of header cells
_TIME_COLUMN = re.compile(r"(?:thoi\s+(?:gian|han)|tien\s+do)(?:\s+(?:hoan\s+thanh|thuc\s+hien|trinh))?[ \t]*$", re.M)
# a cell: a time closing its line ("... Bộ Tư pháp Quý IV/2023", "(Quý III/2025)", "Trong năm 2024")
_CELL = re.compile(r"(?:^|(?<=[ \t(]))(?:(?:hoan\s+thanh\s+)?(?:trong|truoc|den\s+het)\s+)?(?P<time>(?:thang|quy|nam)"
                   r"[^\n]{1,14}?)[ \t]*\)?[ \t.;]*$", re.M)
_YEAR_CELL = re.compile(r"(?<![^ \t\n])(?<!nam )(?<!doan )(?<!ky )(?P<y1>(?:19|20)\d{2})(?:[ \t]*[-–][ \t]*(?P<y2>(?:19|20)\d{2}))?"
                        r"(?:[ \t]+va[ \t]+hang\s+nam)?[ \t.;]*$", re.M)
# a start ("Từ tháng 8/2023"), a horizon ("tầm nhìn 2050"), a period's or a year's name before the time
_NOT_AN_END = re.compile(r"(?<![^\W_])(?:tu|ke\s+tu|bat\s+dau|tam\s+nhin|den|toi|nam|doan|ky|hoc)[ \t]*$")
_FORM_HEADER = re.compile(r"doc\s+lap\s*-\s*tu\s+do\s*-\s*hanh\s+phuc")  # a form's header block, not a row
_ROW_NUMBER = re.compile(r"^[ \t]*\d{1,3}[ \t]*\.?(?:[ \t]|$)", re.M)


def _time_cells(folded: str, year: int | None, issued):
    """(start, end, date, granularity) of each time cell of a task table (a document with a time column)."""
    if not _TIME_COLUMN.search(folded):
        return
    for m in _CELL.finditer(folded):
        exprs = time_expressions(folded[:m.end("time")], year, issued)
        expr = exprs[-1] if exprs else None
        if expr is not None and expr.start == m.start("time") and expr.end == m.end("time") \
                and expr.kind in ("month", "quarter", "year") and not _NOT_AN_END.search(folded, max(0, m.start() - 20), m.start()):
            yield expr.start, expr.end, expr.last, expr.granularity
    for m in _YEAR_CELL.finditer(folded):
        if _NOT_AN_END.search(folded, max(0, m.start() - 20), m.start()) \
                or not _ROW_NUMBER.search(folded, max(0, m.start() - 600), m.start()) \
                or _FORM_HEADER.search(folded, max(0, m.start() - 300), m.start()):
            continue
        last = int(m.group("y2") or m.group("y1"))
        yield m.start("y1"), m.end("y2") if m.group("y2") else m.end("y1"), dt.date(last, 12, 31), "year"


def _row_task(text: str, pos: int) -> str | None:
    """The task of a table row: the lines after the row's number, up to the time cell."""
    rows = [m.end() for m in _ROW_NUMBER.finditer(text, max(0, pos - 600), pos)]
    start = rows[-1] if rows else text.rfind("\n", 0, max(0, text.rfind("\n", 0, pos))) + 1
    task = re.sub(r"\s+", " ", text[start:text.rfind("\n", 0, pos)]).strip(" -+•\t")
    return task[:200] or None


# ── recurrences ───────────────────────────────────────────────────────────────

# Matched on the lower-cased text with its accents: folded, "mới năm" would read "mỗi năm".
_EACH = re.compile(r"(?<![^\W_])(?:định\s+kỳ\s+)?(?:hàng|hằng|mỗi)\s+" + _PERIOD_WORDS
                   + r"(?P<more>(?:\s*(?:,|và|hoặc)\s*(?:tuần|tháng|quý|năm)(?![^\W_]))*)")
_EVERY = re.compile(r"(?<![^\W_])(?P<n>\d{1,2}|một|hai|ba|sáu)\s+" + _PERIOD_WORDS
                    + r"\s*(?:/\s*|(?:một|1|01)\s+)lần(?![^\W_])")
_TIMES = re.compile(r"(?<![^\W_])(?P<k>\d{1,2}|một|hai|ba)\s+lần\s*/\s*" + _PERIOD_WORDS)


# "thứ Sáu hằng tuần", "sáng Chủ nhật hằng tuần": the day of a weekly routine; "trước thứ Sáu ..." bounds a duty
_ROUTINE_REACH = 60
_WEEKDAY = re.compile(r"(?P<by>(?:truoc|cham\s+nhat(?:\s+la|\s+vao)?)\s+(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?\s+)?)?(?:(?:ngay|sang|chieu|toi)\s+)?"
                      r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)(?![^\W_])[\s,]*$")
_ON_DAY = re.compile(r"(?:truoc|cham\s+nhat(?:\s+la)?|den|vao|toi)\s+(?:ngay\s*)?(?P<d>\d{1,2})"
                     r"(?:\s*(?:thang\s*|/)(?P<m>\d{1,2}))?\s*(?:cua\s+)?$")


def _recurrences(ctx: Context, folded: str, lowered: str):
    """(start, end, recurrence, (month, day) or None) of each schedule of a duty: 'báo cáo định kỳ hàng quý',
    'trước ngày 25 hằng tháng' (day 25), 'trước ngày 15 tháng 7 hằng năm' (month 7, day 15). A schedule
    with no duty in its clause is not a deadline: 'trợ cấp hằng tháng', 'giao ban hàng tháng'."""
    rules = _rules()
    for start, end, recurrence in _schedules(folded, lowered):
        s_start, s_end = ctx.sentence_at(start)
        clause_start = max([s_start] + [m.end() for m in _CLAUSE_BREAK.finditer(folded, s_start, start)])
        clause_end = _CLAUSE_BREAK.search(folded, end, s_end)
        clause = (clause_start, clause_end.start() if clause_end else s_end)
        if _routine(folded, lowered, start, *clause):
            continue
        on = _ON_DAY.search(folded, max(0, start - 40), start)
        if on is not None and not (1 <= int(on.group("d")) <= 31 and 1 <= int(on.group("m") or 1) <= 12):
            on = None  # 'trước ngày 0/0 hàng ngày': no day of a calendar
        if on is not None:
            start = on.start()
            yield start, end, recurrence, (int(on.group("m")) if on.group("m") else None, int(on.group("d")))
        elif rules["duties"].search(folded, *clause):
            yield start, end, recurrence, None


def _routine(folded: str, lowered: str, start: int, clause_start: int, clause_end: int) -> bool:
    """A regulation's routine, not a time limit: grading people, conduct, a right, a payment (unless the clause
    reports or submits), a weekday's routine ('thứ Sáu hằng tuần', not 'trước thứ Sáu'), a form's name."""
    rules = _rules()
    near = (max(clause_start, start - _ROUTINE_REACH), min(clause_end, start + _ROUTINE_REACH))
    if rules["routine"].search(lowered, *near):
        return True
    if rules["payment"].search(lowered, *near) and not rules["payment_kept_by"].search(folded, clause_start, clause_end):
        return True
    weekday = _WEEKDAY.search(folded, max(clause_start, start - 30), start)
    if weekday and not weekday.group("by"):
        return True
    return bool(rules["form_name"].match(lowered, clause_start, start))


def _schedules(folded: str, lowered: str):
    """(start, end, recurrence) of each schedule: 'hàng tháng, quý' gives monthly and quarterly."""
    rules = _rules()
    periods = rules["periods"]
    for m in _EACH.finditer(lowered):
        if rules["rate"].search(folded, max(0, m.start() - 40), m.start()):
            continue  # 'thu nhập bình quân hàng năm': a rate, not a schedule
        yield m.start(), m.end("p"), periods[m.group("p")]
        for more in re.finditer(r"(tuần|tháng|quý|năm)", m.group("more")):
            offset = m.start("more") + more.start()
            yield offset, offset + len(more.group(1)), periods[more.group(1)]
    for m in _EVERY.finditer(lowered):
        n = _count(m.group("n"))
        unit = periods[m.group("p")]
        if m.group("p") == "tháng" and n in _EVERY_N:
            yield m.start(), m.end(), _EVERY_N[n] or unit
        else:
            yield m.start(), m.end(), unit if n == 1 else f"1/{n}{_plural(m.group('p'))}"
    for m in _TIMES.finditer(lowered):
        k = _count(m.group("k"))
        yield m.start(), m.end(), periods[m.group("p")] if k == 1 else f"{k}/{_singular(m.group('p'))}"


def _count(word: str) -> int:
    return _NUMBER_WORDS.get(word) or int(word)


def _singular(period: str) -> str:
    return {"ngày": "day", "tuần": "week", "tháng": "month", "quý": "quarter", "năm": "year"}[period]


def _plural(period: str) -> str:
    return _singular(period) + "s"
