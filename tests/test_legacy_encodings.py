"""Legacy Vietnamese encodings (TCVN3, VNI): the tables in models/legacy_encodings.json, detection
and conversion (pipeline/normalize/legacy.py).

Legacy text is made from real Unicode sentences with `to_legacy` (the shared documents, read from
../shared at test time, and sentences written here), then detected and converted back.
"""

from __future__ import annotations

import ast
import importlib.util
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.normalize import legacy
from pipeline.normalize.legacy import (
    ENCODINGS,
    TABLES,
    WORD,
    convert,
    detect,
    legacy_edits,
    to_legacy,
    wordness,
)
from pipeline.normalize.mapped import MappedText
from tests.data_examples import examples

SHARED_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "documents"
NAMES = list(ENCODINGS)
VIETNAMESE_LETTERS = [
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưy"
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
] + ["đ"]

# Sentences of the genre, written for these tests: headings in capitals, list items, sentences
# starting with a toned capital, codes and numbers.
SENTENCES = [
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN XÃ ĐỨC THẮNG",
    "Số: 27/BC-UBND",
    "BÁO CÁO",
    "Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2023",
    "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;",
    "Ủy ban nhân dân xã báo cáo kết quả như sau:",
    "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ",
    "1. Tiêu chí số 2 về Giao thông: đã cứng hoá 4,5 km đường trục thôn, đạt 92%.",
    "- Thu nhập bình quân đầu người đạt 48,6 triệu đồng/người/năm;",
    "- Tỷ lệ hộ nghèo đa chiều giảm còn 2,1%.",
    "Ở các thôn vùng sâu, việc huy động nguồn lực còn khó khăn. Ủy ban đề nghị huyện hỗ trợ thêm.",
    "Ưu tiên đầu tư trường học, trạm y tế và nhà văn hoá thôn trong năm 2024.",
    "Nơi nhận:",
    "- Lưu: VT, VP.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Nguyễn Thị Ước",
]
OCR_NOISE = "|!l1I~`'^¢£¥©®°±²³´µ¶·¸¹º»¼½¾¿×÷ÆÐÞßæðþøØåÅñÑçÇ§«¬\u00ad"
NOT_LEGACY = [
    "déjà",
    "où",
    "naïve",
    "Il est déjà là, où est-il ? C'est très naïf.",
    "Le garçon était ému, où qu'il aille. Noël à l'hôtel près de la forêt.",
    "Qu'est-ce que c'est ? Voilà, à bientôt !",
    "The quick brown fox jumps over the lazy dog.",
    "Café au lait, crème brûlée, façade, rôle, naïveté",
    "¿Qué pasa? Mañana, señor. Straße, Größe, schön, für, Øresund",
    "318/QĐ-TTg",
    "Số: 45/KH-UBND",
    "2.500.000 đ; 15 × 20 m; Ø 12 mm; © 2024; § 3",
    "Mục lục ········ 5",
    "|||| ~~~ ®®® ¥¥ ·· ¸ ¶",
    "Thôn Yên Hà",
    "Tô Thị Bé",
]


def _shared_texts() -> list[str]:
    if not SHARED_DOCS.is_dir():
        pytest.skip("shared documents absent")
    return [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in sorted(SHARED_DOCS.glob("*.md"))]


def _applied(text: str, edits: list[tuple[int, int, str]]) -> MappedText:
    return MappedText.from_raw(text).rewrite(edits)


# ── the tables ────────────────────────────────────────────────────────────────

GROUPS = [(name, group) for name in NAMES for group in TABLES[name]["groups"]]
GROUP_EXAMPLES = {name: examples("legacy_encodings.json", f"{name}.groups[].examples") for name in NAMES}
HYPHEN_EXAMPLES = examples("legacy_encodings.json", "tcvn3.hyphen_for_u_horn.examples")
SYLLABLE_EXAMPLES = {path: examples("legacy_encodings.json", f"syllable.{path}")
             for path in ("examples", "shape_examples", "counter_examples")}


@pytest.mark.parametrize("name, group", GROUPS, ids=[f"{n}-{g['letter']}" for n, g in GROUPS])
def test_group_examples_convert_both_ways(name, group):
    for written, unicode in [(e["text"], e["unicode"]) for owner, e in GROUP_EXAMPLES[name] if owner is group]:
        assert any(key in written for key in group["map"]), f"{written!r} uses no entry of its group"
        assert convert(written, name) == unicode
        assert to_legacy(unicode, name) == written


@pytest.mark.parametrize("name", NAMES)
def test_every_vietnamese_letter_has_a_legacy_form(name):
    enc = ENCODINGS[name]
    letters = VIETNAMESE_LETTERS + [c.upper() for c in VIETNAMESE_LETTERS]
    missing = [c for c in letters if not c.isascii() and c not in enc.from_unicode]
    assert missing == []
    for letter in letters:  # a letter in a word of capitals comes back as it went
        word = "NG" + letter.upper() if name == "tcvn3" else "ng" + letter
        assert convert(to_legacy(word, name), name) == word


def test_tcvn3_table_matches_glibc_tcvn5712():
    """The TCVN3 letters are the bytes of TCVN 5712 (glibc's TCVN5712-1) read as Latin-1."""
    if shutil.which("iconv") is None:
        pytest.skip("no iconv")
    table = ENCODINGS["tcvn3"].to_unicode
    raw = "".join(table).encode("latin-1")
    decoded = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True, check=True)
    assert unicodedata.normalize("NFC", decoded.stdout.decode("utf-8")) == "".join(table.values())


def test_vni_marks_add_the_same_diacritics_to_every_vowel():
    """'ø' is the grave, 'á' circumflex + acute, 'é' breve + acute...: whatever vowel they follow."""
    added: dict[str, set[str]] = {}
    for key, letter in ENCODINGS["vni"].to_unicode.items():
        if len(key) == 2:
            base = convert(key[0], "vni")
            marks = unicodedata.normalize("NFD", letter.lower())[len(unicodedata.normalize("NFD", base.lower())):]
            added.setdefault(key[1].lower(), set()).add(marks)
    assert all(len(marks) == 1 for marks in added.values()), added
    assert len(added) == 17  # 5 tones, circumflex with 6, breve with 6


def test_syllable_examples():
    """Words of the word list, syllable shapes that are no word, and no syllables at all."""
    assert [w for w in SYLLABLE_EXAMPLES["examples"] if wordness(w) != 2] == []
    assert [w for w in SYLLABLE_EXAMPLES["shape_examples"] if wordness(w) != 1] == []
    assert [w for w in SYLLABLE_EXAMPLES["counter_examples"] if wordness(w) != 0] == []


def test_hyphen_for_u_horn_examples():
    for example in HYPHEN_EXAMPLES:
        assert convert(example["text"], "tcvn3") == example["unicode"]


# ── detection and conversion ──────────────────────────────────────────────────


@pytest.mark.parametrize("name", NAMES)
def test_written_sentences_round_trip(name):
    for sentence in SENTENCES:
        written = to_legacy(sentence, name)
        assert convert(written, name) == sentence
    document = "\n".join(SENTENCES)
    written = to_legacy(document, name)
    assert detect(written) == name
    assert _applied(written, legacy_edits(written)).text == document


@pytest.mark.parametrize("name", NAMES)
def test_shared_documents_round_trip(name):
    for text in _shared_texts():
        written = to_legacy(text, name)
        assert detect(written) == name
        converted = _applied(written, legacy_edits(written)).text
        assert converted == convert(written, name)
        if name == "vni":
            assert converted == text
            continue
        # TCVN3 has no bytes for toned capitals: one inside a sentence ('của Ủy ban') comes back in
        # lower case. Nothing else may differ.
        differences = [(a, b) for a, b in zip(text, converted, strict=True) if a != b]
        assert all(b == a.lower() and not a.isascii() for a, b in differences), differences[:10]
        assert len(differences) < 0.001 * len(text)


def test_shared_documents_are_not_legacy():
    for text in _shared_texts():
        assert detect(text) is None
        assert legacy_edits(text) == []
        assert [line for line in text.split("\n") if detect(line)] == []


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_not_legacy(text):
    assert detect(text) is None
    assert legacy_edits(text) == []


def test_other_languages_are_not_legacy():
    """The example sentences spaCy ships for languages in Latin script (French, German, Spanish...)."""
    lang_dir = Path(importlib.util.find_spec("spacy").submodule_search_locations[0]) / "lang"
    sentences = []
    for path in sorted(lang_dir.glob("*/examples.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "sentences" for t in node.targets):
                sentences += [s for s in ast.literal_eval(node.value) if re.search("[A-Za-z]{3}", s)]
    assert len(sentences) > 300
    assert [s for s in sentences if detect(s) or legacy_edits(s)] == []


def test_ocr_noise_is_not_legacy():
    """Unicode lines with OCR-like damage (stray symbols, lost diacritics) stay as they are: a long
    line never changes; a short one only rarely (a few symbols can spell a legacy word)."""
    lines = [line for text in _shared_texts() for line in text.split("\n") if line.strip()] + SENTENCES
    rng = random.Random(5712)
    flagged = []
    for _ in range(2000):
        chars = list(rng.choice(lines))
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(chars))
            roll = rng.random()
            if roll < 0.5:
                chars[i] = rng.choice(OCR_NOISE)
            elif roll < 0.75:
                chars.insert(i, rng.choice(OCR_NOISE))
            else:
                chars[i] = unicodedata.normalize("NFD", chars[i])[0]
        line = "".join(chars)
        if detect(line) or legacy_edits(line):
            flagged.append(line)
    assert all(len(line.split()) <= 6 for line in flagged), flagged
    assert len(flagged) <= 10


@pytest.mark.parametrize(
    "written, expected",
    [
        ("NghÞ quyÕt", "Nghị quyết"),
        ("Nghò quyeát", "Nghị quyết"),
        ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ch-¬ng tr×nh môc tiªu quèc gia x©y dùng n«ng th«n míi", "Chương trình mục tiêu quốc gia xây dựng nông thôn mới"),
        ("UBND x· ban hµnh kÕ ho¹ch sè 12/KH-UBND.", "UBND xã ban hành kế hoạch số 12/KH-UBND."),
    ],
)
def test_real_world_mojibake(written, expected):
    assert detect(written) is not None
    assert _applied(written, legacy_edits(written)).text == expected


@pytest.mark.parametrize("name", NAMES)
def test_mixed_document_converts_only_legacy_paragraphs(name):
    unicode_paragraph = "Năm 2023, xã đã hoàn thành 17/19 tiêu chí nông thôn mới theo Quyết định 318/QĐ-TTg."
    legacy_paragraph = "Phấn đấu đến hết năm 2024 hoàn thành tiêu chí Môi trường và an toàn thực phẩm."
    document = "\n".join([unicode_paragraph, to_legacy(legacy_paragraph, name), unicode_paragraph])
    edits = legacy_edits(document)
    first, last = len(unicode_paragraph) + 1, len(document) - len(unicode_paragraph) - 1
    assert edits and all(first <= start and end <= last for start, end, _ in edits)
    assert _applied(document, edits).text == "\n".join([unicode_paragraph, legacy_paragraph, unicode_paragraph])


def test_short_lines_follow_the_document():
    """'Sè:' reads as a word ('sè') as well as 'Số': a line of it alone stays, unless the document
    (or ingest's font hint) says TCVN3."""
    line = to_legacy("Số: 12/KH-UBND", "tcvn3")
    assert legacy_edits(line) == []
    assert _applied(line, legacy_edits(line, hint="tcvn3")).text == "Số: 12/KH-UBND"
    document = "\n".join([line, to_legacy("Kế hoạch thực hiện tiêu chí Giao thông năm 2024.", "tcvn3")])
    assert _applied(document, legacy_edits(document)).text.startswith("Số: 12/KH-UBND\n")


def test_edits_keep_origins_exact():
    """One edit per legacy character or VNI sequence: a converted letter maps to its first raw character."""
    written = to_legacy("Ủy ban nhân dân xã Thường Thắng", "vni")  # "UÛy ban nhaân daân xaõ Thöôøng Thaéng"
    mapped = _applied(written, legacy_edits(written, hint="vni"))
    assert mapped.text == "Ủy ban nhân dân xã Thường Thắng"
    for i, char in enumerate(mapped.text):
        raw = written[mapped.origin[i]]
        assert raw == char or to_legacy(char, "vni").startswith(raw)
    starts = [s for s, _, _ in legacy_edits(written, hint="vni")]
    assert starts == sorted(starts)


# ── properties ────────────────────────────────────────────────────────────────

SYLLABLES = sorted(legacy._lexicon())
OWN_CAPITAL = set("abcdeghiklmnopqrstuvxyăâêôơưđ")  # first letters TCVN3 can write as capitals


@st.composite
def documents(draw, encoding: str) -> str:
    """Lines of real syllables: sentences (first word capitalized, some names) and headings in capitals.

    TCVN3 has no bytes for toned capitals, so a heading needs a word with two ASCII letters to show
    it is in capitals, and names inside a sentence start with a letter that has a capital byte.
    """
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        words = draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=12, unique=True))
        if draw(st.booleans()) and any(sum(c.isascii() for c in w) >= 2 for w in words):
            lines.append(" ".join(words).upper())
            continue
        words[0] = words[0].capitalize()
        for i in range(1, len(words)):  # names: capitalized where the legacy font has the capital
            if draw(st.integers(0, 4)) == 0 and (encoding == "vni" or words[i][0] in OWN_CAPITAL):
                words[i] = words[i].capitalize()
        lines.append(draw(st.sampled_from(["- ", ""])) + " ".join(words) + draw(st.sampled_from(".;:")))
    text = "\n".join(lines)
    assume(len({w.lower() for w in text.split() if len(w) > 1 and not w.isascii()}) >= 4)
    # 'BÒ BÒ' is TCVN3 for 'BỀ BỀ', and Vietnamese as it stands: such text is not legacy's to claim.
    assume(sum(wordness(w) < 2 for w in WORD.findall(to_legacy(text, encoding)) if not w.isascii()) >= 2)
    # Lines are judged on their own words: a line whose legacy form is still plain Vietnamese
    # ("ê A." is TCVN3 for "Ờ A.") has no evidence of its own, and detection may leave it (documented).
    assume(all(any(wordness(w) < 2 for w in WORD.findall(to_legacy(line, encoding)) if not w.isascii())
               for line in lines if any(not w.isascii() for w in WORD.findall(line))))
    return text


@pytest.mark.parametrize("name", NAMES)
def test_random_vietnamese_round_trips(name):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
    @given(documents(name))
    def check(text):
        written = to_legacy(text, name)
        assert detect(written) == name
        assert convert(written, name) == text
        assert _applied(written, legacy_edits(written)).text == text
        assert detect(text) is None and legacy_edits(text) == []

    check()


def test_a_tcvn3_text_file_is_read_back_as_unicode_through_the_whole_pipeline(tmp_path):
    import pipeline
    from pipeline.normalize.legacy import to_legacy

    unicode_text = "NGHỊ QUYẾT\nTỷ lệ hộ nghèo của xã giảm xuống dưới 3,8% trong năm 2024.\n"
    path = tmp_path / "cu.txt"
    path.write_text(to_legacy(unicode_text, "tcvn3"), encoding="utf-8")
    result = pipeline.process(path)
    assert "Tỷ lệ hộ nghèo của xã giảm xuống dưới 3,8%" in result.normalized_text
    assert any(t.value == 3.8 and t.comparator == "<" for t in result.targets)


def test_a_document_code_broken_after_its_hyphen_is_never_read_as_tcvn3():
    text = "Số:\n 45/KH-\u00a0UBND"
    assert legacy_edits(text) == []


def test_a_soft_hyphen_in_a_short_line_of_a_unicode_document_is_not_tcvn3():
    assert legacy_edits("- Như\n tr\u00adên;") == []
