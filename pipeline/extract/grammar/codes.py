"""Document codes ("số, ký hiệu"): 318/QĐ-TTg, 08/2019/NQ-HĐND, 1234/UBND-NN, 74-NQ/ĐU.

Two shapes exist. A state code is number[/year]/TYPE-ISSUER[-UNIT] (a công văn has no TYPE:
number/ISSUER-UNIT). A party code is number-TYPE/ISSUER. OCR and typing add spaces around
"/" and "-", break a code after a separator, or write Ð (U+00D0) for Đ: all are accepted and
the canonical code has none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.dates import YEAR
from pipeline.extract.grammar.lexicon import LOWER, UPPER

# A symbol part: a capital, then capitals, lower-case letters (TTg, QĐi, CTr, ThU) or '&' (BNN&PTNT),
# then digits (QH13); at least two capitals and never followed by another letter, so that words
# ("Ban", "Huy động", "Kế hoạch") are not parts.
PART = rf"(?=[{UPPER}][{LOWER}]?[{UPPER}])[{UPPER}][{UPPER}{LOWER}&]*\d*(?![^\W\d_])"
LOWER_PART = rf"[{LOWER}]{{1,3}}(?![^\W\d_])"  # the trailing "-m" of 487/VPQH-TK-m
# Separators: a space may stand on either side; a line (or page) may break after the separator, or
# before it when the separator is glued to the next part ("1190/QĐ" / "-UBND"; a "- " item is a list).
SLASH = r"(?: ?/(?: |\n{1,2})?|\n/(?! ))"
DASH = r"(?: ?[-–](?: |\n{1,2})?|\n[-–](?! ))"
NUMBER = r"\d{1,5}(?:\.\d{1,3}(?=\s?/))?"  # 52.03/2026/NQ-CP: a resolution numbered within a session

PARTY_CODE = rf"(?P<p_num>{NUMBER}){DASH}(?P<p_type>{PART}){SLASH}(?P<p_rest>{PART}(?:{DASH}{PART})*)"
STATE_CODE = (
    rf"(?P<s_num>{NUMBER})?(?:{SLASH}(?P<s_year>{YEAR}))?{SLASH}"
    rf"(?P<s_rest>{PART}(?:{DASH}{PART}|-{LOWER_PART})*)"
)
CODE_RE = re.compile(rf"(?<![\w/.,\-–])(?:{PARTY_CODE}|{STATE_CODE})")


@dataclass(frozen=True)
class Code:
    start: int
    end: int
    text: str
    number: str | None
    year: str | None
    parts: tuple[str, ...]  # symbol parts after the number (party: the type first)
    party: bool

    @property
    def symbol(self) -> str:
        if self.party:
            return f"{self.parts[0]}/{'-'.join(self.parts[1:])}"
        return "-".join(self.parts)

    @property
    def canonical(self) -> str | None:
        if self.number is None:
            return None
        if self.party:
            return f"{self.number}-{self.symbol}"
        year = f"{self.year}/" if self.year else ""
        return f"{self.number}/{year}{self.symbol}"

    @property
    def type_symbol(self) -> str | None:
        """The type letters when the code has them (QĐ in 318/QĐ-TTg; none in 1234/UBND-NN)."""
        if self.party or lexicon.type_of_symbol(self.parts[0], party=False):
            return self.parts[0]
        return None

    @property
    def issuer_symbol(self) -> str | None:
        """The issuing body's part: TTg in 318/QĐ-TTg, HU in 2986-QĐ/HU, UBND in 1234/UBND-NN."""
        rest = self.parts[1:] if self.type_symbol else self.parts
        return next((p for p in rest if lexicon.issuer_of_symbol(p)), rest[0] if rest else None)

    @property
    def doc_type(self) -> str | None:
        if self.type_symbol:
            return lexicon.type_of_symbol(self.type_symbol, self.party)
        issuer = lexicon.issuer_of_symbol(self.parts[0])
        symbol = issuer.symbol if issuer else self.parts[0]
        return lexicon.type_of_issuer_code(symbol, has_year=self.year is not None)


def _parts(text: str) -> tuple[str, ...]:
    return tuple(lexicon.clean_symbol(p) for p in re.split(r"\s*[-–]\s*", text.strip()) if p)


def _code(m: re.Match[str], number_optional: bool) -> Code | None:
    if m.group("p_num"):
        parts = (lexicon.clean_symbol(m.group("p_type")), *_parts(m.group("p_rest")))
        return _rejoined(m.string, Code(m.start(), m.end(), m.group(0), m.group("p_num"), None, parts, party=True))
    if m.group("s_num") is None and not number_optional:
        return None
    code = Code(m.start(), m.end(), m.group(0), m.group("s_num"), m.group("s_year"), _parts(m.group("s_rest")), False)
    return _rejoined(m.string, code)


WRAPPED_TAIL = re.compile(rf"[ \n](?P<tail>[{UPPER}][{UPPER}{LOWER}&]*\d*)(?![^\W\d_])")


def _rejoined(text: str, code: Code) -> Code:
    """A table cell too narrow for the last symbol part wraps it ("101/2016/QĐ-UB" / "ND"): the two
    pieces are one part when only together they name an issuer."""
    last = code.parts[-1]
    m = WRAPPED_TAIL.match(text, code.end)
    if m is None or lexicon.issuer_of_symbol(last) or lexicon.type_of_symbol(last, code.party):
        return code
    whole = lexicon.clean_symbol(last + m.group("tail"))
    if not lexicon.issuer_of_symbol(whole):
        return code
    return replace(code, end=m.end(), text=text[code.start:m.end()], parts=(*code.parts[:-1], whole))


def find_codes(text: str, pos: int = 0, endpos: int | None = None):
    """Every numbered code in text[pos:endpos]."""
    for m in CODE_RE.finditer(text, pos, len(text) if endpos is None else endpos):
        code = _code(m, number_optional=False)
        if code:
            yield code


def match_code(text: str, pos: int = 0, number_optional: bool = False) -> Code | None:
    """The code starting at `pos`; with number_optional a draft's "/KH-UBND" counts too."""
    m = CODE_RE.match(text, pos)
    return _code(m, number_optional) if m else None


def parse_code(text: str) -> Code | None:
    """A whole string as one code ('318/QĐ-TTg' → Code), or None."""
    code = match_code(text.strip(), number_optional=True)
    return code if code and code.end == len(text.strip()) else None
