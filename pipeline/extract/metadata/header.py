"""The document's header: issuing body, number, place and date, type heading and subject.

Layout (Nghị định 30/2020/NĐ-CP): issuer lines top left ("UBND HUYỆN CAO LỘC / UỶ BAN NHÂN DÂN
XÃ HOÀ CƯ"), the motto top right, "Số: 12/KH-UBND" under the issuer, "Hoà Cư, ngày 15 tháng 3
năm 2024" under the motto, then the type heading ("KẾ HOẠCH") and the title lines; a công văn
has no heading but a "V/v ..." line. Text extraction often puts the two columns on one line,
so each line is cut into pieces (motto, number, place-date) before it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.aligned import fold_aligned
from pipeline.extract.grammar.codes import Code, match_code
from pipeline.extract.grammar.dates import ISSUE_DATE_NUMERIC, ISSUE_DATE_WORDS, ISSUE_DAY_MONTH
from pipeline.extract.grammar.lines import Line, is_upper, lines_of
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import fold

HEAD_LINES = 40  # the header and title never run longer than this
MAX_TITLE_LINES = 4
PLACE_HEAD = re.compile(r"(?:^|\n)([A-ZĐ][a-zà-ỹđ]+)[^\S\n]*\n[^\S\n]*\Z")  # a lone capitalised word ending the line above
ZONE_LINES = 12  # the issuer, number, motto and place-date lines lie within this many lines from the top
# "Số: 12/KH-UBND"; a law or resolution labels its number with its type: "Luật số: 51/2024/QH15"
NUMBER_MARK = re.compile(
    r"(?:(?:Số|SỐ)\s*:?|(?<![^\W\d_])(?:Luật|Bộ luật|Pháp lệnh|Lệnh|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị)"
    r"\s+(?:số|SỐ)\s*:)\s*")


@dataclass
class IssuedOn:
    year: int | None
    month: int | None
    day: int | None
    span: tuple[int, int]


@dataclass
class Header:
    text: str  # the document text the offsets point into
    doc_type: str | None = None
    code: Code | None = None
    issuer: str | None = None
    issuer_lines: list[Line] = field(default_factory=list)
    place: Line | None = None
    issued: IssuedOn | None = None
    subject: str | None = None
    title_lines: list[Line] = field(default_factory=list)  # the subject's lines under the heading
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)


def read_header(ctx: Context) -> Header:
    lines = lines_of(ctx.text)[:HEAD_LINES]
    heading = _heading(lines)
    zone = lines[:heading[0]] if heading else _until_body(lines)
    header = Header(ctx.text)
    mottos = motto_spans(ctx.text[:zone[-1].end]) if zone else []
    pieces = []
    for line in zone:
        pieces += _read_zone_line(line, header, mottos)
    _read_issuer(pieces, header)
    if heading:
        index, type_id, rest = heading
        header.doc_type = type_id
        header.evidence["doc_type"] = (lines[index].start, lines[index].end)
        _read_title(lines, index, rest, header)
    else:
        _read_subject_line(lines, header)
        header.doc_type = _type_without_heading(ctx.text, header)
        if header.doc_type and header.code:
            header.evidence["doc_type"] = (header.code.start, header.code.end)
    return header


# ── the type heading and the title under it ───────────────────────────────────


def _heading(lines: list[Line]):
    """(index, type id, the rest of the line) of the capitalised type line ("KẾ HOẠCH")."""
    zone_end = _last_zone_mark(lines)
    for i, line in enumerate(lines):
        if _is_body_start(line.text):
            return None
        content = _without_mottos(line)
        if len(content) != 1 or not is_upper(content[0].text, min_letters=4) or _is_mark(content[0].text):
            continue
        if i < zone_end:  # the motto or the number line is still below: a section heading above the header
            continue
        found = _type_at_start(content[0])
        if found:
            return (i, *found)
    return None


def _last_zone_mark(lines: list[Line]) -> int:
    """Index of the last line, among the first ZONE_LINES, with the motto or the document's number
    ("Số: ..."): the type heading stands below them."""
    last = -1
    for i, line in enumerate(lines[:ZONE_LINES]):
        if _is_body_start(line.text):
            break
        if NUMBER_MARK.match(line.text) or motto_spans(line.text):
            last = i
    return last


def _is_mark(text: str) -> bool:
    """A capitalised mark that is neither issuer nor heading: urgency, draft, a gazette's section heading."""
    return fold(text.strip(" *-–—_=.:")) in _marks()


@cache
def _marks() -> frozenset[str]:
    return frozenset(fold(w) for w in _lexicon()["header_marks"]["words"])


def _type_at_start(line: Line) -> tuple[str, Line | None] | None:
    folded = fold_aligned(line.text)
    for name, type_id in _names_longest_first():
        key = fold(name)
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum()):
            return type_id, line.sub(line.start + len(key), line.end)
    return None


def _read_title(lines: list[Line], index: int, rest: Line | None, header: Header) -> None:
    """The title lines under the heading: "CỦA <issuer>" and the subject, to a blank or a body line."""
    title: list[Line] = [rest] if rest else []
    previous = lines[index]
    for line in lines[index + 1:index + 2 + MAX_TITLE_LINES]:
        if _blank_between(previous, line, header) or not re.search(r"\w", line.text) or "\t" in line.text \
                or (title and re.search(r"\w[.;]$", line.text.rstrip())):
            break  # a table's row, a body sentence ('Phấn đấu ... nâng cao.') are never part of the title
        if _is_body_start(line.text, soft=bool(title)):
            break
        title.append(line)
        previous = line
    if title and fold(title[0].text).startswith("cua "):  # "CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ"
        _issuer_from_title(title.pop(0), header)
    # "Về việc ..." then "CHỦ TỊCH UỶ BAN NHÂN DÂN XÃ": the enacting authority is not the title
    title = title[:_first_case_change(title)]
    if title:
        header.title_lines = title
        _set_subject(title, header)


def _first_case_change(lines: list[Line]) -> int:
    changes = (i for i, line in enumerate(lines) if is_upper(line.text) != is_upper(lines[0].text))
    return next(changes, len(lines))


def _issuer_from_title(line: Line, header: Header) -> None:
    issuer = line.sub(line.start + 4, line.end)
    if header.issuer is None and issuer:
        header.issuer = issuer.text
        header.evidence["issuer"] = (issuer.start, issuer.end)


def _blank_between(a: Line, b: Line, header: Header) -> bool:
    return header.text.count("\n", a.end, b.start) >= 2


def _set_subject(lines: list[Line], header: Header) -> None:
    text = " ".join(line.text for line in lines)
    marker = re.match(rf"(?:{_alternation(_lexicon()['subject_markers']['words'])})(?![^\W\d_])[\s:]*", text)
    subject = text[marker.end():] if marker else text
    if subject.strip():
        header.subject = subject.strip()
        header.evidence["subject"] = (lines[0].start, lines[-1].end)


def _read_subject_line(lines: list[Line], header: Header) -> None:
    """A công văn's "V/v ..." line, with the lines it wraps onto (up to a blank line or the body)."""
    for i, line in enumerate(lines):
        m = re.search(r"(?<![^\W\d_])V/[vV](?![^\W\d_])", line.text)
        if not m:
            continue
        first = line.sub(line.start + m.start(), _place_date_start(line) or line.end)
        wrapped = [first] if first else []
        previous = line
        for following in lines[i + 1:i + 4]:
            if _blank_between(previous, following, header) or not _wraps_subject(following):
                break
            wrapped.append(following)
            previous = following
        if wrapped:
            _set_subject(wrapped, header)
        return


def _wraps_subject(line: Line) -> bool:
    """A line under "V/v" that continues it: not the body, a capitalised line, the number or a date line."""
    text = line.text
    return not (
        _is_body_start(text) or is_upper(text) or NUMBER_MARK.match(text) or _place_date_start(line) is not None
    )


def _type_without_heading(text: str, header: Header) -> str | None:
    """No heading: a công văn when it has "V/v" or "Kính gửi", else the type in its own code."""
    letter_marks = header.subject is not None or re.search(r"Kính gửi|KÍNH GỬI", text[:3000])
    if letter_marks and (header.code is None or header.code.type_symbol is None):
        return "cong_van"
    return header.code.doc_type if header.code else None


# ── the zone above the heading: issuer, number, place and date ────────────────


def _read_zone_line(line: Line, header: Header, mottos: list[tuple[int, int]]) -> list[Line]:
    """Read the number and the place-date out of a header line; return what is left of it."""
    pieces = []
    for piece in _without_mottos(line, mottos):
        if header.code is not None and piece.start < header.code.end <= piece.end and piece.start >= header.code.start:
            piece = piece.sub(header.code.end, piece.end)  # the code a "Số:" on the line above led to
            if piece is None:
                continue
        rest_start = piece.start
        number = NUMBER_MARK.search(piece.text)
        if number and header.code is None:
            code = match_code(header.text, piece.start + number.end(), number_optional=True)
            if code is None and not piece.text[number.end():].strip():  # "Số:" / "23/2023/QĐ-UBND" on the next line
                after = re.match(r"[^\S\n]*\n[^\S\n]*", header.text[piece.end:])
                code = match_code(header.text, piece.end + after.end()) if after else None
            if code:
                header.code = code
                header.evidence["number"] = (piece.start + number.start(), code.end)
                pieces.append(piece.sub(piece.start, piece.start + number.start()))
                rest_start = code.end
        place_start = _read_place_date(piece, rest_start, header)
        pieces.append(piece.sub(rest_start, place_start if place_start is not None else piece.end))
    return [p for p in pieces if p is not None]


def _read_place_date(piece: Line, start: int, header: Header) -> int | None:
    """ "Hoà Cư, ngày 15 tháng 3 năm 2024": place and date; returns where they start on the line."""
    if header.issued is not None:
        return None
    text = header.text
    date = next((m for r in (ISSUE_DATE_WORDS, ISSUE_DATE_NUMERIC, ISSUE_DAY_MONTH) if (m := r.search(text, start, piece.end))), None)
    if date:
        parts = date.groupdict()
        header.issued = IssuedOn(*(int(parts[g]) if parts.get(g) else None for g in ("y", "m", "d")), span=date.span())
        header.evidence["issued_date"] = date.span()
        anchor = date.start()
    else:  # a date too damaged to read still marks the place before it
        ngay = re.compile(r"(?<=,)\s*ngày", re.IGNORECASE).search(text, start, piece.end)
        if ngay is None:
            return None
        anchor = ngay.start()
    place = _place_before(text, start, anchor)
    if place is None:
        return anchor
    header.place = place
    header.evidence["place"] = (place.start, place.end)
    return place.start


def _place_before(text: str, start: int, anchor: int) -> Line | None:
    """The capitalised words ending in the comma before the date ("Hoà Cư", "TP. Lạng Sơn")."""
    comma = re.search(r",\s*$", text[start:anchor])
    words = text[start:start + comma.start()].split(" ") if comma else []
    place_words: list[str] = []
    for word in reversed(words):
        if not word or not (word[0].isupper() and (word[1:].islower() or len(word) == 1 or word.endswith("."))):
            break
        place_words.insert(0, word)
    if not place_words:
        return None
    place_text = " ".join(place_words[-5:])
    place_start = text.rfind(place_text, start, anchor)
    before = PLACE_HEAD.search(text, 0, place_start) if place_start == start else None
    if before:  # "Tiền" / "Giang, ngày ...": a place broken over two lines
        return Line(before.start(1), place_start + len(place_text), f"{before.group(1)} {place_text}")
    return Line(place_start, place_start + len(place_text), place_text)


def _place_date_start(line: Line) -> int | None:
    m = re.search(r"[^\W\d_][^,\n]{0,40},\s*ngày", line.text)
    return line.start + m.start() if m else None


def _read_issuer(pieces: list[Line], header: Header) -> None:
    """Capitalised pieces left in the zone are the issuer lines; a unit line continues the one above."""
    unit_words = tuple(fold(w) + " " for w in _lexicon()["unit_words"]["words"])
    bodies: list[list[Line]] = []
    for piece in pieces:
        text = piece.text.strip(" *-–—_=")
        if not is_upper(text, min_letters=4) or _is_mark(text):
            continue
        if bodies and _continues_body(fold(text), [fold(p.text) for p in bodies[-1]], unit_words):
            bodies[-1].append(piece)
        else:
            bodies.append([piece])
    if not bodies:
        return
    header.issuer_lines = [p for body in bodies for p in body]
    header.issuer = " / ".join(" ".join(p.text.strip(" *-–—_=") for p in body) for body in bodies)
    header.evidence["issuer"] = (bodies[0][0].start, bodies[-1][-1].end)


def _continues_body(line: str, body: list[str], unit_words: tuple[str, ...]) -> bool:
    """ "XÃ HOÀ CƯ" under "UỶ BAN NHÂN DÂN" names its unit; "HUYỆN UỶ CAO LỘC" is a body of its own,
    and a body that already has its unit ("UBND HUYỆN CAO LỘC") is complete."""
    committees = tuple(fold(w) for w in _lexicon()["unit_words"]["party_committees"])
    if not line.startswith(unit_words) or any(line == c or line.startswith(c + " ") for c in committees):
        return False
    return not any(f" {w}" in f" {part} " for part in body for w in unit_words)


# ── helpers ───────────────────────────────────────────────────────────────────


def _until_body(lines: list[Line]) -> list[Line]:
    zone = []
    for line in lines[:ZONE_LINES]:
        if _is_body_start(line.text):
            break
        zone.append(line)
    return zone


def _is_body_start(text: str, soft: bool = True) -> bool:
    """Whether the line opens the body; with soft=False a line like "Thực hiện ..." may still be a title."""
    body_starts = _lexicon()["body_starts"]
    starts = [w for w in body_starts["words"] if soft or w not in body_starts["soft"]]
    return any(text.startswith(w) and (len(text) == len(w) or not text[len(w)].isalpha()) for w in starts)


def _without_mottos(line: Line, spans: list[tuple[int, int]] | None = None) -> list[Line]:
    """The pieces of a line outside the national motto (and OCR's "|" column rules)."""
    text = line.text
    if spans is None:
        spans = motto_spans(text)
        spans = [(line.start + a, line.start + b) for a, b in spans]
    cuts = sorted([(a, b) for a, b in spans if a < line.end and b > line.start]
                  + [(line.start + m.start(), line.start + m.end()) for m in re.finditer(r"\|", text)])
    pieces, pos = [], line.start
    for a, b in cuts:
        pieces.append(line.sub(pos, max(pos, a)))
        pos = max(pos, b)
    pieces.append(line.sub(pos, line.end))
    return [p for p in pieces if p is not None and re.search(r"\w", p.text)]


def motto_spans(text: str) -> list[tuple[int, int]]:
    """Where the motto is in `text`, also when two lines share it with the issuer column:
    "UỶ BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA" / "XÃ NHƠN THẠNH VIỆT NAM"."""
    folded = fold_aligned(text)
    spans = []
    for regex in _motto_regexes():
        for m in regex.finditer(folded):
            spans += [m.span(g) for g in ("a", "b") if g in regex.groupindex and m.group(g) is not None]
    return spans


@cache
def _motto_regexes() -> tuple[re.Pattern[str], ...]:
    separator = r"[^\w\n]+"
    edge, end = r"(?<![^\W_])", r"(?![^\W_])"
    regexes = []
    for phrase in _lexicon()["mottos"]["phrases"]:
        words = [re.escape(w) for w in fold(phrase).replace("-", " ").split()]
        regexes.append(re.compile(rf"{edge}(?P<a>{separator.join(words)}){end}"))
        for k in range(2, len(words)):  # the phrase broken after its k-th word, the rest on the next line
            first, second = separator.join(words[:k]), separator.join(words[k:])
            regexes.append(re.compile(rf"{edge}(?P<a>{first})[^\w\n]*\n[^\n]*?{edge}(?P<b>{second}){end}"))
    return tuple(regexes)


@cache
def _names_longest_first() -> tuple[tuple[str, str], ...]:
    pairs = [(name, t.id) for t in lexicon.doc_types() for name in t.names]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


@cache
def _lexicon() -> dict:
    return load_json("metadata/lexicon.json")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
