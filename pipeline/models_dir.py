"""Where ntm's data lives: rule patterns, lexicons and reference tables.

The data is kept in the repository's top-level `models/` folder and ships inside the wheel as the
package data `pipeline/models/`, found with importlib.resources. A source checkout (an editable
install, or PYTHONPATH pointing at it) has no `pipeline/models/` and reads `models/` beside the
package. `NTM_MODELS` points elsewhere, for experiments with other rules.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def _models_dir() -> Path:
    if os.environ.get("NTM_MODELS"):
        return Path(os.environ["NTM_MODELS"])
    shipped = resources.files("pipeline").joinpath("models")
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parent.parent / "models"


MODELS_DIR = _models_dir()


@cache
def load_json(name: str) -> Any:
    """A JSON file of the data folder (`name` relative to it), parsed once per process."""
    with open(MODELS_DIR / name, encoding="utf-8") as f:
        return json.load(f)
