"""Legacy 8-bit Vietnamese (TCVN3/ABC, VNI) read as Unicode: find it and convert it.

Text typed in .VnTime (TCVN3) or VNI-Times fonts comes out of old PDFs and Word files as
mojibake: "NghÞ quyÕt" (TCVN3) or "Nghò quyeát" (VNI) for "Nghị quyết". The tables are data
(models/legacy_encodings.json). Detection weighs words, one line (a paragraph, or a visual line
of a PDF page) at a time, since a document can mix legacy and Unicode paragraphs:

- support: a word that reads better converted than as it stands: not a Vietnamese syllable
  before and one after ('héi' → 'hội'), or a real word after where it was a mere shape before
  ('Soá' → 'Số'; real words are those of underthesea's word list);
- against: a word the conversion leaves or makes non-Vietnamese (French, English, noise), turns
  from a real word into a non-word ('Thôn' → 'Thụn'), or one written with Unicode-only
  Vietnamese letters (ư, ơ, đ, ạ, ộ...): legacy text has none.

Genuine Vietnamese is made of real syllables already, so it gives no support; French or English
gives far more words against than for. TCVN3 gives upper-case toned letters the lower-case bytes
(the .VnTimeH fonts draw them as capitals), so their case is read from the word and line around.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical

TABLES = load_json("legacy_encodings.json")
TONES = {"huyền": "\u0300", "sắc": "\u0301", "hỏi": "\u0309", "ngã": "\u0303", "nặng": "\u0323"}
TONE_MARKS = "".join(TONES.values())
# Vietnamese letters Latin-1 has: legacy text shows these too, so they prove nothing by themselves.
LATIN1_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Letters only Unicode Vietnamese has (ă đ ĩ ũ ơ ư and U+1EA0-U+1EF9): never in legacy text.
NATIVE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
SENTENCE_END = re.compile(r"[.!?:;…]\W*$")  # a line ending so is followed by a new sentence
AFTER_FULL_STOP = re.compile(r"[.!?…]\s+[\"“'(]*$")
LIST_MARKER = re.compile(r"\s*(?:[-+•*–]|\d+[.)]|[a-zđ]\)|[IVX]+[.-])\s*")
MIN_SUPPORT = 2  # words a line needs to be called legacy on its own evidence...
MAX_AGAINST_SHARE = 1 / 3  # ...with at most one word against for three in favour


@dataclass(frozen=True)
class Encoding:
    name: str
    to_unicode: dict[str, str]  # legacy character or two-character sequence → Unicode letter
    from_unicode: dict[str, str]
    sequence: re.Pattern[str]  # one legacy character or sequence, longest first
    foreign: frozenset[str]  # legacy characters that are not Vietnamese letters: strong evidence
    case_from_context: bool  # TCVN3: toned capitals share the lower-case bytes


@dataclass
class Evidence:
    """What the words of a line say about one encoding."""

    support: int = 0  # words the reading turns into Vietnamese, or into real words from mere shapes
    against: int = 0  # words it leaves or makes non-Vietnamese or non-words, and Unicode-only words
    gain: int = 0  # how much better the support words read (`wordness`): tells TCVN3 from VNI
    strong: int = 0  # support words of three characters or more holding a `foreign` character ('héi')
    marked: int = 0  # changed words holding a `foreign` character ('H§ND')
    changed: int = 0

    def decisive(self) -> bool:
        """Enough on its own: two words for and few against, or one unmistakable word and none against."""
        if self.against > MAX_AGAINST_SHARE * self.support:
            return False
        return self.support >= MIN_SUPPORT or (self.strong >= 1 and self.against == 0)

    def consistent(self) -> bool:
        """Enough in a document known to be legacy: no more words against than for, and a sign."""
        return self.against <= self.support and (self.support >= 1 or self.marked >= 1)

    def plausible(self) -> bool:
        """Enough where ingest saw a legacy font: something to convert and no more words against than for."""
        return self.against <= self.support and self.changed >= 1

    def add(self, other: Evidence) -> None:
        for name in _EVIDENCE_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rank(self) -> tuple[int, int]:
        return self.support - self.against, self.gain


SHORT_LINE_WORDS = 3  # in a document with Unicode lines, a shorter line is not converted on its own evidence
_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))  # once: fields() is slow on a hot path


def _encoding(name: str) -> Encoding:
    table = TABLES[name]
    to_unicode = {k: v for group in table["groups"] for k, v in group["map"].items()}
    from_unicode = {v: k for k, v in to_unicode.items()}
    case_from_context = name == "tcvn3"
    if case_from_context:  # a toned capital is written with its lower-case byte
        for legacy, letter in to_unicode.items():
            from_unicode.setdefault(letter.upper(), legacy)
    keys = sorted(to_unicode, key=len, reverse=True)
    return Encoding(
        name=name,
        to_unicode=to_unicode,
        from_unicode=from_unicode,
        sequence=re.compile("|".join(map(re.escape, keys))),
        foreign=frozenset(c for c in "".join(keys) if c not in LATIN1_VIETNAMESE and not c.isascii()),
        case_from_context=case_from_context,
    )


ENCODINGS = {name: _encoding(name) for name in ("tcvn3", "vni")}
TCVN3_HYPHENS = frozenset(TABLES["tcvn3"]["hyphen_for_u_horn"]["chars"])
U_HORN_BYTE = ENCODINGS["tcvn3"].from_unicode["ư"]
_LEGACY_SYMBOLS = "".join(sorted({c for e in ENCODINGS.values() for c in e.to_unicode if len(c) == 1 and not c.isalpha()}))
WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f" + re.escape(_LEGACY_SYMBOLS) + "])+")


# ── syllables ─────────────────────────────────────────────────────────────────

SYLLABLE = TABLES["syllable"]
ONSETS = sorted(SYLLABLE["onsets"], key=len, reverse=True) + [""]
OPEN_RHYMES = frozenset(SYLLABLE["open_rhymes"])
NUCLEI = frozenset(SYLLABLE["nuclei_before_final"])
FINALS = SYLLABLE["finals"]
STOP_TONES = {TONES[name] for name in SYLLABLE["stop_tones"]}
VOWELS = "aăâeêioôơuưy"
QUALITY_VOWELS = "ăâêôơư"  # a vowel with its own diacritic carries the tone


@cache
def is_syllable(word: str) -> bool:
    """A Vietnamese syllable in shape: onset, rhyme, one tone on the right vowel ('quyết' yes, 'héi' no)."""
    bare, tone, at = _split_tone(word.lower())
    if at == -2:
        return False
    for onset in ONSETS:
        rhyme = bare[len(onset):]
        if bare.startswith(onset) and _onset_fits(onset, rhyme) and _rhyme_fits(rhyme, tone):
            return at == -1 or _tone_fits(rhyme, at - len(onset))
    return False


def _split_tone(word: str) -> tuple[str, str, int]:
    """(letters without the tone, the tone mark, index of the toned letter); index -1: no tone, -2: two."""
    letters, tone, at = [], "", -1
    for i, c in enumerate(unicodedata.normalize("NFC", word)):
        parts = unicodedata.normalize("NFD", c)
        marks = [m for m in parts if m in TONE_MARKS]
        if marks:
            if tone or len(marks) > 1:
                return "", "", -2
            tone, at = marks[0], i
        letters.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONE_MARKS)))
    return "".join(letters), tone, at


def _onset_fits(onset: str, rhyme: str) -> bool:
    if not rhyme:
        return False
    front = SYLLABLE["front_onsets"]
    if onset in front["onsets"]:
        return rhyme[0] in front["before"]
    return rhyme[0] not in SYLLABLE["back_onsets"].get(onset, ())


def _rhyme_fits(rhyme: str, tone: str) -> bool:
    if rhyme in OPEN_RHYMES:
        return True
    for final in FINALS:
        nucleus = rhyme[: -len(final)]
        if not rhyme.endswith(final) or nucleus not in NUCLEI:
            continue
        if final in SYLLABLE["stop_finals"] and tone not in STOP_TONES:
            continue
        palatal = SYLLABLE["palatal_finals"]
        if final in palatal["finals"] and nucleus[-1] not in palatal["after"]:
            continue
        return True
    return False


def _tone_fits(rhyme: str, at: int) -> bool:
    """The tone sits where Vietnamese puts it: on ê/ơ/â..., else the last vowel before a final, else
    the first of two open vowels (either of oa, oe, uy: old and new style) or the middle of three."""
    vowels = [i for i, c in enumerate(rhyme) if c in VOWELS]
    if at not in vowels:
        return False
    marked = [i for i in vowels if rhyme[i] in QUALITY_VOWELS]
    if marked:
        return at == marked[-1]
    if vowels[-1] < len(rhyme) - 1:  # a final consonant follows
        return at == vowels[-1]
    if len(vowels) == 2 and rhyme[vowels[0]:] in SYLLABLE["either_tone_place"]:
        return True
    return at == vowels[len(vowels) // 2] if len(vowels) == 3 else at == vowels[0]


@cache
def _lexicon() -> frozenset[str]:
    """Syllables of real Vietnamese words, from the word list underthesea ships (Viet74K)."""
    source = SYLLABLE["lexicon"]
    spec = importlib.util.find_spec(source["package"])
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {source['package']} package holds the syllable lexicon")
    path = Path(spec.submodule_search_locations[0]) / source["path"]
    words = re.split(r"[\s-]+", path.read_text(encoding="utf-8").lower())
    return frozenset(canonical(w) for w in words if is_syllable(w))


def wordness(word: str) -> int:
    """2: a syllable of a real word; 1: a syllable in shape only; 0: not Vietnamese."""
    if not is_syllable(word):
        return 0
    return 2 if canonical(word.lower()) in _lexicon() else 1


# ── words ─────────────────────────────────────────────────────────────────────


def _convert_word(word: str, enc: Encoding) -> str:
    return enc.sequence.sub(lambda m: enc.to_unicode[m.group(0)], word)


def _is_abbreviation(word: str) -> bool:
    """'UBND', 'TTg', 'Q§': capitals (and legacy symbols) that no reading makes a syllable."""
    letters = [c for c in word if c.isascii() and c.isalpha()]
    return sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) or (
        len(letters) == 1 and letters[0].isupper() and len(word) <= 3
    )


@cache
def _word_evidence(word: str, encoding: str) -> Evidence:
    """What one word says about `encoding` (words repeat: computed once each)."""
    enc, found = ENCODINGS[encoding], Evidence()
    if NATIVE.search(word):
        found.against = 1
        return found
    converted = _convert_word(word, enc)
    if enc.case_from_context and _in_capitals([word]):  # 'BUýT' is 'BUÝT': a change, though ý stays ý
        converted = converted.upper()
    if len(word) == 1:  # a lone '§', '·', 'µ' or 'ñ' is a symbol or a list letter as often as a word
        found.changed = found.marked = int(converted != word and word in enc.foreign)
        return found
    if converted == word:
        found.against = int(wordness(word) == 0 and not _is_abbreviation(word))
        return found
    foreign = any(c in enc.foreign for c in word)
    found.changed, found.marked = 1, int(foreign)
    before, after = wordness(word), wordness(converted)
    if after > before:
        found.support, found.gain, found.strong = 1, after - before, int(foreign and len(word) > 2)
    elif after < before or (after == 0 and not _is_abbreviation(word)):
        found.against = 1
    return found


def _u_horn_hyphens(line: str) -> str:
    """`line` with each '-' that stands for TCVN3's ư (a PDF's reading of the soft hyphen) made ư's byte.

    Same length as `line`, so offsets stay valid: 'tr-êng' → 'tr\\xadêng' (trường); '318/Q§-TTg' stays.
    """
    chars = list(line)
    tcvn3 = ENCODINGS["tcvn3"]
    for i, c in enumerate(chars):
        if c not in TCVN3_HYPHENS:
            continue
        start, end = i, i + 1
        while start and WORD.fullmatch(chars[start - 1]):
            start -= 1
        while end < len(chars) and WORD.fullmatch(chars[end]):
            end += 1
        if end - start == 1 or (end == i + 1 and not line[:start].strip()):  # alone, or a list letter 'c- '
            continue
        if start and (line[start - 1] == "/" or line[start - 1].isdigit()):  # a document code: '45/KH-UBND'
            continue
        candidate = "".join(chars[start:i]) + U_HORN_BYTE + "".join(chars[i + 1:end])
        if is_syllable(_convert_word(candidate, tcvn3)):
            chars[i] = U_HORN_BYTE
    return "".join(chars)


def _prepared(line: str, enc: Encoding) -> str:
    return _u_horn_hyphens(line) if enc.name == "tcvn3" and TCVN3_HYPHENS & set(line) else line


def evidence(text: str, encoding: str) -> Evidence:
    """How far the words of `text` read as Vietnamese in `encoding`, and not as they stand."""
    enc = ENCODINGS[encoding]
    found = Evidence()
    for line in text.split("\n"):
        for match in WORD.finditer(_prepared(line, enc)):
            found.add(_word_evidence(match.group(0), encoding))
    return found


def detect(text: str) -> str | None:
    """'tcvn3' or 'vni' when `text` (a paragraph, or a document whose lines are judged one by one)
    has lines in that legacy encoding; else None. Lines too short to tell are judged together."""
    lines = text.split("\n")
    judged = [{name: evidence(line, name) for name in ENCODINGS} for line in lines]
    return _document_encoding(judged, lines)[0]


# ── conversion ────────────────────────────────────────────────────────────────


def legacy_edits(text: str, hint: str | None = None) -> list[tuple[int, int, str]]:
    """Edits (start, end, Unicode) converting every legacy line of `text`, for `MappedText.rewrite`.

    Each line is judged on its own words. Once some lines are clearly in one encoding, lines with
    less evidence but nothing against are converted too; when legacy lines outnumber Unicode ones (or
    `hint` names the encoding: ingest saw a .VnTime or VNI font), so are lines whose words read as
    well either way ('Sè' is 'Số'). One edit per legacy character or VNI sequence: origins stay exact.
    """
    if hint is not None and hint not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {hint!r}: one of {', '.join(ENCODINGS)}")
    lines = list(_lines(text))
    judged = [{name: evidence(line, name) for name in ENCODINGS} for _, line in lines]
    prior, dominant = (hint, True) if hint else _document_encoding(judged, [line for _, line in lines])
    edits: list[tuple[int, int, str]] = []
    previous = ""
    unicode_lines = [not unicode_only_letters().isdisjoint(unicodedata.normalize("NFC", line)) for _, line in lines]
    for (start, line), found, in_unicode in zip(lines, judged, unicode_lines, strict=True):
        if in_unicode or (any(unicode_lines) and not hint and len(WORD.findall(line)) < SHORT_LINE_WORDS):
            # Written in Unicode; or too short to outweigh a document that is: "tr\xadên" there is a
            # soft hyphen in "trên", not TCVN3's "ư".
            previous = line
            continue
        encoding = _choose(found)
        if encoding is None and prior and (found[prior].consistent() or dominant and found[prior].plausible()):
            encoding = prior
        if encoding:
            edits.extend((start + s, start + e, new) for s, e, new in _line_edits(line, ENCODINGS[encoding], previous))
        previous = line
    return edits


@cache
def unicode_only_letters() -> frozenset[str]:
    """Vietnamese letters that no legacy font's text contains when read as Unicode ('ơ', 'ạ', 'đ' ...)."""
    bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    letters = {unicodedata.normalize("NFC", b + t) for b in bases for t in ("", *"\u0300\u0301\u0309\u0303\u0323")}
    letters |= {"đ", "Đ"}
    legacy = set().union(*(to_legacy("".join(sorted(letters)), name) for name in ENCODINGS))
    return frozenset(letters - legacy - set("aeiouyAEIOUY"))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _choose(found: dict[str, Evidence]) -> str | None:
    """The encoding the evidence decides for; None when none, or two, fit equally well."""
    ranked = sorted((e.rank(), name) for name, e in found.items() if e.decisive())
    if not ranked or (len(ranked) > 1 and ranked[-1][0] == ranked[-2][0]):
        return None
    return ranked[-1][1]


def _document_encoding(judged: list[dict[str, Evidence]], lines: list[str]) -> tuple[str | None, bool]:
    """The encoding most legacy lines are in, and whether they outnumber lines in Unicode Vietnamese.

    When no line is decisive on its own (short lines), the lines are weighed together.
    """
    unicode_lines = sum(bool(NATIVE.search(line)) for line in lines)
    counts = Counter(name for found in judged if (name := _choose(found)))
    if counts:
        name, count = counts.most_common(1)[0]
        return name, count > unicode_lines
    totals = {name: Evidence() for name in ENCODINGS}
    for found in judged:
        for name, e in found.items():
            totals[name].add(e)
    name = _choose(totals)
    return name, name is not None and unicode_lines == 0


def convert(text: str, encoding: str) -> str:
    """`text` read as `encoding` throughout (words in Unicode-only letters are left alone)."""
    enc = ENCODINGS[encoding]
    edits, previous = [], ""
    for start, line in _lines(text):
        edits.extend((start + s, start + e, new) for s, e, new in _line_edits(line, enc, previous))
        previous = line
    return _apply(text, edits)


def to_legacy(text: str, encoding: str) -> str:
    """Unicode Vietnamese as the legacy font writes it: what `convert` turns back ('Nghị' → 'NghÞ')."""
    enc = ENCODINGS[encoding]
    return "".join(enc.from_unicode.get(c, c) for c in unicodedata.normalize("NFC", text))


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, new in edits:
        parts += [text[pos:start], new]
        pos = end
    return "".join(parts) + text[pos:]


def _line_edits(line: str, enc: Encoding, previous: str) -> Iterator[tuple[int, int, str]]:
    """One edit per legacy character or sequence in the words of `line` (a line of `enc` text)."""
    prepared = _prepared(line, enc)
    words = [w for w in WORD.finditer(prepared) if not NATIVE.search(w.group(0))]
    caps_line = enc.case_from_context and _in_capitals([w.group(0) for w in words if _is_word(w.group(0), enc)])
    for word in words:
        upper = caps_line or (enc.case_from_context and _in_capitals([word.group(0)]))
        capital_first = enc.case_from_context and not upper and _starts_sentence(prepared, word, previous)
        for seq in enc.sequence.finditer(word.group(0)):
            letter = enc.to_unicode[seq.group(0)]
            if upper or (capital_first and seq.start() == 0):
                letter = letter.upper()
            if letter != seq.group(0):
                yield word.start() + seq.start(), word.start() + seq.end(), letter


def _is_word(word: str, enc: Encoding) -> bool:
    """A legacy word or a syllable: what tells a line in capitals, unlike 'UBND' or 'KH'."""
    return bool(enc.sequence.search(word)) or is_syllable(word)


def _in_capitals(words: list[str]) -> bool:
    """Words set in capitals (.VnTimeH): 'NGHÞ', 'CéNG HOµ X· HéI' (where 'X·' is 'XÃ').

    No ASCII lower-case letter, and a word with two ASCII capitals: 'Hµ' or 'Vã A' is title case.
    """
    letters = [c for w in words for c in w if c.isascii() and c.isalpha()]
    return not any(c.islower() for c in letters) and any(
        sum(c.isascii() and c.isupper() for c in w) >= 2 for w in words
    )


def _starts_sentence(line: str, word: re.Match[str], previous_line: str) -> bool:
    """A word with only a list marker before it, after a line that ended a sentence, or right after '. '.

    A sentence's first letter is a capital, which TCVN3 writes with the lower-case byte ('ñy ban' at a
    sentence start is 'Ủy ban'). A heading in capitals ends a sentence; a list letter ('®)', 'đ)') is none.
    """
    before = line[: word.start()]
    if line[word.end(): word.end() + 1] == ")":
        return False
    if AFTER_FULL_STOP.search(before):
        return True
    marker = LIST_MARKER.match(before)
    if re.search(r"[^\W\d_]", before[marker.end() if marker else 0:]):
        return False
    previous_line = previous_line.rstrip()
    return bool(marker) or not previous_line or bool(SENTENCE_END.search(previous_line)) or _in_capitals(
        WORD.findall(previous_line)
    )
