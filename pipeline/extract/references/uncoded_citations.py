"""Citations without a whole code: a code whose separators a line break swallowed ("QĐ 1543" / "HU"),
and laws cited by name and date ("Luật Tổ chức chính quyền địa phương ngày 19/6/2015")."""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.codes import Code
from pipeline.extract.grammar.dates import YEAR, match_date
from pipeline.extract.references.citation_parts import SO, Citation, alternation, date_fields, phrases
from pipeline.normalize.vietnamese import fold


def split_citations(ctx: Context, codes: list[Code]) -> list[Citation]:
    """ "theo QĐ 1543" then the issuer on the next line ("HU"): a code whose separators were lost."""
    taken = [(c.start, c.end) for c in codes]
    citations = []
    for m in _split_code_regex().finditer(ctx.text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        type_id = lexicon.type_of_name(m.group("type"))
        body = lexicon.issuer_of_symbol(m.group("issuer"))
        party = body is not None and body.level == "party"
        symbol = lexicon.type_symbol(type_id, party) if type_id else None
        if not symbol or body is None:
            continue
        number = m.group("num")
        full_symbol = f"{symbol}/{body.symbol}" if party else f"{symbol}-{body.symbol}"
        code = f"{number}-{full_symbol}" if party else f"{number}/{full_symbol}"
        fields = {
            "doc_type": type_id, "number": number, "symbol": full_symbol, "code": code,
            "issuer": body.name, "issuer_level": body.level,
        }
        citations.append(Citation(m.start(), m.end(), fold(code), fields))
    return citations


@cache
def _split_code_regex() -> re.Pattern[str]:
    """A type, a bare number ending its line, and an issuer symbol starting the next one."""
    return re.compile(
        rf"(?P<type>{lexicon.type_word_regex().pattern})\s+(?:{SO})?(?P<num>\d{{1,5}})[ ]*\n+[ ]*"
        rf"(?P<issuer>{lexicon.issuer_symbol_regex().pattern})"
    )


def titled_citations(ctx: Context) -> list[Citation]:
    """ "Luật Tổ chức chính quyền địa phương ngày 19/6/2015", "Hiến pháp năm 2013": no number."""
    lexicon_words = phrases()
    titled_ids = lexicon_words["titled_types"]["types"]
    names = sorted(
        (n for t in lexicon.doc_types() if t.id in titled_ids for n in t.names), key=len, reverse=True
    )
    name_re = re.compile(rf"(?<![^\W\d_])(?:{alternation(names)})(?![^\W\d_])")
    prepositions = {fold(w) for w in lexicon_words["date_prepositions"]["words"]}
    citations, taken_until = [], 0
    for m in name_re.finditer(ctx.text):
        if m.start() < taken_until or amended_before(ctx.text, m.start()):
            continue
        found = _title_and_date(ctx.text, m.end(), prepositions)
        if found is None:
            continue
        title_end, date_start, date, year_end = found
        title = " ".join(ctx.text[m.start():title_end].split())
        fields = {
            "doc_type": lexicon.type_of_name(m.group(0)), "title": title, "issuer_level": "central",
            **(date_fields(ctx, date) if date else {"date_text": ctx.text[date_start:year_end]}),
        }
        end = date.end if date else year_end
        citations.append(Citation(m.start(), end, "title:" + fold(title), fields))
        taken_until = end
    return citations


def amended_before(text: str, pos: int) -> bool:
    """A law named as what a cited document amends ("Luật số 56/2024/QH15 sửa đổi, bổ sung một số điều
    của Luật A, Luật B ngày ..."): the date after the list is the amending law's, not this one's."""
    start = max(0, pos - AMENDED_LIST_CHARS)
    cut = max(text.rfind(";", start, pos), text.rfind("\n", start, pos))
    clause = text[cut + 1 if cut >= 0 else start:pos]
    return AMENDS.search(clause) is not None


AMENDED_LIST_CHARS = 400  # how far back the amending code may stand (bounded: long lines stay linear)
AMENDS = re.compile(r"\d/\S+[ ,]+(?:sửa đổi|bổ sung|thay thế)(?:(?!ngày\s*\d)[^.])*?\s+của\s+(?:(?!ngày\s*\d)[^.])*$")


def _title_and_date(text: str, pos: int, prepositions: set[str]):
    """Walk the title's words after "Luật" until a date ("ngày ...") or a year ("năm 2013")."""
    word = re.compile(r"[ ]+(?P<w>sửa đổi, bổ sung|[^\s\d,;.:()/\"“”]+)")
    first = word.match(text, pos)
    if first and fold(first.group("w")).startswith("sua doi"):  # "... của Luật A, Luật B ngày": one title
        word = re.compile(r",?[ ]+(?P<w>sửa đổi, bổ sung|[^\s\d,;.:()/\"“”]+)")
    if first and not _bare_title_ok(text, pos) and not (first.group("w")[0].isupper() or fold(first.group("w")).startswith("sua doi")):
        return None  # a law's name is capitalised ("Luật Đất đai") or amends one ("Luật sửa đổi, ...")
    end, count = pos, 0
    while count <= 20:
        date_m = re.compile(r",?[ ]*(?=ngày\s*\d)").match(text, end)
        if date_m:
            date = match_date(text, date_m.end(), require_ngay=True)
            if date and (count or _bare_title_ok(text, pos)) and not _ends_with(text[pos:end], prepositions):
                return end, date.start, date, date.end
        year_m = re.compile(r",?[ ]*(năm\s+(" + YEAR + r"))(?!\d)").match(text, end)
        if year_m and (count or _bare_title_ok(text, pos)):
            return end, year_m.start(1), None, year_m.end(1)
        m = word.match(text, end)
        if m is None or re.compile(r"[ ]+(?:số|Số)\s*:?\s*\d").match(text, end):
            return None  # "Luật ... số 31/2024/QH15" is a coded citation
        end, count = m.end(), count + 1
    return None


def _bare_title_ok(text: str, pos: int) -> bool:
    """Only the Constitution is cited by its type word alone ("Hiến pháp năm 2013")."""
    return fold(text[max(0, pos - 9):pos]) == "hien phap"


def _ends_with(title: str, words: set[str]) -> bool:
    folded = fold(title).split()
    return bool(folded) and (folded[-1] in words or " ".join(folded[-2:]) in words)
