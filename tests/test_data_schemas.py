"""Every data file under models/ has a JSON Schema (models/schema/<same path>.schema.json) and keeps to it:
no unknown key, no missing one, the right types, and example blocks of the one shape (tests/data_examples.py).
The generator's vocabulary (ntm_corpus/data/, schemas in ntm_corpus/data/schema/) is held to the same."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from pipeline.models_dir import MODELS_DIR, load_json
from tests.data_examples import data_files
from tests.helpers import REPO

SCHEMAS = MODELS_DIR / "schema"


def schema_of(file: str) -> dict:
    return json.loads((SCHEMAS / file.replace(".json", ".schema.json")).read_text(encoding="utf-8"))


def errors(file: str, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema_of(file))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("file", data_files())
def test_every_data_file_keeps_to_its_schema(file):
    assert (SCHEMAS / file.replace(".json", ".schema.json")).is_file(), f"models/{file} has no schema in models/schema/"
    jsonschema.Draft202012Validator.check_schema(schema_of(file))
    assert errors(file, load_json(file)) == []


def test_every_schema_has_its_data_file():
    data = {file.replace(".json", ".schema.json") for file in data_files()}
    schemas = {p.relative_to(SCHEMAS).as_posix() for p in SCHEMAS.rglob("*.schema.json")}
    assert schemas - data == {"extraction.schema.json"}  # the output schema (ntm schema), not a data file


GENERATOR = REPO / "ntm_corpus" / "data"


@pytest.mark.parametrize("path", sorted(GENERATOR.glob("*.json")), ids=lambda p: p.name)
def test_the_generators_vocabulary_keeps_to_its_schema(path):
    schema = json.loads((GENERATOR / "schema" / path.name.replace(".json", ".schema.json")).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []


def test_a_misspelt_key_or_an_example_block_of_another_shape_is_caught():
    data = copy.deepcopy(load_json("grammar/units.json"))
    data["units"][0]["writen"] = data["units"][0].pop("written")
    data["per_suffixes"]["examples"] = {"45,2 triệu đồng/người/năm": "triệu đồng"}
    found = errors("grammar/units.json", data)
    assert any("writen" in e for e in found) and any("written" in e for e in found)
    assert any(e.startswith("per_suffixes/examples") for e in found)
