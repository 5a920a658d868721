"""The pipeline version: the package version plus a digest of the data it loads from models/.

Outputs record it, and the batch cache redoes a document when it changes, so editing a lexicon
or a pattern file invalidates earlier results just as a code release does.
"""

from __future__ import annotations

import hashlib
from functools import cache

from pipeline.models_dir import MODELS_DIR

PACKAGE_VERSION = "0.1.0"


@cache
def pipeline_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in MODELS_DIR.rglob("*") if p.is_file() and "corpus" not in p.parts):
        digest.update(path.relative_to(MODELS_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{PACKAGE_VERSION}+{digest.hexdigest()[:10]}"
