import json

from pipeline.schema import Extraction, json_schema
from tests.helpers import REPO


def test_committed_schema_matches_models():
    committed = json.loads((REPO / "models/schema/extraction.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate with: ntm schema > models/schema/extraction.schema.json"


def test_schema_has_contract_keys():
    required = {"schema_version", "doc_id", "source", "metadata", "references", "criteria",
                "criteria_summaries", "targets", "deadlines", "warnings", "normalized_text"}
    assert required <= set(Extraction.model_fields)
