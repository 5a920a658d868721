"""The `ntm` command line: each command mirrors a function of the Python API, with the same name and
parameters (the README lists them; tests/test_cli_api.py checks both): this module only parses
arguments and prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from pipeline import batch
from pipeline.errors import NtmError
from pipeline.terminal import safe

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
    err_console.print(f"[red]error:[/red] {safe(message)}", highlight=False, soft_wrap=True)


Workers = Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes (default: all cores).")]
Force = Annotated[bool, typer.Option("--force", help="Redo documents already done with this pipeline version.")]
Executor = Annotated[str, typer.Option(help="Where documents run: local (process pool) or dask.")]
Scheduler = Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")]


def _run(stage: str, run, out: Path) -> batch.Summary:
    """`run(echo, progress)`, a batch of the API, with a progress bar, a summary line and the exit code."""
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[pages]}"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err_console, transient=False,
    ) as bar:
        task = bar.add_task(stage, total=None, pages="")
        pages = {"ocr": 0, "text": 0}

        def progress(outcome: batch.Outcome | None, total: int) -> None:
            if outcome is None:
                bar.update(task, total=total)
                return
            pages["ocr"] += outcome.page_sources.count("ocr")
            pages["text"] += len(outcome.page_sources) - outcome.page_sources.count("ocr")
            bar.update(task, advance=1, pages=f"{pages['ocr']} OCR + {pages['text']} text pages")

        try:
            summary = run(_echo_error, progress)
        except (NtmError, OSError) as e:
            bar.stop()
            _echo_error(e.message if isinstance(e, NtmError) else f"{e.filename or out}: {e.strerror or e}")
            raise typer.Exit(2) from None
    err_console.print(safe(summary.line() + f" → {out}"
                           + (f" (errors in {out / 'errors.jsonl'})" if summary.failed else "")), highlight=False)
    if summary.ok == 0 and summary.skipped == 0 and summary.failed:
        raise typer.Exit(1)
    return summary


@app.command()
def normalize(inputs: Inputs, out: Out = Path("out/normalize"), workers: Workers = None, force: Force = False) -> None:
    """Read files into normalized text: OUT/NAME.txt and OUT/NAME.json (pages, sources, char map)."""
    _run("normalize", lambda echo, progress: batch.normalize(inputs, out, workers, force, echo=echo, progress=progress, limit_memory=True),
         out)


@app.command("ingest", hidden=True)
def ingest(inputs: Inputs, out: Out = Path("out/normalize"), workers: Workers = None, force: Force = False) -> None:
    """The former name of `ntm normalize`."""
    normalize(inputs, out, workers, force)


Db = Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL of the tracking database [default: sqlite:///OUT/ntm.sqlite].")]


@app.command()
def extract(
    inputs: Inputs,
    out: Out = Path("out"),
    workers: Workers = None,
    force: Force = False,
    executor: Executor = "local",
    scheduler: Scheduler = None,
    db: Db = None,
    key_prefix: Annotated[str | None, typer.Option(help="Key documents NAME:PATH in the database (PATH within the "
                                                   "folder given), not by resolved path: a commune, a machine.")] = None,
    source_root: Annotated[Path | None, typer.Option(help="With --key-prefix: PATH relative to this folder.")] = None,
) -> None:
    """Extract references, criteria, targets, deadlines and metadata: OUT/documents/NAME.json,
    then the comparison tables (OUT/tables, OUT/ntm.xlsx) and the tracking database."""
    summary = _run("extract", lambda echo, progress: batch.extract(
        inputs, out, workers, force, executor, scheduler, db, key_prefix, source_root,
        echo=echo, progress=progress, limit_memory=True), out)
    if summary.tables is not None:
        err_console.print(f"tables: {len(summary.tables)} files → {out / 'tables'}, {out / 'ntm.xlsx'}", highlight=False)
        err_console.print(f"database: {summary.database}", highlight=False)


ReviewedOnly = Annotated[bool, typer.Option("--reviewed-only", help="Only documents reviewed in `ntm serve`, with their corrections.")]


@app.command()
def tables(
    out: Annotated[Path, typer.Argument(help="Output folder of `ntm extract`.")],
    reviewed_only: ReviewedOnly = False,
    db: Db = None,
) -> None:
    """(Re)build OUT/tables/<table>.csv and .parquet and OUT/ntm.xlsx from OUT/documents/*.json
    (--reviewed-only: OUT/reviewed/tables and OUT/reviewed/ntm.xlsx, corrections from --db)."""
    from pipeline.export import tables_of

    dest, written = _guarded(lambda: tables_of(out, reviewed_only, db))
    err_console.print(safe(f"tables: {len(written)} files → {dest / 'tables'}, {dest / 'ntm.xlsx'}"), highlight=False)


@app.command()
def load(
    out: Annotated[Path, typer.Argument(help="Output folder of `ntm extract`.")],
    db: Db = None,
    reviewed_only: ReviewedOnly = False,
) -> None:
    """Load OUT/documents/*.json into the tracking database (idempotent; migrations applied first).
    Documents reviewed in `ntm serve` are loaded with their corrections."""
    from pipeline.load import default_url
    from pipeline.load import load as load_documents

    review_db = default_url(out) if reviewed_only and db else None  # reviews live in the app's database
    summary = _guarded(lambda: load_documents(out, db, reviewed_only, review_db))
    for error in summary.errors:
        _echo_error(error)
    err_console.print(safe(f"database: {summary}"), highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def indicators(
    out: Annotated[Path, typer.Argument(help="Output folder of `ntm extract`.")],
    unmapped: Annotated[bool, typer.Option("--unmapped", help="List indicator phrases with no indicator id.")] = False,
) -> None:
    """Indicator ids found in the targets, with counts (--unmapped: the phrases the lexicon does not know yet)."""
    from pipeline.export.indicators import indicators as indicator_counts

    rows = _guarded(lambda: indicator_counts(out, unmapped))
    title = ("Indicator phrases without an indicator id (add them to models/targets/indicators.json)" if unmapped
             else "Indicator ids")
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("phrase" if unmapped else "indicator_id")
    table.add_column("count", justify="right")
    for phrase, count in rows:
        table.add_row(safe(phrase), str(count))
    console.print(table)


@app.command()
def report(out: Annotated[Path, typer.Argument(help="Output folder of `ntm extract`.")] = Path("out")) -> None:
    """A self-contained HTML report: OUT/report.html (every item highlighted in its text, heatmap, targets, deadlines)."""
    from pipeline.report import write_report

    path = _guarded(lambda: write_report(out))
    err_console.print(safe(f"report → {path}"), highlight=False)


@app.command()
def serve(
    out: Annotated[Path, typer.Argument(help="Output folder (created if missing).")] = Path("out"),
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on; other than 127.0.0.1 needs users (`ntm user add`).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    inbox: Annotated[Path | None, typer.Option(help="A server folder whose subfolders can be run as batches from the app.")] = None,
) -> None:
    """The review and tracking web app: upload batches, review and correct items, tracking views."""
    from pipeline.serve import serve as run_server

    _guarded(lambda: run_server(out, db, host, port, inbox, echo=lambda line: console.print(line, highlight=False)))


@app.command()
def gold(
    out: Annotated[Path, typer.Argument(help="Output folder reviewed with `ntm serve`.")],
    to: Annotated[Path, typer.Option("--to", help="Folder to write GOLD/<name>.json into.")],
    db: Db = None,
) -> None:
    """Write `ntm eval`'s gold files from the documents reviewed in `ntm serve` (corrections applied)."""
    from pipeline.serve.export import write_gold

    written = _guarded(lambda: write_gold(out, to, db))
    err_console.print(f"gold: {len(written)} reviewed document(s) → {to}", highlight=False)


user_app = typer.Typer(no_args_is_help=True, help="Users of `ntm serve` (needed off 127.0.0.1).")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    out: Annotated[Path, typer.Argument(help="Output folder served.")],
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="reviewer or read-only.")] = "reviewer",
    db: Db = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Add a user (or set a user's password and role); the password is stored as a salted scrypt hash."""
    from pipeline.serve import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)

    _guarded(lambda: add_user(out, name, password, role, db))
    err_console.print(f"user {name} ({role}) saved", highlight=False)


def _guarded(action):
    """Run `action`, turning a user's mistake (NtmError) or a fault of the machine (disk full,
    read-only folder) into one line on stderr and exit 2."""
    try:
        return action()
    except NtmError as e:
        _echo_error(e.message)
        raise typer.Exit(2) from None
    except OSError as e:
        _echo_error(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "))
        raise typer.Exit(2) from None


@app.command()
def show(file: Annotated[Path, typer.Argument(help="A document JSON written by `ntm extract`.")]) -> None:
    """A readable summary of one document's extraction."""
    from pipeline.show import show as show_file

    _guarded(lambda: show_file(file, console))


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
    """Write realistic commune submissions with gold annotations: OUT/documents, OUT/gold.

    The generator is the separate package ntm_corpus, installed with the extra: pip install 'ntm[corpus]'.
    """
    try:
        from ntm_corpus.generate import generate
    except ImportError as e:
        _echo_error(f"ntm corpus needs the corpus extra ({e.name} is missing): pip install 'ntm[corpus]'")
        raise typer.Exit(2) from None
    try:
        paths = generate(n, out, seed, [f for f in formats.split(",") if f], scan, scans)
    except (ValueError, OSError) as e:
        _echo_error(str(e))
        raise typer.Exit(2) from None
    err_console.print(f"{n} documents, {len(paths)} files → {out}/documents, gold in {out}/gold", highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()
