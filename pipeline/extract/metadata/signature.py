"""The end of the document: who signed it (authority, title, name) and whom it was sent to.

    Nơi nhận:                     TM. UỶ BAN NHÂN DÂN XÃ      ← authority (TM., T/M, KT., TL., Q., TUQ.)
    - BCĐ các CTMTQG huyện;       KT.CHỦ TỊCH
    - Lưu: VT.                    PHÓ CHỦ TỊCH                ← title
                                  Tô Văn Mít                  ← name

Text extraction may put both columns on the same lines, so a recipients line is cut where an
authority or a title starts, and the name is looked for from the last line up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.dates import ISSUE_DATE_WORDS
from pipeline.extract.grammar.lines import Line, is_person_name, is_upper, lines_of, title_case
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical, fold

TAIL_LINES = 60  # a signature without an authority line is only looked for this close to the end
ABOVE_NAME = 5  # lines searched upward from the name for the title and the authority
AUTHORITY = re.compile(r"(?<![^\W\d_])(TUQ|T/M|T\.M|TM|K/T|KT|TL)(?:\.\s*|\s+)(?=[^\W\d_])|(?<![^\W\d_])Q\.\s*(?=[^\W\d_])")
BULLET = re.compile(r"^[-+•–*]\s*")
# A form's blank signature block (in an annex): "(Ký tên, đóng dấu)", "(Ký, ghi rõ họ tên)"; not "(Đã ký)".
FORM_NOTE = re.compile(r"^\(\s*(?:[Kk]ý|KÝ)\b")
# never in a person's name: a template's "CHỦ TỊCH HOẶC CHỦ ĐẦU TƯ", an annex's "PHỤ LỤC C"
NOT_IN_NAME = re.compile(r"(?<![^\W\d_])(?:hoặc|HOẶC|và|VÀ|của|CỦA|PHỤ LỤC|Phụ [Ll]ục|MẪU|Mẫu)(?![^\W\d_])")
BODY_END = re.compile(r"\./\.\s*$|\.\s*/\s*\.\s*$")  # "... thi hành./." ends an official text's body
BODY_END_LINES = 3
WORDY = re.compile(r"[^\W\d_]{2,}")  # a cell with a word in it, not a speck
SIGNED_NOTE = re.compile(r"\((?:Đã|đã|ĐÃ)\s+\w{2,3}\)\s+(?=\w)")  # "(Đã ký)", as OCR may read it ("(Đã kỳ)")
LEADING_SPECK = re.compile(r"(\S{1,3})\s+")  # a short token before a name on an OCR'd line: a speck if no letter
RANK = re.compile(r"(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+(?=\S)")  # army and police ranks


@dataclass(frozen=True)
class SignerFound:
    span: tuple[int, int]
    name: str
    title: str | None
    authority: str | None
    on_behalf_of: Line | None  # the body after "TM."/"T/M" ("UỶ BAN NHÂN DÂN XÃ"): who issues the document


@dataclass(frozen=True)
class Recipients:
    items: list[str]
    span: tuple[int, int]


def find_signer(text: str) -> SignerFound | None:
    """The last name under an authority line ("TM. UỶ BAN NHÂN DÂN" ... "Tô Văn Mít"), so that an
    appendix after the signature does not hide it; failing that, a name under a printed title
    ("CHỦ TỊCH") near the end."""
    lines = lines_of(text)
    return _signer_in(lines) or _signer_in(_right_column(lines))


def _signer_in(lines: list[Line]) -> SignerFound | None:
    for i in range(len(lines) - 1, -1, -1):
        found = _signer_at(lines, i, need_authority=True)
        if found:
            return found
    for i in range(len(lines) - 1, max(-1, len(lines) - 1 - TAIL_LINES), -1):
        found = _signer_at(lines, i, need_authority=False)
        if found:
            return found
    for i in range(len(lines) - 1, -1, -1):  # annexes after a bare title: "... thi hành./." "BỘ TRƯỞNG" name
        found = _signer_at(lines, i, need_authority=False) or _under_printed_title(lines, i)
        if found and _closes_body(lines, found):
            return found
    return None


def _under_printed_title(lines: list[Line], i: int) -> SignerFound | None:
    """A name right under a capitalised title not in the lexicon ("CHỦ TỊCH QUỐC HỘI"); only kept
    where the block closes the body (see _closes_body)."""
    if i == 0 or not is_person_name(lines[i].text) or NOT_IN_NAME.search(lines[i].text):
        return None
    title = printed_title(lines[i - 1].text)
    if title is None or (i + 1 < len(lines) and FORM_NOTE.match(lines[i + 1].text)):
        return None
    return SignerFound((lines[i - 1].start, lines[i].end), " ".join(lines[i].text.split()), title, None, None)


def _closes_body(lines: list[Line], found: SignerFound) -> bool:
    """The signature block stands right under the end of the body ("... thi hành./.") or its date line."""
    first = next(j for j, line in enumerate(lines) if line.end > found.span[0])
    above = [line.text for line in lines[max(0, first - BODY_END_LINES):first] if not _is_noise(line.text)]
    return any(BODY_END.search(text) or ISSUE_DATE_WORDS.search(text) for text in above[-BODY_END_LINES:])


def _right_column(lines: list[Line]) -> list[Line]:
    """Lines OCR read across two columns ("- Lưu: VT.<tab>Trương Thị Lan") reduced to their last cell,
    so that the signature column reads as it is printed: authority, title, name."""
    view = []
    for line in lines:
        text = line.text
        while "\t" in text and not WORDY.search(text[text.rfind("\t") + 1:]):
            text = text[:text.rfind("\t")].rstrip()  # a seal's speck after the name ("Lý Thế Khoa<tab>— ®J")
        cut = text.rfind("\t")
        cell = line.sub(line.start + cut + 1, line.start + len(text)) if cut >= 0 else line.sub(line.start, line.start + len(text))
        if cell is not None:
            view.append(cell)
    return view


def _signer_at(lines: list[Line], i: int, need_authority: bool) -> SignerFound | None:
    """The signer when lines[i] is a name with an authority (or, if not needed, a printed title) above it."""
    line = lines[i]
    line = _without_leading_specks(line)  # "` ˆ Trần Thị Oanh": a seal's specks OCR read before the name
    rank = RANK.match(line.text) if line else None  # "Đại tướng Lương Tam Quang": the name after the rank
    line = line.sub(line.start + rank.end(), line.end) if rank else line
    if line is None or not is_person_name(line.text, allow_capitals=True) or _known_title(line.text) \
            or NOT_IN_NAME.search(line.text):
        return None
    if i + 1 < len(lines) and FORM_NOTE.match(lines[i + 1].text):  # "CHỦ TỊCH" / "(Ký tên, đóng dấu)": a form
        return None
    above = [j for j in range(i - 1, max(-1, i - 1 - ABOVE_NAME - 2), -1) if not _is_noise(lines[j].text)][:ABOVE_NAME]
    if any(FORM_NOTE.match(lines[j].text) for j in above[:1]):
        return None
    title_at, title = next(((j, t) for j in above if (t := _title_at(lines, j))), (None, None))
    from_line = title_at if title_at is not None else i
    authority_at = next(
        ((j, m) for j in above if j <= from_line and (m := AUTHORITY.search(lines[j].text))), None
    )
    if authority_at is None and (need_authority or title_at is None or not is_upper(lines[title_at].text)):
        return None
    if not is_person_name(line.text):  # a name in capitals only counts right under its title
        if title_at is None or above.index(title_at) != 0:
            return None
    start = lines[i].start
    authority = None
    if authority_at:
        j, m = authority_at
        start, authority = lines[j].start + m.start(), _canonical_authority(m.group(0))
    elif title_at is not None:
        start = lines[title_at].start
    name = " ".join(line.text.split()) if is_person_name(line.text) else title_case(line.text)
    return SignerFound((start, line.end), name, title, authority, _collective(lines, [j for j in above if j <= from_line]))


def _without_leading_specks(line: Line) -> Line:
    """The line from its first token with a cased letter or a digit on ("ˆ" is a letter of no case), after
    a "(Đã ký)" note; a list item's bullet ("- Lê Văn Hai": a recipient) is no speck."""
    note = SIGNED_NOTE.match(line.text)  # "(Đã kỳ) Trần Thị Oanh": the note joined to the name by OCR
    at = note.end() if note else 0
    while (m := LEADING_SPECK.match(line.text, at)) and not BULLET.match(m[1]) \
            and not any(c.isupper() or c.islower() or c.isdigit() for c in m[1]):
        at = m.end()
    return line.sub(line.start + at, line.end) if at else line


def _title_at(lines: list[Line], j: int) -> str | None:
    """The title on line j: a known one, or any capitalised line right under an authority line."""
    known = title_of(lines[j].text)
    if known or j == 0 or not AUTHORITY.search(lines[j - 1].text):
        return known
    return printed_title(lines[j].text)


def _collective(lines: list[Line], candidates: list[int]) -> Line | None:
    """ "TM. UỶ BAN NHÂN DÂN XÃ" → the line's body after the authority, when signed on behalf of a body."""
    for j in candidates:
        m = AUTHORITY.search(lines[j].text)
        if m and _canonical_authority(m.group(0)) in ("TM.", "T/M"):
            return lines[j].sub(lines[j].start + m.end(), lines[j].end)
    return None


def title_of(text: str) -> str | None:
    """ "PHÓ CHỦ TỊCH" → "Phó Chủ tịch"; also after an authority ("KT. CHỦ TỊCH") or at the end of
    a line shared with a recipient ("- Như trên; PHÓ CHỦ TỊCH"). Known titles only: see printed_title."""
    m = AUTHORITY.match(text)
    for candidate in ([text[m.end():]] if m else []) + [text]:
        found = _known_title(candidate)
        if found:
            return found
    return None


def printed_title(text: str) -> str | None:
    """A title not in the lexicon, printed in capitals under an authority line ("TRƯỞNG PHÒNG NỘI VỤ")."""
    if AUTHORITY.search(text) or not is_upper(text, min_letters=4) or len(text.split()) > 6:
        return None
    if BULLET.match(text) or re.search(r"[\d:;,]", text):
        return None
    plain = text.strip(" .")
    return plain[:1] + plain[1:].lower()


def _known_title(text: str) -> str | None:
    folded = fold(" ".join(text.split()))
    for (printed, written), key in zip(_titles_longest_first(), _folded_titles(), strict=True):
        if folded == key:
            return written
        if folded.endswith(" " + key) and is_upper(text[-len(printed):]):
            return written
    return None


def _canonical_authority(text: str) -> str:
    key = re.sub(r"\s+", "", text)
    forms = _lexicon()["authorities"]["forms"]
    return forms.get(key) or forms.get(key.rstrip(".")) or key


def _is_noise(text: str) -> bool:
    return any(re.search(p, text) for p in _lexicon()["signature_noise"]["patterns"])


# ── recipients ────────────────────────────────────────────────────────────────


def find_recipients(text: str) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """ "Kính gửi: ..." addressees and the "Nơi nhận:" list, in that order, with where each was read."""
    items: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    lines = lines_of(text)
    heads = _lexicon()["recipients_heads"]
    addressee = _block(lines, heads["addressee"], first=True)
    distribution = _block(lines, heads["distribution"], first=False)
    for key, block in (("addressee", addressee), ("distribution", distribution)):
        if block:
            items += [item for item in block.items if item not in items]
            spans[key] = block.span
    return items, spans


def _block(lines: list[Line], labels: list[str], first: bool) -> Recipients | None:
    label = re.compile(rf"^(?:{'|'.join(re.escape(w) for w in labels)})\s*:?", re.IGNORECASE)
    found = [i for i, line in enumerate(lines) if label.match(line.text)]
    if not found:
        return None
    i = found[0] if first else found[-1]
    head = lines[i]
    items: list[str] = []
    end = head.end
    rest = _cut_signature(head.text[label.match(head.text).end():])
    if _clean(rest):
        items.append(_clean(rest))
    for j in range(i + 1, len(lines)):
        line = lines[j]
        body = _cut_signature(line.text)  # the signature column may share the line
        if BULLET.match(line.text):
            if _clean(body):
                items.append(_clean(body))
                end = line.start + len(body.rstrip())
            continue
        if items and _continues(line, lines[j + 1] if j + 1 < len(lines) else None):
            items[-1] = _clean(items[-1] + " " + body)
            end = line.end
            continue
        if not items and first and not label.match(line.text):  # "Kính gửi:" then the addressee on the next line
            if _clean(body):
                items.append(_clean(body))
                end = line.end
            continue
        break
    return Recipients(items, (head.start, end)) if items else None


def _continues(line: Line, following: Line | None) -> bool:
    """A short line that is not a signature line, wrapped from the item above ("QĐ 1543" / "HU;")."""
    text = line.text
    if AUTHORITY.search(text) or title_of(text) or is_person_name(text) or len(text.split()) > 6:
        return False
    return text.endswith((";", ",")) or (following is not None and BULLET.match(following.text) is not None)


def _cut_signature(text: str) -> str:
    """The recipients' part of a line that the signature column shares."""
    m = AUTHORITY.search(text)
    if m and m.start() > 0:
        text = text[:m.start()]
    for printed, _written in _titles_longest_first():
        if text.endswith(" " + printed):
            return text[: -len(printed)]
    return text


def _clean(item: str) -> str:
    return BULLET.sub("", item.strip()).strip().rstrip(";,.").strip()


@cache
def _folded_titles() -> tuple[str, ...]:
    return tuple(fold(printed) for printed, _ in _titles_longest_first())


@cache
def _titles_longest_first() -> tuple[tuple[str, str], ...]:
    forms = _lexicon()["titles"]["forms"]
    pairs = [(canonical(p), canonical(w)) for p, w in forms.items()]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


@cache
def _lexicon() -> dict:
    return load_json("metadata/lexicon.json")
