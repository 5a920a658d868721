"""The built wheel runs on its own: built from the sources, installed into a fresh venv, `ntm extract`
on a document in a folder outside the checkout finds its data (models/ ships inside the package).

No network: the build uses this venv's setuptools, and the fresh venv sees this venv's packages
through a .pth line, so only ntm itself comes from the wheel (about 30 s, mostly loading the NLP models).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import CORPUS, REPO

pytestmark = pytest.mark.wheel

SOURCES = ["pipeline", "ntm_corpus", "models", "pyproject.toml", "setup.py", "README.md"]


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    for name in SOURCES:  # build from a copy: the build writes build/ and *.egg-info beside the sources
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", src, "-w", tmp / "dist",
        cwd=tmp)
    [built] = (tmp / "dist").glob("ntm-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin folder."""
    tmp = tmp_path_factory.mktemp("venv")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    [own] = (env_dir / "lib").glob("python3*/site-packages")
    # the dependencies come from this interpreter's site-packages, after the venv's own (ntm's editable
    # finder there is a .pth file, and .pth files of a folder added this way are not run)
    (own / "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", env_dir / "bin" / "python", "install", "-q", "--no-deps", wheel,
        cwd=tmp)
    return env_dir / "bin"


def test_the_wheel_ships_every_file_of_the_package_and_of_models(wheel):
    """Modules, templates, static files, migrations, and the data as pipeline/models/."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if not name.startswith("ntm-")}
    sources = {f"pipeline/{p.relative_to(REPO / 'pipeline').as_posix()}" for p in (REPO / "pipeline").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")}
    data = {f"pipeline/models/{p.relative_to(REPO / 'models').as_posix()}" for p in (REPO / "models").rglob("*.json")}
    assert sources | data <= shipped, sorted((sources | data) - shipped)[:10]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NTM_MODELS")}


def test_the_wheel_carries_the_data_and_imports_from_the_venv(installed, tmp_path):
    where = run(installed / "python", "-c",
                "import pipeline, pipeline.models_dir as m; print(pipeline.__file__); print(m.MODELS_DIR)",
                cwd=tmp_path, env=clean_env()).split()
    assert all(Path(p).is_relative_to(installed.parent) for p in where), where
    assert (Path(where[1]) / "legacy_encodings.json").is_file()


def test_the_installed_ntm_extracts_a_document_outside_the_checkout(installed, tmp_path):
    doc = tmp_path / "in" / "report.txt"
    doc.parent.mkdir()
    shutil.copy2(CORPUS / "documents" / "syn1_000.txt", doc)
    run(installed / "ntm", "extract", doc.parent, "--out", tmp_path / "out", "--workers", "1",
        cwd=tmp_path, env=clean_env())

    out = json.loads((tmp_path / "out" / "documents" / "report.json").read_text(encoding="utf-8"))
    gold = json.loads((CORPUS / "gold" / "syn1_000.json").read_text(encoding="utf-8"))
    assert out["metadata"]["doc_type"] == gold["metadata"]["doc_type"]
    assert {r["code"] for r in out["references"]} == {r["code"] for r in gold["references"]}
    text = out["normalized_text"]
    items = [item for field in ("references", "criteria", "targets", "deadlines") for item in out[field]]
    assert all(text[item["span"][0]:item["span"][1]] == item["text"] for item in items)

    run(installed / "ntm", "report", tmp_path / "out", cwd=tmp_path, env=clean_env())
    assert "90/QĐ-TTg" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_the_installed_generator_writes_a_document_and_its_gold(installed, tmp_path):
    """ntm_corpus ships in the wheel with its vocabulary; reportlab comes with the extra `corpus`."""
    run(installed / "ntm", "corpus", "generate", "--n", "1", "--formats", "txt", "--out", tmp_path / "c",
        cwd=tmp_path, env=clean_env())
    gold = json.loads(next((tmp_path / "c" / "gold").glob("*.json")).read_text(encoding="utf-8"))
    text = next((tmp_path / "c" / "documents").glob("*.txt")).read_text(encoding="utf-8")
    assert gold["metadata"]["doc_type"] and all(r["code"] in text for r in gold["references"])
