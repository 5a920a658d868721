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

import re
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar.aligned import alternation, fold_aligned, lower_aligned
from pipeline.extract.grammar.claimed import cited_spans, document_year
from pipeline.extract.grammar.status_cues import status_cues
from pipeline.extract.grammar.time_expressions import TimeExpression, time_expressions
from pipeline.models_dir import load_json
from pipeline.schema import Deadline

_CLAUSE_BREAK = re.compile(r"[.;:!?\n]")
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
        "period_verbs": re.compile(alternation(data["target_words"]["period_verbs"])),
        "before": re.compile(alternation(nd["before"]) + r"[\s:,]*$"),
        "period_names": re.compile(alternation(nd["period_names"])),
        "clause_veto": re.compile(alternation(nd["clause"], accents=True)),
        "periods": rec["periods"],
        "rate": re.compile(alternation(rec["not_after"]) + r"(?:\s+[^\W\d_]+){0,2}\s*$"),
    }


def find_deadlines(ctx: Context) -> list[Deadline]:
    folded, lowered = fold_aligned(ctx.text), lower_aligned(ctx.text)
    cited = cited_spans(ctx)
    year = document_year(ctx)
    items: dict[tuple, Deadline] = {}
    for expr, start, date, inclusive in _deadline_expressions(ctx, folded, lowered, year):
        if cited.covers(expr.start, expr.end):
            continue
        item = Deadline(**ctx.grounded(expr.start, expr.end), date=date.isoformat(),
                        start=start.isoformat() if start else None, granularity=expr.granularity,
                        inclusive=inclusive, task=_task(ctx, expr.start))
        items.setdefault((item.date, item.task), item)
    for start, end, recurrence in _recurrences(folded, lowered):
        if not cited.covers(start, end):
            granularity = _GRANULARITY.get(recurrence, "period")
            item = Deadline(**ctx.grounded(start, end), granularity=granularity, recurrence=recurrence,
                            task=_task(ctx, start))
            items.setdefault((recurrence, item.task, item.span), item)
    return sorted(items.values(), key=lambda d: d.span)


# ── dated deadlines ───────────────────────────────────────────────────────────


def _deadline_expressions(ctx: Context, folded: str, lowered: str, year: int | None):
    """(expression, start of a 'từ ... đến ...' range, date, inclusive) for each expression that bounds a task."""
    rules = _rules()
    expressions = time_expressions(folded, year)
    for i, expr in enumerate(expressions):
        if year is not None and expr.year < year:
            continue  # a past year states a result, never a deadline
        if _quoted(ctx, expr.start):
            continue  # 'phong trào thi đua “... giai đoạn 2021 - 2025”': part of a name
        window = max(0, expr.start - 30)
        if rules["before"].search(folded, window, expr.start):
            continue
        cue = rules["cue"].search(folded, window, expr.start)
        exclusive, inclusive = (cue.group("exclusive"), cue.group("inclusive")) if cue else (None, None)
        if exclusive or inclusive:
            if _status_as_of(ctx, lowered, expr, cue):
                continue
        elif not _sets_task(folded, lowered, expr, _clause_start(ctx, folded, expr.start)):
            continue
        # "trước ngày 05/4" excludes the day named; "trước cuối tháng 9" names the month's last day
        date = expr.first if exclusive and not inclusive else expr.last
        start = _range_start(folded, expressions, i)
        if start is not None and start > date:  # "từ ngày 01/6 đến ngày 01/3": a typo, not a period
            ctx.warn("reversed_range", "the period ends before it starts; its start is left out", expr.start, expr.end)
            start = None
        yield expr, start, date, not exclusive


def _sets_task(folded: str, lowered: str, expr: TimeExpression, clause_start: int) -> bool:
    """Without a preposition: the clause sets a task or a target, and does not report or hedge."""
    if expr.kind == "day":
        return False
    rules = _rules()
    if rules["clause_veto"].search(lowered, clause_start, expr.start):
        return False
    target = _last_target_word(folded, clause_start, expr.start)
    if expr.kind == "period":
        # "thực hiện giai đoạn 2024 - 2026" bounds a task; "chính sách về xây dựng ... giai đoạn" names a topic
        verbs = [m.end() for m in rules["period_verbs"].finditer(folded, clause_start, expr.start)
                 if not re.search(r"(?<![^\W_])ve\s+$", folded[max(0, m.start() - 4):m.start()])]
        target = max([*verbs, target or -1])
        # "duy trì các tiêu chí theo Bộ tiêu chí ... giai đoạn 2021 - 2025": the period names the set
        return target >= 0 and not rules["period_names"].search(folded, target, expr.start)
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


# ── recurrences ───────────────────────────────────────────────────────────────

# Matched on the lower-cased text with its accents: folded, "mới năm" would read "mỗi năm".
_EACH = re.compile(r"(?<![^\W_])(?:định\s+kỳ\s+)?(?:hàng|hằng|mỗi)\s+" + _PERIOD_WORDS
                   + r"(?P<more>(?:\s*(?:,|và|hoặc)\s*(?:tuần|tháng|quý|năm)(?![^\W_]))*)")
_EVERY = re.compile(r"(?<![^\W_])(?P<n>\d{1,2}|một|hai|ba|sáu)\s+" + _PERIOD_WORDS
                    + r"\s*(?:/\s*|(?:một|1|01)\s+)lần(?![^\W_])")
_TIMES = re.compile(r"(?<![^\W_])(?P<k>\d{1,2}|một|hai|ba)\s+lần\s*/\s*" + _PERIOD_WORDS)


def _recurrences(folded: str, lowered: str):
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
