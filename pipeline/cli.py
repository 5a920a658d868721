"""The `ntm` command line: each command mirrors a function of the Python API."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline import batch
from pipeline.errors import NtmError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="ntm: Vietnamese New Rural Development documents → structured, comparable data.",
)
console = Console()
err_console = Console(stderr=True)

Inputs = Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", show_default=False)]
Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]


def _echo_error(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)


def _finish(summary: batch.Summary, out: Path, started: float) -> None:
    elapsed = time.perf_counter() - started
    err_console.print(
        f"{summary.ok} ok, {summary.failed} failed in {elapsed:.1f} s → {out}"
        + (f" (errors in {out / 'errors.jsonl'})" if summary.failed else ""),
        highlight=False,
    )
    if summary.ok == 0 and summary.failed:
        raise typer.Exit(1)


def _run(inputs: list[Path], out: Path, work) -> None:
    started = time.perf_counter()
    try:
        summary = batch.run(inputs, out, work, _echo_error)
    except NtmError as e:
        _echo_error(e.message)
        raise typer.Exit(2) from None
    _finish(summary, out, started)


@app.command()
def ingest(inputs: Inputs, out: Out = Path("out/ingest")) -> None:
    """Read files into normalized text: OUT/NAME.txt and OUT/NAME.json (pages, sources, char map)."""
    from pipeline import ingest as read
    from pipeline import normalize

    def work(item: batch.Input) -> None:
        normalized = normalize(read(item.path))
        batch.write_atomic(out / f"{item.name}.json", normalized.model_dump_json(indent=1))
        batch.write_atomic(out / f"{item.name}.txt", normalized.text)

    _run(inputs, out, work)


@app.command()
def extract(inputs: Inputs, out: Out = Path("out")) -> None:
    """Extract references, criteria, targets, deadlines and metadata: OUT/documents/NAME.json."""
    from pipeline import process

    def work(item: batch.Input) -> None:
        result = process(item.path)
        batch.write_atomic(out / "documents" / f"{item.name}.json", result.model_dump_json(indent=1))

    _run(inputs, out, work)


@app.command()
def show(file: Annotated[Path, typer.Argument(help="A document JSON written by `ntm extract`.")]) -> None:
    """A readable summary of one document's extraction."""
    from pipeline.show import render

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        _echo_error(f"{file}: cannot read an extraction JSON ({e})")
        raise typer.Exit(2) from None
    render(data, console)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Folder of gold JSON annotations.")],
    pred: Annotated[Path, typer.Option(help="Output folder of `ntm extract` (or its documents/).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per field against gold annotations."""
    from pipeline.evaluate import evaluate as run_eval
    from pipeline.show import render_eval

    for folder in (gold, pred):
        if not folder.is_dir():
            _echo_error(f"{folder}: no such folder")
            raise typer.Exit(2)
    report = run_eval(gold, pred)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        render_eval(report, console)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the per-document output."""
    from pipeline.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n")


corpus_app = typer.Typer(no_args_is_help=True, help="The project's synthetic corpus.")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("generate")
def corpus_generate(
    out: Out,
    n: Annotated[int, typer.Option("--n", min=1, help="Number of documents.")] = 12,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same corpus.")] = 0,
    formats: Annotated[str, typer.Option(help="Comma-separated formats: txt,docx,pdf.")] = "txt,docx,pdf",
    scan: Annotated[bool, typer.Option("--scan", help="Also write scanned PDFs (300 and 200 dpi).")] = False,
    scans: Annotated[int | None, typer.Option(help="Scan only the first N documents.")] = None,
) -> None:
    """Write realistic commune submissions with gold annotations: OUT/documents, OUT/gold."""
    from pipeline.corpus.generate import generate

    try:
        paths = generate(n, out, seed, [f for f in formats.split(",") if f], scan, scans)
    except (ValueError, OSError) as e:
        _echo_error(str(e))
        raise typer.Exit(2) from None
    err_console.print(f"{n} documents, {len(paths)} files → {out}/documents, gold in {out}/gold", highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()
