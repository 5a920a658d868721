"""The researcher's notebook runs top to bottom on a batch extracted from the bundled corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.batches import copy_batch, extracted_batch
from tests.helpers import REPO

NOTEBOOK = REPO / "notebooks" / "compare_communes.ipynb"


def test_the_committed_notebook_has_no_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, "strip outputs before committing"


def _python_kernel(tmp_path: Path, monkeypatch) -> str:
    """The venv's python3 kernel; when no spec is installed, one pointing at this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        spec = tmp_path / "jupyter" / "kernels" / "python3"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3", "language": "python"}), encoding="utf-8")
        monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "python3"


def test_the_notebook_runs_on_the_bundled_corpus(tmp_path, tmp_path_factory, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    out = copy_batch(extracted_batch(tmp_path_factory), tmp_path / "out")  # figures are written beside it
    monkeypatch.setenv("NTM_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=_python_kernel(tmp_path, monkeypatch), timeout=180,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    if (keep := __import__("os").environ.get("NTM_KEEP_NOTEBOOK")):  # to look at the outputs
        nbformat.write(nb, keep)
    errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    # the tables reached the notebook: the first output lists every table with its row count
    load = next(cell for cell in nb.cells if cell.source.startswith("tables = build_tables"))
    counts = next(o for o in load.outputs if o.get("output_type") == "execute_result")
    assert "'targets'" in counts["data"]["text/plain"]
    for figure in ("targets_vs_results.png", "criteria_heatmap.png", "criteria_met_share.png"):
        assert (out / "figures" / figure).stat().st_size > 5000, figure
