"""Where ntm's data lives: rule patterns, lexicons and reference tables under `models/`."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

MODELS_DIR = Path(os.environ.get("NTM_MODELS", Path(__file__).resolve().parent.parent / "models"))


@cache
def load_json(name: str) -> Any:
    """A JSON file under models/, parsed once per process."""
    with open(MODELS_DIR / name, encoding="utf-8") as f:
        return json.load(f)


@cache
def load_jsonl(name: str) -> list[dict[str, Any]]:
    with open(MODELS_DIR / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("//")]
