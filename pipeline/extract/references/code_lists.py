"""Numbers that share the symbol of the code after them: "các quyết định số 2101, 2102 và
2103/QĐ-UBND" cites three decisions, 2101/QĐ-UBND, 2102/QĐ-UBND and 2103/QĐ-UBND.

Only under a type word written before the first number ("Quyết định số", "các nghị quyết số")
that agrees with the code's type, so that counts and clause numbers ("Điều 1, 2 và 3/...",
"3, 5 và 7/19 tiêu chí") are never read as documents.
"""

from __future__ import annotations

import re

from pipeline.extract.grammar.codes import Code
from pipeline.extract.references.citation_parts import NOT_A_CITATION, SO, type_before

LISTED = re.compile(rf"(?<![\w/.,\-–])(?P<num>\d{{1,5}})\s*(?:,\s*(?:và\s+)?|và\s+)(?:{SO})?$")
STEP = 40  # characters before a number searched for the number listed before it


def listed_codes(text: str, codes: list[Code]) -> list[Code]:
    """The bare numbers listed before each code, as codes of their own."""
    found = []
    for code in codes:
        numbers, pos = [], code.start
        while m := LISTED.search(text, max(0, pos - STEP), pos):
            numbers.append(m)
            pos = m.start()
        if not numbers:
            continue
        prefix = type_before(text, numbers[-1].start())
        if prefix is None or prefix is NOT_A_CITATION or prefix.type_id is None:
            continue
        if code.doc_type and prefix.type_id != code.doc_type:
            continue
        found += [Code(m.start("num"), m.end("num"), m.group("num"), m.group("num"), code.year, code.parts, code.party)
                  for m in reversed(numbers)]
    return found
