"""What kind of text a document is (models/grammar/genre.json): is it a legal text?

Fields that must stay quiet outside their genre ask here: targets in a legal text only where a goal is
stated, commune criteria never in a legal text (its 'tiêu chí' are definitions and grading scales, not
a commune's progress).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar.aligned import lower_aligned, word_pattern
from pipeline.models_dir import load_json

ARTICLE = re.compile(r"^[ \t*_#]*Điều\s+\d+[a-zđ]?\s*[.:]", re.M)


@cache
def _genre() -> dict:
    return load_json("grammar/genre.json")


@cache
def _legal_self() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(_genre()["legal_self"])))


def article_starts(text: str) -> list[int]:
    return [m.start() for m in ARTICLE.finditer(text)]


def is_legal(ctx: Context, text_lower: str | None = None) -> bool:
    """A law, decree, circular or consolidated text, one that names itself so ('Thông tư này'), or one of articles."""
    genre = _genre()
    doc_type = getattr(ctx.found.get("metadata"), "doc_type", None)
    text_lower = lower_aligned(ctx.text) if text_lower is None else text_lower
    return (doc_type in genre["legal_types"] or bool(_legal_self().search(text_lower))
            or len(article_starts(ctx.text)) >= genre["legal_min_articles"])

