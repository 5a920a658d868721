"""The closed set of Vietnamese syllables, generated from the phonotactics of the written language.

A syllable is onset + rhyme + tone. A rhyme is an optional labial glide (the medial, written o or u),
a nucleus and an optional coda. The spelling rules:

- /k/ is written k before e, ê, i, y (and iê), c elsewhere; with the medial it is qu ("qua", "quyết");
- /ɣ/ and /ŋ/ are written gh and ngh before e, ê, i, g and ng elsewhere;
- gi absorbs a following i ("gì", "gìn", "giết");
- the medial is written o before a, ă, e ("hoa", "hoặc", "khoẻ") and u elsewhere ("huế", "thuỷ");
- the nucleus iê is written yê with no onset or after the medial ("yên", "quyết"), ia as ya after it ("khuya");
- an open i after a consonant may be written i or y ("lí"/"lý", "kĩ"/"kỹ"): both are in use;
- rhymes closed by a stop (-c, -ch, -p, -t) take only the sắc and nặng tones.

`inventory()` gives every toneless spelling (about 3,600), those closed by a stop, and every toned
syllable in the modern tone placement ("hoà", "thuỷ", "quý"): about 16,600, of which real words use
about 7,500. `is_syllable` accepts either tone placement and any letter case; `by_fold` indexes the
toned syllables by their accent-free form.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cache
from typing import NamedTuple

TONE_MARKS = {"": "", "huyền": "\u0300", "sắc": "\u0301", "hỏi": "\u0309", "ngã": "\u0303", "nặng": "\u0323"}
STOPS = ("c", "ch", "p", "t")

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
          "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x")
LABIAL_ONSETS = ("b", "m", "p", "ph", "v")  # never before the medial glide
FRONT = ("e", "ê", "i", "y")  # the letters after which k, gh, ngh are written

# nucleus → the codas it takes ("" = open). i/u/o/y as codas are the off-glides ("ai", "ao", "âu", "ay").
NUCLEI: dict[str, tuple[str, ...]] = {
    "a": ("", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "y", "o", "u"),
    "ă": ("c", "m", "n", "ng", "p", "t"),
    "â": ("c", "m", "n", "ng", "p", "t", "u", "y"),
    "e": ("", "c", "m", "n", "ng", "p", "t", "o"),
    "ê": ("", "ch", "m", "n", "nh", "p", "t", "u"),
    "i": ("", "ch", "m", "n", "nh", "p", "t", "u"),
    "o": ("", "c", "m", "n", "ng", "p", "t", "i"),
    "oo": ("c", "ng"),  # loans: "xoong", "soóc"
    "ô": ("", "c", "m", "n", "ng", "p", "t", "i"),
    "ơ": ("", "m", "n", "p", "t", "i"),
    "u": ("", "c", "m", "n", "ng", "p", "t", "i"),
    "ư": ("", "c", "m", "n", "ng", "t", "i", "u"),
    "iê": ("c", "m", "n", "ng", "p", "t", "u"),
    "ia": ("",),
    "uô": ("c", "i", "m", "n", "ng", "t"),
    "ua": ("",),
    "ươ": ("c", "i", "m", "n", "ng", "p", "t", "u"),
    "ưa": ("",),
}
# nucleus → the codas it takes after the medial glide.
GLIDED: dict[str, tuple[str, ...]] = {
    "a": ("", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "u", "y"),  # hoa, hoạch, ngoài, quạu
    "ă": ("c", "m", "n", "ng", "p", "t"),  # hoặc, khoăn, quắp, ngoặt
    "e": ("", "m", "n", "o", "t"),  # khoẻ, ngoém, nhoẻn, ngoèo, khoét
    "â": ("n", "ng", "t", "y"),  # tuần, khuâng, thuật, khuấy
    "ê": ("", "ch", "n", "nh", "t", "u"),  # huế, quệch, quên, huênh, quệt, nguều
    "i": ("", "ch", "n", "nh", "t", "u"),  # thuỷ, huỵch, tuyn, huynh, huýt, khuỷu
    "iê": ("n", "t"),  # chuyện, thuyết
    "ia": ("",),  # khuya
    "ơ": ("", "i"),  # thuở, quới
    "ô": ("c",),  # quốc (after q only)
}
# Loans in everyday use that break the rules above.
LOANS = ("buýt", "tuýp")


class Rhyme(NamedTuple):
    glide: bool
    nucleus: str
    coda: str


def rhymes() -> list[Rhyme]:
    plain = [Rhyme(False, n, c) for n, codas in NUCLEI.items() for c in codas]
    return plain + [Rhyme(True, n, c) for n, codas in GLIDED.items() for c in codas]


def spell_rhyme(rhyme: Rhyme, onset: str) -> list[str]:
    """The spellings of `rhyme` after `onset` (an i-rhyme after a consonant has two)."""
    nucleus = rhyme.nucleus
    if nucleus == "iê" and (rhyme.glide or not onset):
        nucleus = "yê"
    elif nucleus == "ia" and rhyme.glide:
        nucleus = "ya"
    if rhyme.glide:
        if nucleus == "i":
            return ["uy" + rhyme.coda] + (["ui" + rhyme.coda] if onset == "q" else [])  # "quý", old "quí"
        glide = "u" if onset == "q" or nucleus[0] not in "aăe" else "o"
        return [glide + nucleus + rhyme.coda]
    spelled = nucleus + rhyme.coda
    if nucleus == "i" and not rhyme.coda:
        return [spelled, "y"]  # "lí"/"lý"; with no onset "ì", "ý"
    return [spelled]


def spell(onset: str, rhyme: Rhyme) -> list[tuple[str, str]]:
    """The written forms of onset + rhyme as (syllable, its rhyme part); none when the spelling rules
    forbid the pair."""
    if rhyme.glide and onset in LABIAL_ONSETS + ("c", "k", "gh", "ngh", "gi"):
        return []
    if (onset == "q") != rhyme.glide and (onset == "q" or rhyme.nucleus == "ô"):
        return []  # q only with the glide ("qua"); ô only glided after q ("quốc")
    forms = []
    for spelled in spell_rhyme(rhyme, onset):
        front = spelled[0] in FRONT
        if onset in ("c", "g", "ng") and front or onset in ("k", "gh", "ngh") and not front:
            continue
        if onset == "gi" and spelled[0] == "i":
            forms.append(("g" + spelled, spelled))  # gi + in → "gin" ("gìn"), gi + iêt → "giêt" ("giết")
        else:
            forms.append((onset + spelled, spelled))
    return forms


def tone_index(spelled: str, rhyme: Rhyme) -> int:
    """Where the tone mark goes in a rhyme's spelling, modern placement ("hoà", "thuỷ", "của", "người")."""
    vowels = [i for i, c in enumerate(spelled) if c in "aăâeêioôơuưy"]
    marked = [i for i in vowels if spelled[i] in "ăâêôơư"]
    if marked:
        return marked[-1]  # ươ: on ơ; otherwise the one vowel with a mark
    if rhyme.coda and rhyme.coda not in ("i", "y", "o", "u"):
        return vowels[-1]  # closed: the last vowel ("hoàng", "xoóng")
    if len(vowels) == 3:
        return vowels[1]  # ngoài, khuỷu
    if len(vowels) == 2 and rhyme.glide:
        return vowels[1]  # hoà, khoẻ, thuỷ, quý
    return vowels[0]  # mái, mùa, kìa


def add_tone(base: str, index: int, tone: str) -> str:
    return unicodedata.normalize("NFC", base[: index + 1] + TONE_MARKS[tone] + base[index + 1:])


def tones_for(rhyme: Rhyme) -> tuple[str, ...]:
    return ("sắc", "nặng") if rhyme.coda in STOPS else tuple(TONE_MARKS)


@cache
def inventory() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(all toneless bases, the bases closed by a stop, all toned syllables)."""
    bases, stopped, toned = set(), set(), set()
    for rhyme in rhymes():
        for onset in ONSETS:
            for base, spelled in spell(onset, rhyme):
                bases.add(base)
                if rhyme.coda in STOPS:
                    stopped.add(base)
                index = len(base) - len(spelled) + tone_index(spelled, rhyme)
                toned.update(add_tone(base, index, tone) for tone in tones_for(rhyme))
    for loan in LOANS:
        base, _, _ = split_tone(loan)
        bases.add(base)
        stopped.add(base)
        toned.add(loan)
    return frozenset(bases), frozenset(stopped), frozenset(toned)


# ── checking a word ───────────────────────────────────────────────────────────


def split_tone(word: str) -> tuple[str, str, int]:
    """(lower-case toneless base, tone name, number of tone marks): 'Thuỷ' → ('thuy', 'hỏi', 1)."""
    marks = [c for c in unicodedata.normalize("NFD", word.lower()) if c in TONE_NAMES]
    base = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in TONE_NAMES)
    return unicodedata.normalize("NFC", base), (TONE_NAMES[marks[0]] if marks else ""), len(marks)


TONE_NAMES = {mark: name for name, mark in TONE_MARKS.items() if mark}


def is_syllable(word: str) -> bool:
    """A possible Vietnamese syllable, in any case and either tone placement: 'Uỷ', 'ủy', 'QUỐC'."""
    bases, stopped, _ = inventory()
    base, tone, count = split_tone(word)
    if count > 1 or base not in bases:
        return False
    return base not in stopped or tone in ("sắc", "nặng")


@cache
def by_fold() -> dict[str, tuple[str, ...]]:
    """Accent-insensitive index: 'thuy' → ('thuy', 'thuỳ', 'thuý', 'thuỷ', 'thuỹ', 'thuỵ')."""
    from pipeline.normalize.vietnamese import fold

    index: dict[str, list[str]] = defaultdict(list)
    for syllable in sorted(inventory()[2]):
        index[fold(syllable)].append(syllable)
    return {key: tuple(values) for key, values in index.items()}
