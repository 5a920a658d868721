"""The pipeline version: the package version plus a digest of the package's code and data.

Outputs record it, and the batch cache redoes a document when it changes, so editing a rule, in
a module or in a data file under models/, invalidates earlier results just as a release does.
The digest names files by their place in the source tree (`pipeline/...`, `models/...`), so a
checkout and the wheel built from it agree. Computed once per process (~150 small files).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from pipeline.models_dir import MODELS_DIR

PACKAGE_VERSION = "0.1.0"
PACKAGE_DIR = Path(__file__).resolve().parent
# what the wheel carries besides modules (pyproject.toml's package-data); caches and stray files are not code
SHIPPED = {".py", ".json", ".ini", ".mako", ".html", ".j2", ".css", ".js", ".svg", ".png"}


@cache
def pipeline_version() -> str:
    return f"{PACKAGE_VERSION}+{code_digest(PACKAGE_DIR, MODELS_DIR)}"


def code_digest(package_dir: Path, models_dir: Path) -> str:
    """A digest of every module and data file of the package (`package_dir`) and of the data (`models_dir`)."""
    digest = hashlib.sha256()
    for name, path in sorted(_files(package_dir, models_dir)):
        digest.update(f"{name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _files(package_dir: Path, models_dir: Path) -> Iterator[tuple[str, Path]]:
    models_dir = models_dir.resolve()
    for path in package_dir.rglob("*"):
        if path.suffix in SHIPPED and path.is_file() and "__pycache__" not in path.parts:
            if not path.resolve().is_relative_to(models_dir):  # the wheel's pipeline/models/ is the data below
                yield f"pipeline/{path.relative_to(package_dir).as_posix()}", path
    for path in models_dir.rglob("*.json"):
        if path.is_file():
            yield f"models/{path.relative_to(models_dir).as_posix()}", path
