"""Counts of criteria: "đạt 6/19 tiêu chí", "13/19 tiêu chí chưa đạt", "Số tiêu chí đạt: 15/19", "2/21 chỉ tiêu".

Ratios of communes or villages ("lũy kế 145/182 xã đạt chuẩn") and averages ("bình quân 17,03 tiêu chí/xã")
are results of the programme: the targets step reads them, never as a criteria summary.

A count is "N/M" followed by a unit of models/criteria/criteria.json ("summary_units"), so dates (08/3/2022),
codes (318/QĐ-TTg), money ratios (11,08 tỷ đồng/5,57 tỷ đồng) and rates ("01 tháng/lần") are not counts.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.criteria.lexicon import CriteriaSet, criteria_sets, lexicon, set_for_year
from pipeline.extract.criteria.tables import table_summaries
from pipeline.extract.grammar.aligned import alternation, fold_aligned, lower_aligned
from pipeline.extract.grammar.claimed import cited_spans, document_year
from pipeline.extract.grammar.genre import is_legal
from pipeline.extract.grammar.numbers import COUNT, parse_number
from pipeline.extract.grammar.status_cues import status_cues
from pipeline.models_dir import load_json
from pipeline.schema import CriteriaSummary

# "6/19", "5.775/8.227" (thousands dots), "17,5/19" never (a count is whole) but kept if written
_FRACTION = rf"(?P<n>(?:{COUNT})(?:,\d+)?)\s*/\s*(?P<m>{COUNT})(?![\d/]|[.,]\d)"
_VERB_BEFORE = re.compile(
    r"(?:(?P<neg>chua|khong)\s+)?(?:duoc\s+)?(?:dat|hoan\s+thanh)(?:\s+chuan)?(?:\s+(?:duoc|du))?[\s:]*$")
_VERB_AFTER = re.compile(
    r"[\s*_]*(?:(?:nong\s+thon\s+moi|ntm)\s+)?(?:(?:da|deu|van)\s+)?(?:(?P<neg>chua|khong)\s+)?(?:duoc\s+)?"
    r"(?:dat|hoan\s+thanh)(?![^\W_])")


@cache
def _units() -> tuple[str, dict[str, str]]:
    """The alternation of every unit form, and form (folded, single-spaced) → unit."""
    units = load_json("criteria/criteria.json")["summary_units"]["units"]
    forms = {" ".join(fold_aligned(f).split()): u["unit"] for u in units for f in u["forms"]}
    return alternation([f for u in units for f in u["forms"]]), forms


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    units, _ = _units()
    after = re.compile(r"(?<![\d.,/])" + _FRACTION + r"[\s*_]*(?P<unit>" + units + ")")
    # "Số tiêu chí chưa đạt: 13/19" - the unit before the fraction
    before = re.compile(r"(?<![^\W_])so\s+(?P<unit>" + units + r")(?P<verb>(?:\s+(?:da|chua|khong|duoc|dat|chuan|"
                        r"hoan\s+thanh))*)\s*:?\s*(?<![\d.,/])" + _FRACTION + r"(?![\s*_]*" + units + ")")
    return after, before


def find_summaries(ctx: Context) -> list[CriteriaSummary]:
    folded, lowered = fold_aligned(ctx.text), lower_aligned(ctx.text)
    cited = cited_spans(ctx, citing_lines=False)
    after, before = _patterns()
    items = []
    for m in after.finditer(folded):
        if not cited.covers(m.start()):
            status = _status(ctx, folded, lowered, m.start(), m.end())
            items.append(_summary(ctx, m, m.start("n"), m.end("unit"), status))
    for m in before.finditer(folded):
        if not cited.covers(m.start()):
            verb = m.group("verb")
            local = "unmet" if re.search(r"chua|khong", verb) else "met" if re.search(r"dat|hoan", verb) else None
            status = _with_cue(local, lowered, _sentence_start(ctx, folded, m.start()), m.start())
            items.append(_summary(ctx, m, m.start("n"), m.end("m"), status))
    items = [_with_set(ctx, folded, s) for s in items]
    if not is_legal(ctx, lowered):  # a legal text's tables grade or define, they report no commune's progress
        items += [s for s in table_summaries(ctx, lexicon(), set_for_year(document_year(ctx)))
                  if not any(s.span[0] < o.span[1] and o.span[0] < s.span[1] for o in items)]
    return sorted(items, key=lambda s: s.span)


def _with_set(ctx: Context, folded: str, summary: CriteriaSummary) -> CriteriaSummary:
    """A count of criteria records the set counted: the one its sentence names ('12/19 tiêu chí nông thôn
    mới nâng cao'), else the commune set of the document's period."""
    if summary.unit != "tiêu chí":
        return summary
    start, end = ctx.sentence_at(summary.span[0])
    named = next((s for s, markers in _set_markers() if markers.search(folded, start, max(end, summary.span[1]))), None)
    summary.criteria_set = (named or set_for_year(document_year(ctx))).id
    return summary


@cache
def _set_markers() -> list[tuple[CriteriaSet, re.Pattern[str]]]:
    return [(s, re.compile(alternation(list(s.markers)))) for s in criteria_sets().values() if s.markers]


def _summary(ctx: Context, m: re.Match[str], start: int, end: int, status: str | None) -> CriteriaSummary:
    _, forms = _units()
    unit = forms[" ".join(m.group("unit").split())]
    return CriteriaSummary(**ctx.grounded(start, end), achieved=parse_number(m.group("n")),
                           total=int(parse_number(m.group("m"))), unit=unit, status=status)


def _status(ctx: Context, folded: str, lowered: str, start: int, end: int) -> str | None:
    """'đạt 6/19', '13/19 tiêu chí chưa đạt'; 'mục tiêu ... 6/6 thôn đạt' is a target."""
    sentence_start = _sentence_start(ctx, folded, start)
    verb = _VERB_BEFORE.search(folded, max(sentence_start, start - 40), start) or _VERB_AFTER.match(folded, end)
    local = None if verb is None else "unmet" if verb.group("neg") else "met"
    return _with_cue(local, lowered, sentence_start, start)


def _with_cue(local: str | None, lowered: str, sentence_start: int, start: int) -> str | None:
    if local == "unmet":
        return local
    cue = status_cues().closest(lowered, sentence_start, start)
    if cue == "target":
        return "target"
    return local or ("met" if cue == "result" else None)


def _sentence_start(ctx: Context, folded: str, pos: int) -> int:
    return max(ctx.sentence_at(pos)[0], folded.rfind("\n", 0, pos) + 1)
