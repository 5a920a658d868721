"""Lines: re-join the lines a hard wrap or a page break split in the middle of a sentence.

The normalized text has one logical line per "\\n": a paragraph, a heading, a list item, or one
line of the header or signature block. It has no blank lines, no page markers and no spaces at
the start or end of a line. A joined line break becomes one space, except inside a document code
split after its hyphen or slash ("1543-" / "QĐ/HU" → "1543-QĐ/HU"), where it disappears.

Whether two lines belong together is read from the lines themselves, so that the rules hold
for markdown (paragraphs separated by a blank line), Word (a paragraph per line), PDF text
layers (a line per printed line) and OCR (printed lines, paragraphs separated by a blank line):

- a line starting with a lower-case letter continues the line before, unless that one stands
  alone (header and signature lines, all-caps headings, a name) or ends with a colon;
- a line starting with a capital continues only a line that plainly runs on: one ending with
  a comma, a word that cannot end a clause ("của", "và"), a prefix and half a name ("tỉnh
  Lạng" / "Sơn"), or, in hard-wrapped text, a line that ends at the right margin when no blank
  line or first-line indent starts a new paragraph;
- list items, numbered headings, all-caps lines, table rows (cells separated by a tab) and the
  header and signature lines always start a new line (see models/layout.json).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise

from pipeline.models_dir import load_json
from pipeline.normalize.rules import rules
from pipeline.normalize.vietnamese import canonical

ENDS_SENTENCE = re.compile(r"(?:[.!?:;…])[\"'”’»)\]]*$")
CODE_HEAD = re.compile(r"(?=.*[\d/].*[-/]$)[\w./-]*\w[-/]")  # the last word: "1543-", "1494/QĐ-", "12/"
CODE_TAIL = re.compile(r"(?:[A-ZĐ\d]{2,}[a-z]?|\d)(?=[\s/\-.,;:)]|$)")  # "QĐ/HU", "UBND", "TTg", "2025"
DASH_ITEM = re.compile(r"[-–]\s+(?=[^\W\d_])")
TAIL = 40  # the end of a line the end rules look at
STRIPPED_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")

WRAP_QUANTILE = 0.9  # a page's wrap width: this quantile of its line lengths
FIT_SHARE = 0.9  # a word fits on a line if the line stays under this share of the wrap width
CAPITAL_EXTRA = 0.3  # a capital is about 1.3 average characters wide
MAX_WRAP_WIDTH = 160  # longer "lines" are paragraphs, not printed lines
MIN_WRAP_EVIDENCE = 2  # full lines continued by a lower-case line before a document counts as hard-wrapped


@dataclass
class Line:
    start: int  # span of the line's text, without outer spaces, in the text being normalized
    end: int
    text: str
    page: int  # index of the page in the document
    blank_before: bool  # a blank line separates it from the line before on its page
    indented: bool = False  # begins with white space: a first-line indent in a plain-text layout
    full: bool = False  # ends at the right margin (the next word did not fit), in hard-wrapped text

    @cached_property
    def kind(self) -> str | None:
        return block_kind(self.text)

    @cached_property
    def alone(self) -> bool:
        return stands_alone(view(self.text))


def split_lines(text: str, page_of: Callable[[int], int]) -> list[Line]:
    lines: list[Line] = []
    for m in STRIPPED_LINE.finditer(text):
        page = page_of(m.start())
        prev = lines[-1] if lines else None
        blank = prev is not None and prev.page == page and text.count("\n", prev.end, m.start()) > 1
        indented = m.start() > 0 and text[m.start() - 1] in " \t"
        lines.append(Line(m.start(), m.end(), m.group(0), page, blank, indented))
    return lines


# ── what one line is ─────────────────────────────────────────────────────────


def block_kind(text: str) -> str | None:
    """What kind of block the line starts (bullet, numbered, caps, recipients...), None for running text."""
    m = rules().block_start.match(text)
    if m:
        return m.lastgroup
    return "caps" if is_caps(text) else None


def is_caps(text: str) -> bool:
    """An all-caps line (two capitals at least): a heading, an issuing body, a signer's title."""
    return text.isupper() and sum(c.isupper() for c in text) >= 2


def is_name(text: str) -> bool:
    """A line of two to five capitalised words and nothing else: a signer's name."""
    if len(text) > 60:
        return False
    words = text.split(" ")
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def stands_alone(text: str) -> bool:
    """Nothing is ever appended to this line."""
    return is_caps(text) or is_name(text) or text.endswith("./.") or bool(rules().standalone.search(text))


def ends_inside_name(text: str) -> bool:
    """'... trên địa bàn tỉnh Lạng': a prefix and one capitalised syllable, the rest of the name follows."""
    m = rules().split_name_end.search(text[-TAIL:])
    return bool(m) and m["name"][0].isupper() and m["name"][1:].islower()


def runs_on(text: str) -> bool:
    """The line plainly continues: it ends with a comma, a dash, a connector word or half a name."""
    return text.endswith((",", " -", " –")) or ends_with_connector(text) or ends_inside_name(text)


def ends_with_connector(text: str) -> bool:
    return bool(rules().connector_end.search(text[-TAIL:]))


def heading_runs_on(text: str, following: Line) -> bool:
    """'VỀ VIỆC XÂY DỰNG ... NĂM' / '2024': an all-caps heading wrapped onto a caps line or a year;
    'BCH ĐẢNG BỘ XÃ SONG' / 'LỘC': an issuing body wrapped inside the name of its commune."""
    if not is_caps(text):
        return False
    tail = text[-TAIL:].lower()
    if following.kind == "caps" and _wrapped_caps_name(tail, following.text):
        return True
    continues = following.kind == "caps" or (following.kind is None and following.text[0].isdigit())
    return continues and bool(rules().heading_connector_end.search(tail))


def _wrapped_caps_name(tail: str, following: str) -> bool:
    """The line ends with a unit prefix ('xã', 'huyện' ...) and at most one syllable of a name, and the
    next line is the short rest of that name, not a heading of its own ('NGHỊ QUYẾT')."""
    ends_in_name = rules().split_name_end.search(tail) or rules().name_prefix_end.search(tail)
    return bool(ends_in_name) and len(following.split()) <= 2 and following.lower() not in document_headings()


@cache
def document_headings() -> frozenset[str]:
    """'nghị quyết', 'kế hoạch' ...: the document-type titles that stand on a line of their own."""
    return frozenset(canonical(name).lower() for t in load_json("grammar/doc_types.json")["types"] for name in t["names"])


def splits_code(text: str, following: str) -> bool:
    """'số 1543-' / 'QĐ/HU': a document code broken after its hyphen or slash."""
    return (
        text.endswith(("-", "/")) and bool(CODE_HEAD.fullmatch(text.rpartition(" ")[2]))
        and bool(CODE_TAIL.match(following))
    )


# ── hard wraps ────────────────────────────────────────────────────────────────


def mark_full_lines(lines: list[Line]) -> None:
    """Mark the lines that end at the right margin, when the document shows it is hard-wrapped.

    A page's wrap width is the WRAP_QUANTILE of its line lengths (pages of paragraph-long lines
    have none); a line is full when the next line's first word would not have fitted after it.
    The document counts as hard-wrapped when full lines are continued by lower-case lines: once
    those are joined that evidence is gone, so normalizing normalized text changes nothing.
    """
    widths = {}
    for page_lines in _by_page(lines):
        lengths = sorted(len(line.text) for line in page_lines)
        width = lengths[int(WRAP_QUANTILE * (len(lengths) - 1))]
        if width <= MAX_WRAP_WIDTH and sum(n >= FIT_SHARE * width for n in lengths) >= 3:
            widths[page_lines[0].page] = width
    for a, b in pairwise(lines):
        width = widths.get(a.page)
        if width:
            a.full = len(a.text) + 1 + _visual_width(b.text.split(" ", 1)[0]) > FIT_SHARE * width
    evidence = sum(
        a.full and b.page == a.page and not b.blank_before and _continues_lower(a, b) for a, b in pairwise(lines)
    )
    if evidence < MIN_WRAP_EVIDENCE:
        for line in lines:
            line.full = False


def _visual_width(word: str) -> float:
    """Length in average characters: capitals are wider in the proportional fonts documents use."""
    return len(word) + CAPITAL_EXTRA * sum(c.isupper() for c in word)


def _by_page(lines: list[Line]) -> Iterator[list[Line]]:
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].page != lines[start].page:
            yield lines[start:i]
            start = i


def _continues_lower(a: Line, b: Line) -> bool:
    """The lower-case rule of `separator` would join b to a."""
    return b.text[0].islower() and b.kind is None and not a.alone and not a.text.endswith(":")


# ── joining ───────────────────────────────────────────────────────────────────


VIEW_EDGE = 200  # a long logical line is judged by its first and last VIEW_EDGE characters


def view(text: str) -> str:
    """A line as the joining rules read it: whole, or for a long line its head and tail."""
    return text if len(text) <= 2 * VIEW_EDGE else text[:VIEW_EDGE] + " … " + text[-VIEW_EDGE:]


class LogicalLine:
    """The logical line built so far; `view` is `view(text)`, kept up to date as lines are
    appended, so building a paragraph of hundreds of lines stays linear."""

    def __init__(self, text: str):
        self.full: str | None = text
        self.head = self.tail = ""
        self._shorten()

    def append(self, text: str) -> None:
        if self.full is None:
            self.tail = (self.tail + text)[-VIEW_EDGE:]
        else:
            self.full += text
            self._shorten()

    @property
    def view(self) -> str:
        return self.full if self.full is not None else self.head + " … " + self.tail

    def _shorten(self) -> None:
        if self.full is not None and len(self.full) > 2 * VIEW_EDGE:
            self.head, self.tail, self.full = self.full[:VIEW_EDGE], self.full[-VIEW_EDGE:], None


def separators(lines: list[Line]) -> list[str]:
    """What replaces each line break: "\\n" (kept), " " (joined) or "" (a code re-joined)."""
    seps = []
    current = LogicalLine(lines[0].text if lines else "")
    single = True  # the logical line is still one line: its own flags hold
    in_recipients = bool(lines) and lines[0].kind == "recipients"
    for a, b in pairwise(lines):
        if b.page != a.page:
            in_recipients = False
        alone = a.alone if single else stands_alone(current.view)
        sep = separator(current.view, alone, a, b, in_recipients)
        seps.append(sep)
        single = sep == "\n"
        if single:
            current = LogicalLine(b.text)
        else:
            current.append(sep + b.text)
        in_recipients = in_recipients or b.kind == "recipients"
    return seps


def separator(current: str, alone: bool, a: Line, b: Line, in_recipients: bool) -> str:
    """How the logical line `current` (its view, ending with line `a`; `alone` if it stands alone)
    meets line `b`."""
    if splits_code(current, b.text):
        return ""
    if alone:
        return " " if heading_runs_on(current, b) else "\n"
    kind = b.kind
    if kind == "bullet" and _wrapped_before_dash(current, a, b):
        return " "  # "... kinh tế" / "- xã hội ...": a wrap before a spaced dash
    if kind == "section" and ends_with_connector(current):
        return " "  # "... quy định tại" / "Điều 5 ...": a citation, not a new article
    if kind:
        return "\n"
    first = b.text[0]
    if first.islower():
        return "\n" if current.endswith(":") else " "
    if ENDS_SENTENCE.search(current[-TAIL:]):
        return "\n"
    if not first.isupper():
        return " "  # a digit, quote or bracket after an unfinished sentence
    if in_recipients:
        return "\n"  # recipients are one per line, with or without a dash
    if runs_on(current):
        return " "
    return " " if _hard_wrap(a, b) else "\n"


def _hard_wrap(a: Line, b: Line) -> bool:
    """a ends at the right margin and b goes on in the same paragraph (no blank line, no new indent)."""
    return a.full and not b.blank_before and (a.indented or not b.indented)


def _wrapped_before_dash(current: str, a: Line, b: Line) -> bool:
    return (
        _hard_wrap(a, b) and bool(DASH_ITEM.match(b.text))
        and b.text.lstrip("-– ")[:1].islower() and block_kind(current) != "bullet" and current[-1].isalnum()
    )
