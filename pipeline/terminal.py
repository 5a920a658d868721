"""Text from files and documents made safe for the terminal.

A file name or a document's text is data: `[bold red]` in it must not restyle the output (rich
markup), "[/]" must not crash it, and control characters (ANSI/OSC escapes, a carriage return, bidi
overrides) must not move the cursor, retitle the window or reorder what is shown. They are spelled
out instead (`\x1b`, `\u202e`).
"""

from __future__ import annotations

import re

from rich.markup import escape

# C0 and C1 controls, DEL, and the bidirectional overrides and isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def spelled(text: str) -> str:
    """`text` with every control character spelled out as an escape sequence."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


def safe(text: object) -> str:
    """`text` to put inside rich markup: controls spelled out, markup escaped."""
    return escape(spelled(str(text)))
