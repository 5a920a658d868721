"""Which status a sentence gives: the cue words of models/criteria/criteria.json ("status_cues").

A status phrase carries its own verb ("chưa đạt", "đã đạt", "đạt thêm"); when the verb alone
does not decide, the closest cue before it in the sentence does: "phấn đấu", "mục tiêu" → target;
"đến nay", "qua rà soát", "đã" → a result (met).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.aligned import alternation
from pipeline.models_dir import load_json


@dataclass(frozen=True)
class StatusCues:
    negation: re.Pattern[str]
    target: re.Pattern[str]
    result: re.Pattern[str]

    def closest(self, lowered: str, start: int, end: int) -> str | None:
        """'target' or 'result': the kind of the last cue in lowered[start:end], None if neither.

        Cues are matched with their accents (`lower_aligned` text): folded, "đã" would be "đa"."""
        last = {kind: max((m.end() for m in regex.finditer(lowered, start, end)), default=-1)
                for kind, regex in (("target", self.target), ("result", self.result))}
        if last["target"] < 0 and last["result"] < 0:
            return None
        return "target" if last["target"] > last["result"] else "result"

    def first(self, lowered: str, start: int, end: int) -> str | None:
        """'target' or 'result': the kind of the first cue in lowered[start:end], None if neither."""
        first = {kind: min((m.start() for m in regex.finditer(lowered, start, end)), default=end + 1)
                 for kind, regex in (("target", self.target), ("result", self.result))}
        if first["target"] > end and first["result"] > end:
            return None
        return "target" if first["target"] < first["result"] else "result"


@cache
def status_cues() -> StatusCues:
    cues = load_json("criteria/criteria.json")["status_cues"]
    negation = re.compile(alternation(cues["negation"]))  # used on folded text, next to a verb
    return StatusCues(negation, *(re.compile(alternation(cues[k], accents=True)) for k in ("target", "result")))
