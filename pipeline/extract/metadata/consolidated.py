"""Consolidated texts (văn bản hợp nhất): their own number and date stand at the end.

A consolidated text reprints the header of the document it consolidates ("NGHỊ ĐỊNH", no number
or date of its own) and ends with the authentication block that makes it a document:

    BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
    Số: 1607/VBHN-BLĐTBXH          XÁC THỰC VĂN BẢN HỢP NHẤT
                                   Hà Nội, ngày 04 tháng 5 năm 2023
                                   KT. BỘ TRƯỞNG ...

So when the text has that block, its number, place and date are the document's, and its type is
van_ban_hop_nhat (the reprinted heading is the consolidated document's type, not this one's).
"""

from __future__ import annotations

import re

from pipeline.extract.grammar.lines import Line, lines_of
from pipeline.extract.metadata.header import NUMBER_MARK, Header, _place_date_start, _read_zone_line
from pipeline.normalize.vietnamese import fold

DOC_TYPE = "van_ban_hop_nhat"
AUTHENTICATION = re.compile(r"^xac thuc van ban hop nhat\W*$")
AROUND = 4  # lines above and below the authentication line where its number and date stand
MAX_BLOCK_LINE = 80  # characters: the block's lines are short; a longer line is body text


def _block_line(line: Line) -> bool:
    """A short number line ("Số: 13/VBHN-BTC") or place-date line, not an article ending in a date."""
    return len(line.text) <= MAX_BLOCK_LINE and bool(NUMBER_MARK.match(line.text) or _place_date_start(line) is not None)


def read_consolidation(text: str, header: Header) -> None:
    """Replace the header's number, place, date and type by those of the authentication block, if any."""
    lines = lines_of(text)
    marks = [i for i, line in enumerate(lines) if AUTHENTICATION.match(fold(line.text))]
    if not marks:
        return
    at = marks[-1]
    block = Header(text)
    for line in lines[max(0, at - AROUND):at + AROUND + 1]:
        if _block_line(line):
            _read_zone_line(line, block, [])
    if block.code is None and block.issued is None:
        return
    header.doc_type = DOC_TYPE
    header.evidence["doc_type"] = (lines[at].start, lines[at].end)
    if block.code is not None:
        header.code = block.code
        header.evidence["number"] = block.evidence["number"]
    if block.issued is not None:
        header.issued, header.place = block.issued, block.place
        header.evidence["issued_date"] = block.evidence["issued_date"]
        header.evidence.pop("place", None)
        if block.place is not None:
            header.evidence["place"] = block.evidence["place"]
