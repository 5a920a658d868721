"""The line-layout rules of `models/layout.json`, compiled once.

They answer the questions line joining and page-furniture removal ask about one line:
does it start a block, can anything be appended to it, does it end with a word that cannot end
a clause, is it a page number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.models_dir import load_json

RULES_FILE = "layout.json"


@dataclass(frozen=True)
class LayoutRules:
    block_start: re.Pattern[str]  # re.match: the line begins a new logical line; lastgroup names the kind
    standalone: re.Pattern[str]  # re.search: nothing is ever appended to the line
    connector_end: re.Pattern[str]  # re.search: the line ends with a word that cannot end a clause
    heading_connector_end: re.Pattern[str]  # re.search, on a lower-cased all-caps heading: it runs on
    split_name_end: re.Pattern[str]  # re.search: the line ends with a prefix and a name ("tỉnh Lạng")
    name_prefix_end: re.Pattern[str]  # re.search: the line ends with a prefix ("đảng bộ xã")
    page_number: re.Pattern[str]  # re.match: the line is only a page number
    never_running_head: re.Pattern[str]  # re.search: the line is not page furniture even if repeated
    signature_stamp: re.Pattern[str]  # re.match: a line of an e-signature stamp ("Ký bởi: ...")
    gazette_head: re.Pattern[str]  # re.match: the official gazette's running head ("CÔNG BÁO/Số ...")


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def rules() -> LayoutRules:
    data = load_json(RULES_FILE)
    return LayoutRules(
        block_start=re.compile("|".join(f"(?P<{e['name']}>{e['pattern']})" for e in data["block_starts"])),
        standalone=re.compile(_alternation([e["pattern"] for e in data["standalone"]])),
        connector_end=re.compile(rf"(?<![^\W\d_])(?:{_words(data['connectors']['words'])})$"),
        heading_connector_end=re.compile(rf"(?<![^\W\d_])(?:{_words(data['heading_connectors']['words'])})$"),
        split_name_end=re.compile(
            rf"(?<![^\W\d_])(?:{_words(data['name_prefixes']['words'])})\s+(?P<name>[^\W\d_]+)$"
        ),
        name_prefix_end=re.compile(rf"(?<![^\W\d_])(?:{_words(data['name_prefixes']['words'])})$"),
        page_number=re.compile(data["page_number"]["pattern"]),
        never_running_head=re.compile(_alternation(data["never_running_head"]["patterns"])),
        signature_stamp=re.compile(_alternation(data["signature_stamp"]["patterns"])),
        gazette_head=re.compile(data["gazette_head"]["pattern"]),
    )
