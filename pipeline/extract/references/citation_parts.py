"""The parts of a citation read around a document code: the type written before it ("Quyết định số"),
then after it the date, "của <issuer>" and the subject ("về việc ...")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.codes import Code
from pipeline.extract.grammar.dates import DATE_WITH_NGAY, DateValue, match_date, match_day_month
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import fold

LOOKBACK = 160  # characters before a code searched for its type ("Nghị quyết chuyên đề số")
MAX_ISSUER_WORDS = 14
MAX_SUBJECT_CHARS = 300
SO = r"(?:[Ss][ốổôồộ]|SỐ)\s*:?\s*"  # "số", and its OCR slips "sổ", "sô"


@dataclass
class Citation:
    """One place a document is cited; merged by `key` into a Reference."""

    start: int
    end: int
    key: str
    fields: dict = field(default_factory=dict)
    code_end: int | None = None  # where its code ends (a coded citation)
    year: str | None = None  # the year its code carries (12/2023/NQ-HĐND), which a yearless date takes
    typed: bool = True  # its type is written before it (not "và số 13/2023/NQ-HĐND" in a list)
    lead: bool = False  # dated by the lead date of its sentence


@dataclass(frozen=True)
class Prefix:
    """What is written before a code: "Quyết định số", "Luật Đất đai số", "Kế hoạch của UBND huyện số"."""

    start: int
    type_id: str | None
    title: str | None = None
    issuer: str | None = None


NOT_A_CITATION = Prefix(-1, None)


def type_before(text: str, pos: int) -> Prefix | None:
    """The type written before a code; NOT_A_CITATION for a form number ("Mẫu số 01/TK").

    Accepted: "Quyết định 318/...", "Quyết định số 318/...", a few words between type and "số"
    ("Nghị quyết chuyên đề số"), a law's name ("Luật Đất đai số 31/2024/QH15"), the issuer
    ("Kế hoạch của UBND huyện Cao Lộc số 107/KH-UBND"). The closest acceptable type word wins.
    """
    window_start = max(0, pos - LOOKBACK)
    window = text[window_start:pos]
    not_citation = alternation(phrases()["not_citation_prefixes"]["words"])
    if re.search(rf"(?<![^\W\d_])(?:{not_citation})\s*(?:{SO})?$", window):
        return NOT_A_CITATION
    best = None
    for m in lexicon.type_word_regex().finditer(window):
        found = _prefix(m, window[m.end():], window_start)
        best = found or best
    return best


def _prefix(m: re.Match[str], between: str, offset: int) -> Prefix | None:
    type_id = lexicon.type_of_name(m.group(0))
    start = offset + m.start()
    if re.fullmatch(rf"\s*(?:{SO})?", between):
        return Prefix(start, type_id)
    of = re.fullmatch(rf"\s+của\s+([^;\n]{{1,120}}?)\s+{SO}", between)
    if of:
        return Prefix(start, type_id, issuer=" ".join(of.group(1).split()))
    titled = type_id in phrases()["titled_types"]["types"]
    words = re.fullmatch(rf"((?:\s+[^\s\d;,.:()/]+){{1,{10 if titled else 3}}})\s+{SO}", between)
    if words:
        return Prefix(start, type_id, title=" ".join((m.group(0) + words.group(1)).split()) if titled else None)
    return None


def date_after(text: str, pos: int, limit: int, year: str | None = None) -> tuple[DateValue | None, int]:
    """A date right after `pos`: ", ngày 08/3/2022", " (ngày ...)", " ban hành ngày ...", and in
    tables or brackets a bare full date ("318/QĐ-TTg | 08/3/2022", "(08/3/2022)"). With the code's
    year, a yearless "ngày 15/7" too (a code's year is the year it was issued)."""
    m = _DATE_LEAD.match(text, pos)
    date = match_date(text, m.end(), require_ngay=True)
    if date is None and year:
        date = match_day_month(text, m.end(), int(year))
    if date is None and _BARE_DATE_LEAD.match(text, pos):
        bare = match_date(text, _BARE_DATE_LEAD.match(text, pos).end())
        date = bare if bare and None not in (bare.day, bare.month, bare.year) else None
    if date is None or date.end > limit:
        return None, pos
    close = re.compile(r"\s*\)").match(text, date.end)
    return date, close.end() if close else date.end


# ", ngày", "(ngày", "cùng ngày", and the issuing words: "ký ngày", "đã được ban hành vào ngày"
_DATE_LEAD = re.compile(
    r"[ ,(\t]*(?:cùng\s+|(?:đã\s+)?(?:được\s+)?(?:(?:ký\s+)?(?:ban hành|thông qua)|ký)\s+(?:vào\s+)?)?"
)  # "vào ngày" only after an issuing verb: "triển khai Kế hoạch số 12/KH-UBND vào ngày ..." is an event
_BARE_DATE_LEAD = re.compile(r"[^\S\n]*[,(|\t][^\S\n]*(?=\d)")  # a bracket, a comma, a table cell


def issued_by_on(text: str, pos: int, limit: int) -> tuple[str | None, DateValue | None, int]:
    """ "do UBND tỉnh ban hành ngày 21-11-2022", "Thủ tướng Chính phủ ký ngày ...", "được HĐND tỉnh
    thông qua ngày ...": a body named by capitals, its issuing verb and the date, in one clause."""
    m = _issued_by_regex().match(text, pos)
    if m is None or not m.group("issuer")[0].isupper() or lexicon.type_word_regex().search(m.group("issuer")):
        return None, None, pos
    date = match_date(text, m.end(), require_ngay=True)
    if date is None or date.end > limit:
        return None, None, pos
    return " ".join(m.group("issuer").split()), date, date.end


@cache
def _issued_by_regex() -> re.Pattern[str]:
    verbs = alternation(phrases()["issuing_verbs"]["words"])
    word = r"[^\W\d_]+"
    return re.compile(
        rf"[ ,]*(?:(?:do|được|của)\s+)?(?P<issuer>{word}(?:[ ]+{word}){{0,{MAX_ISSUER_WORDS - 1}}}?)"
        rf"[ ]+(?:đã[ ]+|vừa[ ]+)?(?:{verbs})[ ]+(?:vào[ ]+)?(?=ngày\s*\d)"
    )


def amendment_date(text: str, pos: int, subject: str | None, later: list[Code]) -> DateValue | None:
    """The date closing what an amending document amends when those are named without codes:
    "Luật số 56/2024/QH15 sửa đổi, bổ sung một số điều của Luật A, Luật B ngày 29/11/2024"."""
    if not subject or not re.match(r"(?:sửa đổi|bổ sung|thay thế)(?![^\W\d_])", subject):
        return None
    end = min([_clause_end(text, pos)] + [c.start for c in later])
    m = DATE_WITH_NGAY.search(text, pos, end)
    if m is None or fold(text[max(pos, m.start() - 8):m.start()]).split()[-1:] in (["truoc"], ["sau"], ["tu"], ["den"]):
        return None
    return match_date(text, m.start(), require_ngay=True)


def date_fields(ctx: Context, date: DateValue | None) -> dict:
    if date is None:
        return {}
    if not date.valid:
        ctx.warn("invalid_date", f"cited document dated {date.text!r}, a date that does not exist", date.start, date.end)
    return {"date": date.iso, "date_text": date.text}


def issuer_after(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    """The body after "của": its words up to a subject, a date, punctuation or the next citation."""
    m = re.compile(r"[ ,]*của\s+").match(text, pos)
    if m is None:
        return None, pos
    words = []
    end = m.end()
    for w in re.compile(r"[^\s,;.:()\[\]\"“”]+").finditer(text, m.end(), limit):
        gap = text[end:w.start()]
        wrapped = gap.count("\n") == 1 and w.group(0)[0].islower()  # "Bộ Nông" / "nghiệp và ..."
        if words and (gap.strip() or ("\n" in gap and not wrapped)):
            break
        if _stops_issuer(text, w.start()) or len(words) == MAX_ISSUER_WORDS:
            break
        words.append(w.group(0))
        end = w.end()
    return (" ".join(words), end) if words else (None, pos)


def _stops_issuer(text: str, pos: int) -> bool:
    if _issuer_stop_regex().match(text, pos):
        return True
    if re.compile(r"ngày\s*\d").match(text, pos):
        return True
    and_next = re.compile(r"và\s+").match(text, pos)
    return bool(and_next and lexicon.type_word_regex().match(text, and_next.end()))


def issuer_fields(written: str | None, code: Code) -> dict:
    body = lexicon.issuer_of_symbol(code.issuer_symbol) if code.issuer_symbol else None
    level = (lexicon.level_of_phrase(written) if written else None) or (body.level if body else None)
    return {"issuer": written or (body.name if body else None), "issuer_level": level}


def subject_after(text: str, pos: int, later: list[Code]) -> str | None:
    """The subject opened by "về việc"/"về"/"V/v" or an opening verb ("ban hành ..."), to the clause end.

    A citation inside the subject ("sửa đổi một số điều của Nghị quyết số 08/2019/NQ-HĐND") stays
    in it; one joined by "và" or a comma starts a new clause.
    """
    m = _subject_marker_regex().match(text, pos)
    start = m.end()
    if not m.group("marker") and not _subject_verb_regex().match(text, start):
        return None
    end = _clause_end(text, start)
    for code in later:
        if code.start >= end:
            break
        prefix = type_before(text, code.start)
        citation_start = prefix.start if prefix and prefix is not NOT_A_CITATION else code.start
        if re.search(r"(?:,|;|(?<![^\W\d_])(?:và|hoặc))\s*$", text[start:citation_start]):
            end = citation_start
            break
    subject = re.sub(r"[\s,:]*(?:(?<![^\W\d_])(?:và|hoặc|theo|tại)[\s,]*)?$", "", text[start:end]).strip(" ,;:")
    return subject or None


def _clause_end(text: str, start: int) -> int:
    """Where a clause starting at `start` ends: ";", a line end, a full stop, a closing bracket it did not open."""
    limit = min(len(text), start + MAX_SUBJECT_CHARS)
    depth = 0
    for m in re.compile(r"[;\n()]|\.(?:\s|$)").finditer(text, start, limit):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")" and depth:
            depth -= 1
        else:
            return m.start()
    return limit if limit == len(text) else max(start, text.rfind(" ", start, limit))


@cache
def phrases() -> dict:
    return load_json("references/phrases.json")


@cache
def _subject_marker_regex() -> re.Pattern[str]:
    return re.compile(rf"[ ,]*(?:(?P<marker>{alternation(phrases()['subject_markers']['words'])})\s+)?")


@cache
def _subject_verb_regex() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(phrases()['subject_verbs']['words'])})(?![^\W\d_])")


@cache
def _issuer_stop_regex() -> re.Pattern[str]:
    words = phrases()
    stops = words["subject_markers"]["words"] + words["subject_verbs"]["words"] + words["issuer_stops"]["words"]
    return re.compile(rf"(?:{alternation(stops)})(?![^\W\d_])")


def alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
