"""The example blocks of the data files under models/: one shape, one runner each.

Shape: a block is a key `examples` (or `<what>_examples`) or `counter_examples`. `examples` lists cases,
each a text the entry must match or an object with the input `text` and the expected outputs under
named keys ({"text": "Tỷ lệ người tham gia BHYT", "expanded": "..."}); `counter_examples` lists texts the
entry must not match. The JSON Schemas in models/schema/ hold every file to this shape.

A runner is the test module that reads a block through `examples()`: the call records the reader, and
tests/test_data_examples.py fails on a block no module reads, or that two modules read.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pipeline.models_dir import MODELS_DIR, load_json

BLOCK = re.compile(r"(?:\w+_)?examples$")
READERS: dict[tuple[str, str], set[str]] = defaultdict(set)


def examples(file: str, path: str) -> list[Any]:
    """The cases of the block at `path` of models/`file`: 'status_cues.examples' gives the cases,
    'units[].examples' gives (entry, case) pairs over the list `units`."""
    READERS[(file, path)].add(sys._getframe(1).f_globals["__name__"])
    head, _, rest = path.partition("[].")
    node = _at(load_json(file), head)
    if not rest:
        return list(node)
    return [(entry, case) for entry in node for case in _at(entry, rest)]


def _at(node: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        node = node[key]
    return node


def blocks(node: Any, path: str = "") -> Iterator[str]:
    """The path of every example block in a parsed data file ('units[].examples')."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else key
            if BLOCK.match(key):
                yield here
            else:
                yield from blocks(value, here)
    elif isinstance(node, list):
        seen: set[str] = set()
        for item in node:
            for block in blocks(item, f"{path}[]"):
                if block not in seen:
                    seen.add(block)
                    yield block


def data_files() -> list[str]:
    """Every data file under models/, relative to it (the JSON Schemas themselves excepted)."""
    return sorted(p.relative_to(MODELS_DIR).as_posix() for p in MODELS_DIR.rglob("*.json")
                  if "schema" not in p.relative_to(MODELS_DIR).parts)
