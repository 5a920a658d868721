"""OCR post-correction: repair what Tesseract breaks in Vietnamese, only where the evidence is strong.

- characters: Ð (U+00D0, Icelandic eth) for Đ, and the doubled "QĐÐ" a blurred Đ reads as;
- codes and numbers: l, I, O read for 1 and 0 ("3l8/QĐ-TTg", "2O24", "l4/9/2022"), a symbol with
  a look-alike ("QÐ"), a code split after its separator ("318/QĐ-\nTTg"); only codes with a symbol
  known from models/grammar/doc_types.json or models/grammar/issuers.json;
- Roman numerals: l, 1, |, L read for I in headings ("Il." → "II."), an I dropped where the numbering
  of the earlier headings says which number is due ("I-", "I-", "II-" → "I-", "II-", "III-");
- words: a word that is not a Vietnamese syllable (syllables.py), or a small-letter one no
  dictionary word uses, becomes the nearest attested syllable that makes a dictionary word with a
  neighbour ("nông nghiêp" → "nông nghiệp", "chât lượng" → "chất lượng"); a run of words that
  matches a domain phrase (models/ocr_lexicon.json) but for marks OCR drops or misreads becomes
  that phrase ("Lạng Son" → "Lạng Sơn", "Uy ban nhân dân" → "Uỷ ban nhân dân", "cơ SỞ" → "cơ sở")
  unless the run is itself a dictionary word ("văn hoa") or an end word belongs with its neighbour;
- tones by context: a valid word with the tone OCR confuses with its own (sắc ↔ hỏi: "đấy mạnh",
  "tố chức", "triến khai") that makes no dictionary word with either neighbour becomes the other
  tone where that one does and the document writes it so elsewhere ("đẩy mạnh", "tổ chức");
- specks: a lone "_", "ˆ" or "~", a "|" a sentence runs on through, a "." inside a word.

A valid word is never changed into another valid word without a phrase saying so. The dictionary
is Hồ Ngọc Đức's word list that underthesea ships (without it only phrases and structure repair).
Each fix is a `Correction` (start, end, replacement, before, reason) on the input text; `correct`
applies them through `MappedText.rewrite`, one minimal edit per changed stretch, so every untouched
character keeps its origin.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.models_dir import load_json
from pipeline.normalize.mapped import MappedText
from pipeline.normalize.syllables import by_fold, inventory, is_syllable, split_tone
from pipeline.normalize.vietnamese import canonical, fold

LEXICON = "ocr_lexicon.json"
DICTIONARY = "corpus/data/Viet74K.txt"  # Hồ Ngọc Đức's word list, shipped with underthesea
ETH = {"Ð": "Đ", "ð": "đ"}  # U+00D0 / U+00F0: the glyph of Đ in fonts without it, and what OCR reads
CONFUSED_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
CONFUSED_LETTERS = str.maketrans({"0": "O", "1": "I", "l": "I", "|": "I", **ETH})
ROMAN_CONFUSABLES = "l1|L"


@dataclass(frozen=True)
class Correction:
    start: int
    end: int
    replacement: str
    before: str
    reason: str

    def edits(self) -> list[tuple[int, int, str]]:
        """The smallest edits turning `before` into `replacement`, so unchanged letters keep their origin."""
        edits = []
        for tag, a1, a2, b1, b2 in Levenshtein.opcodes(self.before, self.replacement):
            if tag != "equal":
                edits.append((self.start + a1, self.start + a2, self.replacement[b1:b2]))
        return edits


def correct(mapped: MappedText) -> tuple[MappedText, list[Correction]]:
    corrections = ocr_edits(mapped.text)
    return apply(mapped, corrections), corrections


def apply(mapped: MappedText, corrections: list[Correction]) -> MappedText:
    """`mapped` with `corrections` (in order, non-overlapping: a subset of `ocr_edits`) applied."""
    return mapped.rewrite(edit for c in corrections for edit in c.edits())


def output_spans(corrections: list[Correction]) -> list[tuple[int, int]]:
    """Where each correction's replacement lies in the corrected text."""
    spans, shift = [], 0
    for c in corrections:
        spans.append((c.start + shift, c.start + shift + len(c.replacement)))
        shift += len(c.replacement) - (c.end - c.start)
    return spans


def ocr_edits(text: str) -> list[Correction]:
    """The corrections for `text`, in order and non-overlapping."""
    structural = [*code_fixes(text), *number_fixes(text), *roman_fixes(text)]
    words = [w for w in tokenize(text) if not _overlaps(w.start, w.end, structural)]
    fix_invalid_words(words, text)
    fix_phrases(words, text)
    fix_tone_confusions(words, text)
    candidates = [*structural, *word_corrections(words), *eth_fixes(text), *noise_fixes(text),
                  *stray_mark_fixes(words, text)]
    return _first_come(candidates)


def _overlaps(start: int, end: int, taken: Iterable[Correction]) -> bool:
    return any(start < c.end and c.start < end for c in taken)


def _first_come(candidates: list[Correction]) -> list[Correction]:
    """Keep each correction that overlaps none kept before it; return them in text order."""
    kept: list[Correction] = []
    for c in candidates:
        if c.replacement != c.before and not _overlaps(c.start, c.end, kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


# ── resources ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]  # lower case, canonical
    written: tuple[str, ...]  # as the lexicon writes them ("mặt trận Tổ quốc")
    title_case: bool


@dataclass(frozen=True)
class Resources:
    phrases: dict[tuple[str, ...], list[Phrase]]  # by the folds of their words
    longest: dict[str, int]  # first-word fold → longest phrase starting with it
    phrase_forms: frozenset[str]  # every phrase, lower case, words joined by one space
    entries: frozenset[str]  # dictionary entries, lower case, words joined by one space
    pairs: frozenset[tuple[str, str]]  # adjacent syllables inside a dictionary entry or a phrase
    attested: frozenset[str]  # the syllables real words use
    type_symbols: frozenset[str]
    issuer_symbols: frozenset[str]
    roman_cues: frozenset[str]
    noise: str  # speck characters
    rule_noise: str  # speck characters that may also be a table or column rule


@cache
def resources() -> Resources:
    lexicon = load_json(LEXICON)
    phrases: dict[tuple[str, ...], list[Phrase]] = defaultdict(list)
    for written, title in _phrase_sources(lexicon):
        words = tuple(w.lower() for w in written)
        key = tuple(fold(w) for w in words)
        if all(p.words != words for p in phrases[key]):
            phrases[key].append(Phrase(words, written, title))
    longest: dict[str, int] = {}
    for key in phrases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    forms = frozenset(" ".join(p.words) for group in phrases.values() for p in group)
    entries = _dictionary() | forms
    split = [entry.split() for entry in entries]
    pairs = {pair for words in split if len(words) > 1 for pair in zip(words, words[1:], strict=False)}
    attested = inventory()[2].intersection(word for words in split for word in words)
    doc_types, issuers = load_json("grammar/doc_types.json")["types"], load_json("grammar/issuers.json")["issuers"]
    types = {s for t in doc_types for key in ("symbols", "party_symbols", "abbreviations") for s in t[key]}
    types |= {v for t in doc_types for v in t.get("variants", {})}
    return Resources(
        phrases=dict(phrases), longest=longest, phrase_forms=forms, entries=entries, pairs=frozenset(pairs),
        attested=attested, type_symbols=frozenset(types),
        issuer_symbols=frozenset(i["symbol"] for i in issuers) | {v for i in issuers for v in i.get("variants", [])},
        roman_cues=frozenset(lexicon["roman_numerals"]["cue_words"]), noise=lexicon["noise"]["characters"],
        rule_noise=lexicon["noise"]["rules"],
    )


def _phrase_sources(lexicon: dict) -> Iterator[tuple[tuple[str, ...], bool]]:
    """(words as written, title case) of every phrase of two syllables or more, split at punctuation."""
    named = [(p, g["case"] == "title") for g in lexicon["groups"] for p in g["phrases"]]
    named += [(n, False) for set_id in load_json("criteria/criteria.json")["sets"]
              for c in load_json(f"criteria/sets/{set_id}.json")["criteria"] for n in (c["name"], *c["names"])]
    named += [(i["name"], False) for i in load_json("grammar/issuers.json")["issuers"]]
    for text, title in named:
        for part in re.split(r"[^\w\s]+", canonical(text)):
            words = tuple(part.split())
            if len(words) >= 2:
                yield words, title


def _adjacent(words: list[str]) -> Iterator[tuple[str, str]]:
    return zip(words, words[1:], strict=False)


def _dictionary() -> frozenset[str]:
    """Vietnamese dictionary entries (empty when underthesea's word list is not installed)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / DICTIONARY
    if not path.exists():
        return frozenset()
    text = canonical(path.read_text(encoding="utf-8")).lower().replace("-", " ")
    return frozenset(re.sub(r"[^\S\n]+", " ", text).split("\n")) - {""}


# ── characters and specks ─────────────────────────────────────────────────────

DOUBLED_ETH = re.compile("[ĐÐ]Ð|Ð[ĐÐ]|[đð]ð|ð[đð]")


def eth_fixes(text: str) -> Iterator[Correction]:
    for m in DOUBLED_ETH.finditer(text):
        yield Correction(m.start(), m.end(), ETH.get(m.group()[0], m.group()[0]), m.group(), "doubled Đ")
    for m in re.finditer("[Ðð]", text):
        yield Correction(m.start(), m.end(), ETH[m.group()], m.group(), "Ð (eth) for Đ")


def noise_fixes(text: str) -> Iterator[Correction]:
    """A lone speck token, dropped with the space before it (after it at a line start). A "|" may be a
    table or column rule: it goes only where a sentence runs on through it ("nông | thôn")."""
    res = resources()
    speck = f"[{re.escape(res.noise + res.rule_noise)}]{{1,2}}"
    inside = rf"(?<=\S)[^\S\n]+(?P<inside>{speck})(?=[^\S\n]|$)"  # after a word: with the space before
    first = rf"^(?P<first>{speck})[^\S\n]+(?=\S)"  # at a line start: with the space after
    for m in re.finditer(f"(?m){inside}|{first}", text):
        token = m.group("inside") or m.group("first")
        if any(c in res.rule_noise for c in token) and not _mid_sentence(text, m.start(), m.end()):
            continue
        if token == "~" and re.match(r"\s*\d", text[m.end():]):
            continue  # "~ 50%": about
        yield Correction(m.start(), m.end(), "", m.group(), "speck")


STRAY_MARK = re.compile(r"[^\S\n]*[.'’][^\S\n]*")


def stray_mark_fixes(words: list[Word], text: str) -> Iterator[Correction]:
    """A speck read as '.' or an apostrophe inside a dictionary word ("vật. chất", "tham . gia"),
    or as a lone '.' before a small-letter word."""
    pairs = resources().pairs
    for a, b in _adjacent(words):
        gap = text[a.end:b.start]
        if not STRAY_MARK.fullmatch(gap) or " " not in gap or not b.text.islower():
            continue
        lone_stop = gap.strip() == "." and gap.startswith(" ")
        if lone_stop or (a.current, b.current) in pairs:
            yield Correction(a.end, b.start, " ", gap, "speck")


def _mid_sentence(text: str, start: int, end: int) -> bool:
    """A letter or a comma before, a lower-case letter after, on the same line."""
    before = text[:start].rstrip(" \t")[-1:]
    after = text[end:].lstrip(" \t")[:1]
    return bool(before) and (before.isalpha() or before in ",;") and after.islower()


# ── codes and numbers ─────────────────────────────────────────────────────────

SYMBOL = r"[A-ZĐÐ][A-Za-zĐđÐ&0-9]*"
CODE_NUMBER = re.compile(r"(?<![\w/.-])(?P<num>[0-9OolI]{1,5})(?:/(?P<year>[0-9OolI]{4}))?(?=[/-])")
CODE_PART = re.compile(rf"(?P<sep>[/-])(?P<space>\s*)(?P<symbol>{SYMBOL})(?![\w])")


def code_fixes(text: str) -> Iterator[Correction]:
    """A document code whose number holds letters, whose symbol holds Ð or a digit for a letter, or
    that a space or line break splits after a separator ("318/QĐ- TTg")."""
    for m in CODE_NUMBER.finditer(text):
        if not any(c.isdigit() for c in m.group("num")):
            continue
        parts, end = _code_parts(text, m.end())
        if not any(known for _, _, known in parts):
            continue
        fixed = m.group("num").translate(CONFUSED_DIGITS)
        if m.group("year"):
            fixed += "/" + m.group("year").translate(CONFUSED_DIGITS)
        fixed += "".join(sep + symbol for sep, symbol, _ in parts)
        yield Correction(m.start(), end, fixed, text[m.start():end], "code")


def _code_parts(text: str, pos: int) -> tuple[list[tuple[str, str, bool]], int]:
    """(separator, symbol as repaired, is known) of each part of a code from `pos`, and where it ends.
    A part after a space or a line break belongs to the code only when it is a known symbol."""
    res = resources()
    known = res.type_symbols | res.issuer_symbols
    parts = []
    while (m := CODE_PART.match(text, pos)) is not None:
        symbol = m.group("symbol")
        repaired = symbol.translate(CONFUSED_LETTERS)
        if symbol.rstrip("0123456789") not in known and repaired in known:
            symbol = repaired
        is_known = symbol in known or symbol.rstrip("0123456789") in known
        if m.group("space") and (not is_known or m.group("space").count("\n") > 1):
            break
        parts.append((m.group("sep"), symbol, is_known))
        pos = m.end()
    return parts, pos


NUMBER = re.compile(r"(?<![\w.,/])[0-9OolI]+(?:[/.,][0-9OolI]+)*(?![\w/])")


def number_fixes(text: str) -> Iterator[Correction]:
    """'2O24', 'l4/9/2022': O and l inside a number, every group of which holds a digit."""
    for m in NUMBER.finditer(text):
        groups = re.split(r"[/.,]", m.group())
        if not all(any(c.isdigit() for c in g) for g in groups) or sum(c.isdigit() for c in m.group()) < 2:
            continue
        fixed = "/".join(_number_group(g) for g in m.group().split("/"))
        yield Correction(m.start(), m.end(), fixed, m.group(), "digit")


def _number_group(group: str) -> str:
    """Letters that lead or sit inside the digits become digits; a trailing l or I may be a unit (litre)."""
    trailing = re.search(r"[lI]+$", group)
    head, tail = (group[: trailing.start()], trailing.group()) if trailing else (group, "")
    return head.translate(CONFUSED_DIGITS) + tail


# ── Roman numerals ────────────────────────────────────────────────────────────

ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
HEADING_NUMBER = re.compile(r"(?m)^[^\S\n]*[_|¬~]*(?P<num>[IVXLl1|]{1,6})(?P<after>[.\-–):]|[^\S\n]+[^\W\d_])")


def roman_value(numeral: str) -> int | None:
    if not numeral or not ROMAN.fullmatch(numeral):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        total += -values[a] if b != " " and values[a] < values[b] else values[a]
    return total


def to_roman(value: int) -> str:
    out = ""
    for n, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out, value = out + s, value - n
    return out


def roman_fixes(text: str) -> Iterator[Correction]:
    yield from _heading_numerals(text)
    cues = "|".join(re.escape(c) for c in sorted(resources().roman_cues, key=len, reverse=True))
    for m in re.finditer(rf"(?<!\w)(?:{cues})[^\S\n]+(?P<num>[IVX]*[l|][IVXl|]*)(?![\w])", text):
        fixed = m.group("num").replace("l", "I").replace("|", "I")
        if roman_value(fixed) and re.search("[IVX]", m.group("num")):
            yield Correction(m.start("num"), m.end("num"), fixed, m.group("num"), "Roman numeral")


def _heading_numerals(text: str) -> Iterator[Correction]:
    """Line-initial Roman numerals, read the way the numbering so far expects."""
    previous = 0
    for m in HEADING_NUMBER.finditer(text):
        numeral, after = m.group("num"), m.group("after")
        if not re.search("[IVX]", numeral) or after[-1].isalpha() and not after[-1].isupper():
            continue  # "1." is an Arabic list item; a numeral with no stop runs into a capital
        value = _heading_value(numeral, previous + 1, previous)
        if value is None:
            continue
        previous = value
        fixed = to_roman(value)
        if fixed != numeral:
            yield Correction(m.start("num"), m.end("num"), fixed, numeral, "Roman heading")


def _heading_value(numeral: str, expected: int, previous: int) -> int | None:
    """What a heading numeral stands for: itself when valid, else the reading the numbering expects."""
    readings = set()
    confusable = [i for i, c in enumerate(numeral) if c in ROMAN_CONFUSABLES]
    for choice in range(3 ** len(confusable)):
        chars, digits = list(numeral), choice
        for i in confusable:
            chars[i] = ("I", "", chars[i])[digits % 3]  # read as I, drop it, or keep it
            digits //= 3
        value = roman_value("".join(chars))
        if value and value <= 39:
            readings.add(value)
    as_is = roman_value(numeral) if numeral.isupper() and "1" not in numeral and "|" not in numeral else None
    if as_is and as_is <= 39:
        if as_is == expected - 1 and previous and set(numeral) == {"I"} and expected <= 3:
            return expected  # an I dropped: "I-", "I-" for "I-", "II-"
        return as_is
    if expected in readings:
        return expected
    all_i = roman_value("".join("I" if c in ROMAN_CONFUSABLES else c for c in numeral))
    return all_i if all_i in readings else (min(readings) if readings else None)


# ── words ─────────────────────────────────────────────────────────────────────

WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Word:
    start: int
    end: int
    text: str
    current: str  # lower case, canonical; the corrected form once a fix applies
    reasons: list[str]
    lower: bool = False  # written in small letters whatever the OCR case

    @property
    def changed(self) -> bool:
        return self.lower or self.current != canonical(self.text.translate(ETH)).lower()  # Ð alone: eth_fixes


def tokenize(text: str) -> list[Word]:
    return [Word(m.start(), m.end(), m.group(), canonical(m.group().translate(ETH)).lower(), [])
            for m in WORD.finditer(text)]


def joined(text: str, a: Word, b: Word) -> bool:
    """Only space (one line break at most) and specks stand between the two words."""
    gap = text[a.end:b.start]
    return bool(gap) and gap.count("\n") <= 1 and not gap.strip(" \t\n" + resources().noise + resources().rule_noise)


def _in_code(text: str, w: Word) -> bool:
    before, after = text[w.start - 1: w.start], text[w.end: w.end + 1]
    return bool(re.match(r"[\w/&'-]", before) or re.match(r"[\w/&'-]", after))


def _case_kind(word: str) -> str | None:
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper"
    if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
        return "title"
    return None


# A word written as no Vietnamese word is: the attested syllables near it that make a dictionary word
# with a neighbour; the nearest of them when it is the only one at its distance.

MAX_DISTANCE = 2
LETTER_SWAPS = (("l", "i"), ("rn", "m"), ("cl", "d"))


def fix_invalid_words(words: list[Word], text: str) -> None:
    res = resources()
    for i, w in enumerate(words):
        if _case_kind(w.text) is None or _in_code(text, w) or w.current in res.attested:
            continue
        if w.text.isupper() and (len(w.text) <= 2 or roman_value(w.text)):
            continue  # an abbreviation or a Roman numeral ("XII")
        valid = is_syllable(w.text)
        if valid and not w.text.islower():
            continue  # a valid syllable no dictionary word uses, capitalised, is a name ("Nguyễn")
        neighbours = _neighbours(words, i, text)
        supported = [(d, c) for d, c in _near_syllables(w.current) if _makes_word(c, neighbours)
                     and (not valid or _misread_as(w.current, c))]
        if not supported:
            continue
        best = min(d for d, _ in supported)
        chosen = [c for d, c in supported if d == best]
        if len(chosen) == 1:
            w.current = chosen[0]
            w.reasons.append("not a Vietnamese syllable" if not is_syllable(w.text) else "unattested syllable")


# A valid word OCR gave the tone it confuses with its own (at 200 dpi the hook of hỏi reads as sắc's
# stroke: "đẩy" → "đấy", "tổ" → "tố", "triển" → "triến"; all valid syllables): the other tone, when the word
# makes no dictionary word with either neighbour, the other tone does, and the document itself writes that
# word elsewhere at least as often (the dictionary alone would turn "cấp tỉnh" into "cấp tính", the only
# one it lists, and "ghi sổ" into "ghi số").

CONFUSED_TONES = {"sắc": "hỏi", "hỏi": "sắc"}


def fix_tone_confusions(words: list[Word], text: str) -> None:
    res = resources()
    seen = Counter((a.current, b.current) for a, b in zip(words, words[1:], strict=False) if joined(text, a, b))
    for i, w in enumerate(words):
        if w.changed or not (w.text.islower() or (w.text.isupper() and len(w.text) > 1)) or _in_code(text, w):
            continue  # a capitalised word may be a name ("Tố Hữu")
        neighbours = _neighbours(words, i, text)
        if neighbours == (None, None) or _makes_word(w.current, neighbours):
            continue
        other = _other_tone(w.current)
        before, after = neighbours
        if not (other and other in res.attested and _makes_word(other, neighbours)):
            continue
        # the document writes the other word elsewhere, at least as often as this one
        written = max(seen[before, other], seen[other, after])
        if written and written >= max(seen[before, w.current], seen[w.current, after]):
            w.current = other
            w.reasons.append("tone OCR confuses: makes a word with its neighbour")


def _other_tone(word: str) -> str | None:
    base, tone, _ = split_tone(word)
    target = CONFUSED_TONES.get(tone)
    if target is None:
        return None
    return next((c for c in by_fold().get(fold(word), ()) if split_tone(c)[:2] == (base, target)), None)


def _misread_as(ocr: str, word: str) -> bool:
    return len(ocr) == len(word) and all(map(_ocr_confusable, ocr, word))


def _neighbours(words: list[Word], i: int, text: str) -> tuple[str | None, str | None]:
    before = words[i - 1].current if i and joined(text, words[i - 1], words[i]) else None
    after = words[i + 1].current if i + 1 < len(words) and joined(text, words[i], words[i + 1]) else None
    return before, after


def _makes_word(candidate: str, neighbours: tuple[str | None, str | None]) -> bool:
    pairs = resources().pairs
    before, after = neighbours
    return (before, candidate) in pairs or (candidate, after) in pairs


def _near_syllables(word: str) -> list[tuple[int, str]]:
    """(edit distance, attested syllable) for syllables a few marks or one OCR letter swap away."""
    attested, index = resources().attested, by_fold()
    folds = {fold(word)}
    for ocr, true in LETTER_SWAPS:
        folds |= {fold(word[:m.start()] + true + word[m.end():]) for m in re.finditer(re.escape(ocr), word)}
    plain = fold(word)
    folds |= {plain[:k] + plain[k + 1:] for k in range(1, len(plain)) if plain[k] == plain[k - 1]}  # "thuuc"
    near = []
    for key in folds:
        for syllable in index.get(key, ()):
            distance = Levenshtein.distance(word, syllable)
            if syllable in attested and distance <= MAX_DISTANCE:
                near.append((distance, syllable))
    return near


# A run of words matching a domain phrase without its marks.


def fix_phrases(words: list[Word], text: str) -> None:
    res = resources()
    i = 0
    while i < len(words):
        length = _phrase_at(words, i, text, res)
        i += max(length, 1)


def _phrase_at(words: list[Word], i: int, text: str, res: Resources) -> int:
    """Repair the longest phrase starting at word i; its length in words (0 when none starts there)."""
    first = fold(words[i].current)
    for n in range(min(res.longest.get(first, 0), len(words) - i), 1, -1):
        run = words[i:i + n]
        key = tuple(fold(w.current) for w in run)
        if key not in res.phrases or not all(joined(text, a, b) for a, b in _adjacent(run)):
            continue
        _repair_phrase(words, i, run, res.phrases[key], text, res)
        return n
    return 0


def _repair_phrase(words: list[Word], i: int, run: list[Word], phrases: list[Phrase], text: str,
                   res: Resources) -> None:
    ocr = tuple(w.current for w in run)
    exact = next((p for p in phrases if p.words == ocr), None)
    if exact:
        _repair_case(run, exact)
        return
    if len(phrases) > 1:
        return  # two phrases share the letters and nothing tells which
    phrase = phrases[0]
    if phrase.title_case and not all(w.text[0].isupper() for w in run):
        return
    if " ".join(ocr) in res.entries:
        return  # the OCR words are themselves a word ("văn hoa", "có số")
    if not _misread(run, phrase, loose=len(run) >= 3) or _belongs_outside(words, i, len(run), phrase, text, res):
        return
    for w, target in zip(run, phrase.words, strict=True):
        if w.current != target:
            w.current = target
            w.reasons.append(f"phrase '{' '.join(phrase.words)}'")
    _repair_case(run, phrase)


SAME_SHAPE_CAPITALS = set("cosvwxz")  # capitals that only differ from their small letter in size


def _repair_case(run: list[Word], phrase: Phrase) -> None:
    """'cơ SỞ' → 'cơ sở': after a small-letter word of a phrase that writes the next word small, a word
    in capitals is a misread size when each capital has the shape of its small letter."""
    for k in range(1, len(run)):
        w = run[k]
        if not phrase.written[k].islower() or not run[k - 1].text.islower() or not w.text.isupper():
            continue
        if all(fold(c) in SAME_SHAPE_CAPITALS for c in w.text if c.isupper()):
            w.lower = True
            w.reasons.append("letter case")


def _misread(run: list[Word], phrase: Phrase, loose: bool) -> bool:
    """Every letter that differs is one OCR could have read for the phrase's letter."""
    for w, target in zip(run, phrase.words, strict=True):
        if len(w.current) != len(target):
            return False
        if not all(_ocr_confusable(o, t, loose) for o, t in zip(w.current, target, strict=True)):
            return False
    return True


def _belongs_outside(words: list[Word], i: int, n: int, phrase: Phrase, text: str, res: Resources) -> bool:
    """An end word of the run makes a dictionary word with the word beyond it, as read or as repaired:
    "văn bản chỉ đạo" is not "ban chỉ đạo", "chỉ bộ đội" is not "chi bộ". A longer phrase is evidence
    enough for the words it leaves as they are ("BAN TỔ CHÚC THỰC HIỆN")."""
    ends = ((i - 1, words[i], phrase.words[0], True), (i + n, words[i + n - 1], phrase.words[-1], False))
    for k, end, target, before in ends:
        if not 0 <= k < len(words) or n > 2 and end.current == target:
            continue
        outside = words[k]
        if not joined(text, *((outside, end) if before else (end, outside))):
            continue
        pairs = [(outside.current, end.current), (outside.current, target)] if before else \
            [(end.current, outside.current), (target, outside.current)]
        if any(p in res.pairs for p in pairs):
            return True
    return False


VOWEL_MARKS = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}
BASE_LETTERS = set("abcdefghijklmnopqrstuvwxyz") | set(VOWEL_MARKS)
SIMILAR_TONES = {frozenset({"sắc", "hỏi"})}


def _ocr_confusable(ocr: str, true: str, loose: bool = False) -> bool:
    """Could OCR have read letter `true` as `ocr`? Marks dropped, a mark on i, sắc and hỏi mixed up;
    `loose` (a phrase of three words or more, strong evidence by itself) also admits a speck read as
    an extra mark and a vowel mark misread ("đẳng" for "đảng")."""
    if ocr == true:
        return True
    (ocr_base, ocr_tone, _), (true_base, true_tone, _) = split_tone(ocr), split_tone(true)
    if ocr_base not in BASE_LETTERS:
        return fold(ocr_base) == fold(true_base)  # a mark Vietnamese does not use ("ÿ"): a speck
    if VOWEL_MARKS.get(ocr_base, ocr_base) != VOWEL_MARKS.get(true_base, true_base):
        return False
    if _fewer_marks(ocr_base, ocr_tone, true_base, true_tone) or ocr_base == true_base == "i":
        return True
    if ocr_base == true_base and frozenset({ocr_tone, true_tone}) in SIMILAR_TONES:
        return True
    return loose and (_fewer_marks(true_base, true_tone, ocr_base, ocr_tone) or ocr_tone == true_tone)


def _fewer_marks(base: str, tone: str, than_base: str, than_tone: str) -> bool:
    """base + tone is than_base + than_tone with marks left out ("chât" for "chất", "Son" for "Sơn")."""
    return base in (than_base, VOWEL_MARKS.get(than_base)) and tone in ("", than_tone)


def word_corrections(words: list[Word]) -> Iterator[Correction]:
    for w in words:
        if w.changed:
            fixed = w.current if w.lower else with_case(w.text, w.current)
            yield Correction(w.start, w.end, fixed, w.text, "; ".join(w.reasons))


def with_case(ocr: str, word: str) -> str:
    """`word` in the letter case of the OCR word it replaces."""
    if len(ocr) == len(word):
        return "".join(c.upper() if o.isupper() else c for o, c in zip(ocr, word, strict=True))
    kind = _case_kind(ocr)
    return word.upper() if kind == "upper" else word.capitalize() if kind == "title" else word
