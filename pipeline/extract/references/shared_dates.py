"""Dates written away from their code.

A citation's own date stands right after its code or its issuer (citation_parts). Two more places
are read here, once every citation has its own date:
- a list under one type word shares the date written after its last code: "Nghị quyết số
  12/2023/NQ-HĐND và số 13/2023/NQ-HĐND ngày 15/7/2023", "các quyết định số 2101, 2102 và
  2103/QĐ-UBND ngày ...". When the type word is repeated ("Thông tư số 21/... và Thông tư số
  22/..., ngày ..."), each citation is a whole phrase and the date stays with the nearer one;
- the lead date of a sentence whose verb issues the cited documents: "Ngày 14/9/2023, UBND tỉnh
  ban hành Quyết định 1187/QĐ-UBND" (and the codes listed with it). A date of another clause
  (an event, a deadline, "có hiệu lực từ ngày") has no issuing verb right before the citation,
  and a citation between the date and this one takes the date for itself.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.grammar.dates import DATE_WITH_NGAY, DAY_MONTH, DateValue, match_date, match_day_month
from pipeline.extract.references.citation_parts import Citation, alternation, phrases
from pipeline.normalize.vietnamese import fold

LEAD_WINDOW = 220  # characters before a citation searched for its sentence's lead date
MAX_SUBJECT_WORDS = 14  # "Chủ tịch UBND tỉnh Nguyễn Văn A"
MAX_OBJECT_WORDS = 30  # "phê duyệt <a programme's name> tại Quyết định ..."
NOT_YET = r"(?:để|sẽ|chưa|không|cần|phải|đề nghị|xin)\s"  # "để ban hành": the issuing is not done that day
SESSION = r",\s*(?:tại\s+)?kỳ\s+họp\s+(?:thứ\s+)?[\w]+\s*,?\s+"  # "HĐND tỉnh khóa X, kỳ họp thứ 8 đã thông qua"
JOINED = re.compile(r"\s*(?:,\s*(?:và|hoặc)?|và|hoặc)\s*")  # between two codes of one list


def share_dates(text: str, citations: list[Citation]) -> None:
    """Fill the dates of coded citations (in text order) from their list and their sentence."""
    for i in range(len(citations) - 2, -1, -1):  # back from the code the date is written after
        here, after = citations[i], citations[i + 1]
        if "date" not in here.fields and "date" in after.fields and not after.typed and _joined(text, here, after):
            _copy_date(after, here)
    for i, here in enumerate(citations):
        if "date" in here.fields:
            continue
        before = citations[i - 1] if i else None
        if before is not None and "date" in before.fields and before.lead and _joined(text, before, here):
            _copy_date(before, here)
            here.lead = True
            continue
        date = lead_date(text, here.start, before.end if before else 0, here.year)
        if date is not None:
            here.fields.update({"date": date.iso, "date_text": date.text})
            here.lead = True


def _joined(text: str, first: Citation, second: Citation) -> bool:
    return first.code_end is not None and JOINED.fullmatch(text, first.code_end, second.start) is not None


def _copy_date(donor: Citation, taker: Citation) -> None:
    taker.fields["date"] = donor.fields["date"]
    taker.fields["date_text"] = donor.fields.get("date_text")


def lead_date(text: str, start: int, floor: int, year: str | None = None) -> DateValue | None:
    """ "Ngày 14/9/2023, UBND tỉnh (đã) ban hành|ký <citation at start>": the date, whole and existing
    (a yearless "Ngày 15/7" only for a code that carries its year)."""
    window_start = max(floor, start - LEAD_WINDOW, _clause_start(text, start))
    dates = [match_date(text, m.start(), require_ngay=True) for m in DATE_WITH_NGAY.finditer(text, window_start, start)]
    if year:
        dates += [match_day_month(text, m.start(), int(year)) for m in DAY_MONTH.finditer(text, window_start, start)]
    date = max((d for d in dates if d), key=lambda d: d.start, default=None)
    if date is None or date.iso is None:
        return None
    opening = text[window_start:date.start]
    if not re.fullmatch(r"[\s,]*(?:(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*,\s*)?(?:[^\W\d_]+\s+)?", opening):
        return None  # the date opens the clause ("Ngày ...", "Vừa qua, ngày ...", "Chiều ngày ...")
    if _preposition_before(opening):
        return None  # "Đến ngày 30/6/2023, ..." is an as-of date; "Từ ngày ..." a start
    return date if _issuing_clause().fullmatch(text, date.end, start) else None


def _clause_start(text: str, pos: int) -> int:
    """After the last line break, ";" or full stop before pos."""
    start = max(0, pos - LEAD_WINDOW)
    cuts = [m.end() for m in re.finditer(r"[\n;]|\.\s", text[start:pos])]
    return start + cuts[-1] if cuts else start


def _preposition_before(opening: str) -> bool:
    words = fold(opening).replace(",", " ").split()
    if not words:
        return False
    prepositions = {fold(w) for w in phrases()["date_prepositions"]["words"]} - {"vao"}
    return words[-1] in prepositions or " ".join(words[-2:]) in prepositions or "tinh den" in " ".join(words)


@cache
def _issuing_clause() -> re.Pattern[str]:
    """From a lead date to a citation: the issuing body, then an issuing verb, then the citation."""
    verbs = alternation(phrases()["issuing_verbs"]["words"])
    return re.compile(
        rf"\s*,?\s*(?:tại\s+kỳ\s+họp\s+(?:thứ\s+)?\w+\s*,\s*)?(?:(?!{NOT_YET})[^\W\d_]+(?:\s+|{SESSION})){{1,{MAX_SUBJECT_WORDS}}}?(?:{verbs})\s+"
        rf"(?:(?:(?!ngày\s*\d)[^\s,;.()]+\s+){{1,{MAX_OBJECT_WORDS}}}?(?:tại|bằng)\s+)?(?:(?:các|văn\s+bản)\s+)?"
    )
