"""Document types and issuing bodies, read from models/grammar/doc_types.json and models/grammar/issuers.json.

Everything that knows a type name ("Quyết định"), an abbreviation ("QĐ"), a code symbol
("QĐ", "NQ", "TTg", "HU") or the level of an issuer phrase ("UBND tỉnh" → province) asks here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical, fold

UPPER = "A-ZĐÐ"  # letters a code part may start with (Ð U+00D0 is an OCR twin of Đ)
LOWER = "a-zđð"


@dataclass(frozen=True)
class DocType:
    id: str
    names: tuple[str, ...]
    abbreviations: tuple[str, ...]
    symbols: tuple[str, ...]
    party_symbols: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Issuer:
    symbol: str
    name: str
    level: str | None
    examples: tuple[str, ...]


def clean_symbol(part: str) -> str:
    """'QÐ' → 'QĐ' (OCR Ð), a known variant to its standard form ('QD' → 'QĐ', 'BNN&PTNT' → 'BNNPTNT'),
    and a known symbol typed in the wrong case to its own ('TTG' → 'TTg')."""
    part = part.replace("Ð", "Đ").replace("ð", "đ")
    part = _variants().get(part, part)
    return _known_by_upper().get(part.upper(), part)


@cache
def _known_by_upper() -> dict[str, str]:
    known = [s for t in doc_types() for s in (*t.symbols, *t.party_symbols)] + [i.symbol for i in issuers()]
    by_upper: dict[str, str] = {}
    for symbol in known:
        by_upper.setdefault(symbol.upper(), symbol)
    return by_upper


@cache
def doc_types() -> tuple[DocType, ...]:
    return tuple(
        DocType(
            id=t["id"], names=tuple(t["names"]), abbreviations=tuple(t["abbreviations"]),
            symbols=tuple(t["symbols"]), party_symbols=tuple(t["party_symbols"]), examples=tuple(t["examples"]),
        )
        for t in load_json("grammar/doc_types.json")["types"]
    )


@cache
def issuers() -> tuple[Issuer, ...]:
    return tuple(
        Issuer(symbol=i["symbol"], name=i["name"], level=i["level"], examples=tuple(i.get("examples", ())))
        for i in load_json("grammar/issuers.json")["issuers"]
    )


@cache
def _variants() -> dict[str, str]:
    table: dict[str, str] = {}
    for t in load_json("grammar/doc_types.json")["types"]:
        table.update(t.get("variants", {}))
    for i in load_json("grammar/issuers.json")["issuers"]:
        table.update({v: i["symbol"] for v in i.get("variants", ())})
    return table


# ── types ─────────────────────────────────────────────────────────────────────


@cache
def _type_by_folded_name() -> dict[str, str]:
    return {fold(name): t.id for t in doc_types() for name in t.names}


def type_of_name(text: str) -> str | None:
    """'Quyết định', 'QUYẾT ĐỊNH', OCR 'KÉ HOẠCH' → the type id; abbreviations too ('QĐ')."""
    by_name = _type_by_folded_name().get(fold(" ".join(text.split())))
    if by_name:
        return by_name
    return next((t.id for t in doc_types() if text in t.abbreviations), None)


@cache
def type_word_regex() -> re.Pattern[str]:
    """A type written in a citation: a full name in any case, or an abbreviation in capitals."""
    names = sorted({n for t in doc_types() for n in t.names}, key=len, reverse=True)
    abbreviations = sorted({a for t in doc_types() for a in t.abbreviations}, key=len, reverse=True)
    name_alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    abbr_alts = "|".join(re.escape(a) for a in abbreviations)
    return re.compile(rf"(?<![^\W\d_])(?:(?i:{name_alts})|{abbr_alts})(?![^\W\d_])")


def type_of_symbol(symbol: str, party: bool) -> str | None:
    """The type whose code letters are `symbol` ('QĐ' → quyet_dinh; party 'TT' → thong_tri)."""
    symbol = clean_symbol(symbol)
    for t in doc_types():
        if symbol in (t.party_symbols if party else t.symbols):
            return t.id
    return None


def type_of_issuer_code(issuer_symbol: str, has_year: bool) -> str | None:
    """Type of a state code that starts with its issuer: 1234/UBND-NN → công văn; 83/2015/QH13 → luật."""
    defaults = load_json("grammar/doc_types.json")["default_for_issuer_symbol"]
    if has_year:
        return defaults["with_year"].get(issuer_symbol)
    return defaults["state"]


def type_symbol(type_id: str, party: bool) -> str | None:
    """The code letters of a type, to rebuild a code ('quyet_dinh' → 'QĐ')."""
    for t in doc_types():
        if t.id == type_id:
            symbols = (t.party_symbols or t.symbols) if party else (t.symbols or t.party_symbols)
            return symbols[0] if symbols else None
    return None


# ── issuers ───────────────────────────────────────────────────────────────────


def issuer_of_symbol(part: str) -> Issuer | None:
    """'TTg' → Thủ tướng Chính phủ; 'QH13' → Quốc hội (a legislature number is dropped)."""
    part = clean_symbol(part)
    table = {i.symbol: i for i in issuers()}
    return table.get(part) or table.get(part.rstrip("0123456789"))


@cache
def issuer_symbol_regex() -> re.Pattern[str]:
    """A bare issuer symbol (HU, UBND, TTg...) as a whole word."""
    symbols = sorted({i.symbol for i in issuers()}, key=len, reverse=True)
    return re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, symbols))})(?![^\W\d_])")


@cache
def _level_words() -> dict:
    return load_json("grammar/issuers.json")["level_words"]


def _has_word(phrase: str, word: str) -> bool:
    return re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", phrase) is not None


def level_of_phrase(phrase: str) -> str | None:
    """'UBND tỉnh' → province, 'Huyện uỷ Cao Lộc' → party, 'Thủ tướng Chính phủ' → central."""
    phrase = canonical(phrase)
    words = _level_words()
    if any(_has_word(phrase, w) for w in words["party"]):
        return "party"
    if any(_has_word(phrase, w) for w in words["central"]):
        return "central"
    hits = []
    for level in ("province", "district", "commune"):
        for word in words[level]:
            m = re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", phrase)
            if m:
                hits.append((m.start(), level, m.end()))
    if not hits:
        return None
    start, level, end = min(hits)
    if level == "district" and fold(phrase[start:end]) == "thanh pho":
        rest = fold(phrase[end:])
        if any(rest.strip().startswith(fold(city)) for city in words["province_cities"]):
            return "province"
    return level
