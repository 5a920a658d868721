"""What the reliability tests share: a good document to keep company with hostile inputs, batch and
CLI runners, and the checks every case ends with (one line per refusal, the batch going on,
nothing half-written). Each test builds its own inputs in a temp folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline import batch
from pipeline.schema import Extraction

GOOD = """UỶ BAN NHÂN DÂN
XÃ TÂN LẬP
Số: 27/KH-UBND
Tân Lập, ngày 15 tháng 3 năm 2024
KẾ HOẠCH
Duy trì và nâng cao chất lượng các tiêu chí xã nông thôn mới năm 2024
Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;
Đến nay xã đã đạt 17/19 tiêu chí; tiêu chí số 10 về thu nhập chưa đạt.
Phấn đấu tỷ lệ hộ nghèo giảm còn 2,5% và hoàn thành tiêu chí số 10 trước ngày 30/11/2024.
"""
REPO = Path(__file__).resolve().parents[2]


def good(folder: Path, name: str = "ke_hoach_tot.txt", text: str = GOOD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Run:
    summary: batch.Summary
    out: Path
    echoed: list[str]

    @property
    def errors(self) -> list[dict]:
        return read_errors(self.out)

    def documents(self) -> dict[str, dict]:
        return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (self.out / "documents").glob("*.json")}


def read_errors(out: Path) -> list[dict]:
    log = out / "errors.jsonl"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def run(inputs: list[Path], out: Path, stage: str = "extract", **options) -> Run:
    echoed: list[str] = []
    summary = batch.run(stage, inputs, out, batch.Options(**{"workers": 1, **options}), echoed.append)
    return Run(summary, out, echoed)


def cli(args: list[str], cwd: Path, timeout: float = 120, env: dict | None = None,
        prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS`, killed (and the test failed) if it runs past `timeout` seconds."""
    environment = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([*prefix, sys.executable, "-m", "pipeline", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_refused_alone(result: Run, bad: Path, fragment: str, code: str | None = None) -> dict:
    """`bad` failed with one line naming it and `fragment`; every other input succeeded."""
    assert result.summary.failed == 1 and result.summary.ok >= 1, (result.summary, result.echoed)
    [error] = result.errors
    assert error["source"] == str(bad), error
    assert code is None or error["code"] == code, error
    assert "\n" not in error["message"] and fragment in error["message"], error
    assert result.echoed == [error["message"]]
    assert_nothing_half_written(result.out)
    return error


def assert_nothing_half_written(out: Path) -> None:
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    for path in (out / "documents").glob("*.json"):
        Extraction.model_validate_json(path.read_text(encoding="utf-8"))


def privileges_dropped() -> tuple[str, ...] | None:
    """A command prefix under which file permissions apply even for root; None if impossible here."""
    import shutil

    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    if shutil.which("setpriv") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        return None
    return prefix
