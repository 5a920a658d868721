"""Extraction quality floors, measured with `ntm eval` against hand and generated gold."""

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import evaluate
from tests.helpers import CORPUS, SHARED_DOCS, SHARED_GOLD

FLOORS = {"references": 0.95, "criteria": 0.95, "criteria_summaries": 0.9, "targets": 0.85, "deadlines": 0.85}


def _extract_and_score(documents, gold, out):
    result = CliRunner().invoke(app, ["extract", str(documents), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return evaluate(gold, out)


def _assert_floors(report):
    totals = report.totals
    failures = {f: round(totals[f].f1, 3) for f, floor in FLOORS.items() if totals[f].f1 < floor}
    assert not failures, (failures, report.mismatches)
    assert totals["reference_dates"].fp == 0, report.mismatches
    assert totals["signer"].fn == 0 and totals["signer"].fp == 0, report.mismatches
    assert not report.missing


@pytest.fixture(scope="module")
def shared_report(tmp_path_factory):
    if not SHARED_DOCS.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    return _extract_and_score(SHARED_DOCS, SHARED_GOLD, tmp_path_factory.mktemp("shared"))


def test_floors_on_the_real_documents(shared_report):
    _assert_floors(shared_report)


def test_floors_on_the_bundled_corpus(tmp_path):
    documents = CORPUS / "documents"
    texts = sorted(documents.glob("*.txt"))
    if not texts:
        pytest.skip("no bundled corpus yet")
    folder = tmp_path / "in"
    folder.mkdir()
    for path in texts:
        (folder / path.name).symlink_to(path)
    _assert_floors(_extract_and_score(folder, CORPUS / "gold", tmp_path / "out"))
