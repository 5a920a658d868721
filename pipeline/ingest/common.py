"""Small helpers the format readers share."""

from __future__ import annotations


def first_line(e: BaseException) -> str:
    """An exception's message cut to its first line (error messages must be one line)."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__
