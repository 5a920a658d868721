"""The pipeline version changes with any rule, in code or in data, so the batch cache redoes documents."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.version import PACKAGE_DIR, PACKAGE_VERSION, code_digest, pipeline_version
from tests.helpers import REPO


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the package and its data, to edit."""
    shutil.copytree(REPO / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "models", tmp_path / "models")
    return tmp_path


def digest(tree: Path) -> str:
    return code_digest(tree / "pipeline", tree / "models")


def a_rule_module(tree: Path) -> Path:
    """A module where 'đến hết quý II năm 2025' becomes a date."""
    return next(p for p in sorted((tree / "pipeline" / "extract").rglob("*.py")) if "quý" in p.read_text("utf-8"))


def test_the_version_is_the_package_version_and_a_digest_of_this_tree():
    assert pipeline_version() == f"{PACKAGE_VERSION}+{code_digest(PACKAGE_DIR, REPO / 'models')}"


def test_the_same_tree_gives_the_same_version(tree):
    assert digest(tree) == digest(REPO)


def test_editing_a_rule_in_code_changes_the_version(tree):
    before = digest(tree)
    module = a_rule_module(tree)
    module.write_text(module.read_text(encoding="utf-8").replace("quý", "quí", 1), encoding="utf-8")
    assert digest(tree) != before


def test_editing_a_data_file_changes_the_version(tree):
    before = digest(tree)
    [lexicon] = (tree / "models").rglob("indicators.json")
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("hộ nghèo", "hộ nghéo", 1), encoding="utf-8")
    assert digest(tree) != before


def test_bytecode_caches_and_stray_files_do_not_change_the_version(tree):
    before = digest(tree)
    (tree / "pipeline" / "__pycache__").mkdir(exist_ok=True)
    (tree / "pipeline" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (tree / "pipeline" / "notes.txt~").write_text("scratch", encoding="utf-8")
    assert digest(tree) == before


def test_a_process_running_the_edited_code_reports_a_new_version(tree):
    def version() -> str:
        code = "from pipeline.version import pipeline_version; print(pipeline_version())"
        done = subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, text=True,
                              env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, check=True)
        return done.stdout.strip()

    before = version()
    module = a_rule_module(tree)
    module.write_text(module.read_text(encoding="utf-8") + "\n# a rule changed\n", encoding="utf-8")
    assert before == pipeline_version()
    assert version() != before
