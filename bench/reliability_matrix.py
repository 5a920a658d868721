"""The hostile-input and fault matrix of issue 14, run against a checkout of ntm: clean or unclean.

    python bench/reliability_matrix.py --repo PATH [--only NAME ...] [--json OUT.json]

Every case builds its inputs in a fresh temp folder and runs the `ntm` command line of PATH
(`python -m pipeline`, PYTHONPATH=PATH) with --workers 1, as an operator would. A case is clean when
every command ends within TIMEOUT_S with no Traceback, its peak memory (max RSS of the command, as
reported by wait4) stays under MEMORY_LIMIT, and the case's own check holds (one line naming the
file, the batch going on, nothing lost...). Commands run under RLIMIT_DATA of GUARD_MB so that a
runaway case cannot take the machine down: hitting it counts as unclean.

Used for the before/after totals in the closing note of issue 14 (not part of `make bench`: the
unclean cases of an old checkout run into their timeouts).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_S = 60
MEMORY_LIMIT = 1.5 * 2**30
GUARD_MB = 3072

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


@dataclass
class Result:
    rc: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    max_rss: int  # bytes


@dataclass
class Case:
    name: str
    cls: str
    run: Callable[[Path, Callable[..., Result]], str | None]  # returns None when clean, else why not


@dataclass
class Env:
    repo: Path
    results: list[Result] = field(default_factory=list)

    def ntm(self, *args: str, cwd: Path, env: dict | None = None, timeout: float = TIMEOUT_S) -> Result:
        environment = {**os.environ, "PYTHONPATH": str(self.repo), "COLUMNS": "200", **(env or {})}
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", WRAPPER, rss.name, sys.executable, "-m", "pipeline", *args],
                                    cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, start_new_session=True)
            try:
                out, err = proc.communicate(timeout=timeout)
                rc = proc.returncode
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                out, err = proc.communicate()
                rc = None
            seconds = time.perf_counter() - started
            max_rss = int(rss.read().strip() or 0) * 1024
        result = Result(rc, out, err, seconds, max_rss)
        self.results.append(result)
        return result


# Runs the command under the memory guard and writes its peak RSS (KB, children included) to argv[1].
WRAPPER = f"""
import os, resource, sys
resource.setrlimit(resource.RLIMIT_DATA, ({GUARD_MB} * 2**20, resource.RLIM_INFINITY))
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(str(max(usage.ru_maxrss, children)))
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)
"""


def _general(results: list[Result]) -> str | None:
    for r in results:
        if r.rc is None:
            return f"timeout after {r.seconds:.0f} s"
        if "Traceback" in r.stderr or "MemoryError" in r.stderr:
            return f"traceback (rc {r.rc}): {_last(r.stderr)}"
    return None


def _last(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


def _errors(out: Path) -> list[dict]:
    log = out / "errors.jsonl"
    return [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.strip()] if log.exists() else []


def _error_lines(r: Result) -> list[str]:
    return [line for line in r.stderr.splitlines() if line.startswith("error:")]


def _refused_alone(tmp: Path, bad: Path, r: Result, fragment: str = "") -> str | None:
    """One error line naming `bad`, one errors.jsonl entry, the good document extracted."""
    entries = [e for e in _errors(tmp / "out") if e["source"] == str(bad)]
    if len(entries) != 1:
        return f"{len(entries)} errors.jsonl entries for the file; stderr: {_last(r.stderr)}"
    if fragment and fragment not in entries[0]["message"]:
        return f"message lacks {fragment!r}: {entries[0]['message'][:160]}"
    if entries[0].get("code") == "internal_error":
        return f"internal_error: {entries[0]['message'][:160]}"
    if not (tmp / "out" / "documents" / "good.json").exists():
        return "the good document was not extracted"
    return None


def _extract(env: Env, tmp: Path, *inputs: Path | str, extra: dict | None = None) -> Result:
    return env.ntm("extract", *map(str, inputs), "--out", str(tmp / "out"), "--workers", "1", cwd=tmp, env=extra)


def _good(folder: Path, name: str = "good.txt", text: str = GOOD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


# ── inputs ────────────────────────────────────────────────────────────────────


def _docx_bytes(xml_body: Callable[[io.BufferedIOBase], None], declared: int | None = None) -> bytes:
    """A .docx whose word/document.xml is written by `xml_body` (streamed); `declared`: lie about its size."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    source = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                z.writestr(entry, source.read(entry))
        with z.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            xml_body(xml)
            xml.write(b"</w:body></w:document>")
    data = out.getvalue()
    if declared is not None:  # rewrite the uncompressed size the central directory gives
        data = bytearray(data)
        cd = data.find(b"PK\x01\x02")
        while True:
            name_len, extra_len = struct.unpack("<HH", data[cd + 28: cd + 32])
            if data[cd + 46: cd + 46 + name_len] == b"word/document.xml":
                break
            cd = data.find(b"PK\x01\x02", cd + 4)
        extra = data[cd + 46 + name_len: cd + 46 + name_len + extra_len]
        if data[cd + 24: cd + 28] == b"\xff\xff\xff\xff" and extra[:2] == b"\x01\x00":  # zip64 sizes
            pos = cd + 46 + name_len + 4
            data[pos: pos + 8] = struct.pack("<Q", declared)
        else:
            data[cd + 24: cd + 28] = struct.pack("<I", declared)
        data = bytes(data)
    return data


def _tiny_paragraphs(megabytes: int) -> Callable:
    para = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    block = para * (2**20 // len(para))

    def write(xml) -> None:
        for _ in range(megabytes):
            xml.write(block)
    return write


def _png(path: Path, width: int, height: int) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = zlib.compressobj(9)
    rows = b"".join(raw.compress(b"\x00" + b"\xff" * width) for _ in range(min(height, 10_000))) + raw.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def _legacy(text: str, encoding: str, repo: Path) -> bytes:
    code = ("import sys; from pipeline.normalize import legacy; "
            f"sys.stdout.buffer.write(legacy.to_legacy(sys.stdin.read(), {encoding!r}).encode('latin-1'))")
    return subprocess.run([sys.executable, "-c", code], input=text.encode(), capture_output=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(repo)}).stdout


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


# ── the cases ─────────────────────────────────────────────────────────────────


def fifo_in_folder(tmp, env):
    _good(tmp / "in")
    os.mkfifo(tmp / "in" / "x.txt")
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, tmp / "in" / "x.txt", r)


def fifo_on_command_line(tmp, env):
    good = _good(tmp / "in")
    os.mkfifo(tmp / "pipe.txt")
    r = _extract(env, tmp, tmp / "pipe.txt", good)
    return _general([r]) or _refused_alone(tmp, tmp / "pipe.txt", r)


def dev_zero_link(tmp, env):
    good = _good(tmp / "in")
    (tmp / "zero.txt").symlink_to("/dev/zero")
    r = _extract(env, tmp, tmp / "zero.txt", good)
    return _general([r]) or _refused_alone(tmp, tmp / "zero.txt", r)


def long_stem(tmp, env):
    _good(tmp / "in")
    long = _good(tmp / "in", "ệ" * 79 + "x" * 10 + ".txt")  # 247 bytes
    runs = [_extract(env, tmp, tmp / "in"), _extract(env, tmp, tmp / "in")]
    bad = _general(runs)
    if bad:
        return bad
    if any(r.rc != 0 for r in runs):
        return f"rc {runs[-1].rc}: {_last(runs[-1].stderr)}"
    docs = [json.loads(p.read_text(encoding="utf-8"))["source"]["path"] for p in (tmp / "out" / "documents").glob("*.json")]
    return None if str(long) in docs else "the long-named document has no output"


def long_by_same_name_rule(tmp, env):
    stem = "b" * 200
    a, b = _good(tmp / "in" / ("x" * 60), stem + ".txt"), _good(tmp / "in" / ("y" * 60), stem + ".txt")
    _good(tmp / "in")
    r = _extract(env, tmp, tmp / "in")
    bad = _general([r])
    if bad or r.rc != 0:
        return bad or f"rc {r.rc}"
    docs = {json.loads(p.read_text(encoding="utf-8"))["source"]["path"] for p in (tmp / "out" / "documents").glob("*.json")}
    return None if {str(a), str(b)} <= docs else "a long same-name document has no output"


def docx_tiny_paragraphs(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "nho.docx"
    bad.write_bytes(_docx_bytes(_tiny_paragraphs(190)))
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, bad, r)


def docx_lying_size(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "noi_doi.docx"
    bad.write_bytes(_docx_bytes(_tiny_paragraphs(1000), declared=150 * 2**20))
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, bad, r)


def png_strip(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "soi.png"
    _png(bad, 1, 80_000_000)
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, bad, r)


def txt_50mb(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "lon.txt"
    with open(bad, "w", encoding="utf-8") as f:
        for _ in range(50 * 2**20 // len(GOOD.encode())):
            f.write(GOOD)
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, bad, r)


def _quadratic(text: str):
    def case(tmp, env):
        _good(tmp / "in")
        _good(tmp / "in", "doan.txt", text)
        r = _extract(env, tmp, tmp / "in")
        bad = _general([r])
        if bad:
            return bad
        if r.rc != 0 or _errors(tmp / "out"):
            return f"rc {r.rc}, errors: {[e['message'][:100] for e in _errors(tmp / 'out')]}"
        return None
    return case


PERCENTAGES = "Phấn đấu tỷ lệ hộ nghèo giảm " + ", ".join(f"chỉ tiêu {i} đạt {i % 97},5%" for i in range(5000))


def random_bytes(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "ngau_nhien.txt"
    bad.write_bytes(os.urandom(64 * 1024))
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, bad, r)


def nul_only(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "nul.txt"
    bad.write_bytes(b"\x00" * 10_000)
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or _refused_alone(tmp, bad, r)


def utf32_bomless(tmp, env):
    _good(tmp / "in")
    _good(tmp / "in", "u32.txt", "")
    (tmp / "in" / "u32.txt").write_bytes((GOOD * 3).encode("utf-32-le"))
    r = _extract(env, tmp, tmp / "in")
    bad = _general([r])
    if bad:
        return bad
    doc = tmp / "out" / "documents" / "u32.json"
    if not doc.exists():
        return "no output"
    data = json.loads(doc.read_text(encoding="utf-8"))
    return None if "Quyết định số 318" in data["normalized_text"] else "decoded wrongly (accepted as garbage)"


def _legacy_case(encoding: str):
    def case(tmp, env):
        _good(tmp / "in")
        (tmp / "in" / f"{encoding}.txt").write_bytes(_legacy(GOOD * 3, encoding, env.repo))
        r = _extract(env, tmp, tmp / "in")
        bad = _general([r])
        if bad:
            return bad
        doc = tmp / "out" / "documents" / f"{encoding}.json"
        if not doc.exists():
            return "no output"
        text = json.loads(doc.read_text(encoding="utf-8"))["normalized_text"]
        return None if "Thủ tướng Chính phủ" in text else f"not converted: {text[:60]!r}"
    return case


def unreadable_subfolder(tmp, env):
    _good(tmp / "in")
    _good(tmp / "in" / "khoa", "x.txt")
    (tmp / "in" / "khoa").chmod(0)
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    environment = {**os.environ, "PYTHONPATH": str(env.repo)}
    proc = subprocess.run([*prefix, sys.executable, "-m", "pipeline", "extract", str(tmp / "in"), "--out",
                           str(tmp / "out"), "--workers", "1"], cwd=tmp, env=environment, capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    (tmp / "in" / "khoa").chmod(0o755)
    if "Traceback" in proc.stderr:
        return "traceback"
    return None if "khoa" in proc.stderr else "skipped with no message"


def load_broken_json(tmp, env):
    _good(tmp / "in")
    r = _extract(env, tmp, tmp / "in")
    (tmp / "out" / "documents" / "hong.json").write_text('{"doc_id": ', encoding="utf-8")
    (tmp / "out" / "documents" / "sai.json").write_text('{"doc_id": "x"}', encoding="utf-8")
    load = env.ntm("load", str(tmp / "out"), cwd=tmp)
    bad = _general([r, load])
    if bad:
        return bad
    lines = _error_lines(load)
    if load.rc == 0:
        return "exit 0 with failed documents"
    return None if any("hong.json" in x for x in lines) and any("sai.json" in x for x in lines) else "no file or reason"


def concurrent_loads(tmp, env):
    _good(tmp / "in")
    r = _extract(env, tmp, tmp / "in")
    base = json.loads((tmp / "out" / "documents" / "good.json").read_text(encoding="utf-8"))
    for i in range(200):
        base["doc_id"] = f"{i:064x}"
        base["source"]["path"] = base["source"]["key"] = f"in/c{i}.txt"
        (tmp / "out" / "documents" / f"c{i}.json").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    url = f"sqlite:///{tmp / 'db.sqlite'}"
    environment = {**os.environ, "PYTHONPATH": str(env.repo)}
    procs = [subprocess.Popen([sys.executable, "-m", "pipeline", "load", str(tmp / "out"), "--db", url], cwd=tmp,
                              env=environment, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [(p.wait(timeout=TIMEOUT_S), p.stderr.read()) for p in procs]
    if _general([r]):
        return _general([r])
    for _rc, err in outs:
        if "Traceback" in err:
            return f"traceback: {_last(err)}"
        if " 0 failed" not in err:
            return f"failed documents: {_last(err)}"
    return None


def disk_full_documents(tmp, env):
    mount = tmp / "disk"
    if not _tmpfs(mount, "400k"):
        return "skipped: cannot mount a tmpfs"
    try:
        for i in range(40):
            _good(tmp / "in", f"d{i:02}.txt", GOOD * 3)
        r = env.ntm("extract", str(tmp / "in"), "--out", str(mount / "out"), "--workers", "1", cwd=tmp)
        bad = _general([r])
        if bad:
            return bad
        lines = _error_lines(r)
        kept = list((mount / "out" / "documents").glob("*.json"))
        if not kept:
            return "nothing kept"
        for p in kept:
            json.loads(p.read_text(encoding="utf-8"))
        return None if len(lines) <= 2 and r.rc != 0 else f"{len(lines)} error lines, rc {r.rc}"
    finally:
        _umount(mount)


def disk_full_tables(tmp, env):
    mount = tmp / "disk"
    if not _tmpfs(mount, "3m"):
        return "skipped: cannot mount a tmpfs"
    try:
        for i in range(5):
            _good(tmp / "in", f"d{i:02}.txt", GOOD)
        r = env.ntm("extract", str(tmp / "in"), "--out", str(mount / "out"), "--workers", "1", cwd=tmp)
        tables = mount / "out" / "tables"
        before = {p.name: p.read_bytes() for p in tables.iterdir()}
        _good(tmp / "in", "d99.txt", GOOD.replace("17/19", "18/19"))  # the next tables differ
        env.ntm("extract", str(tmp / "in"), "--out", str(tmp / "scratch"), "--workers", "1", cwd=tmp)
        shutil.copy(tmp / "scratch" / "documents" / "d99.json", mount / "out" / "documents" / "d99.json")
        before = {p.name: p.read_bytes() for p in tables.iterdir()}
        with open(mount / "filler", "wb", buffering=0) as f:  # the disk full but for a few KB
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        (mount / "filler").write_bytes((mount / "filler").read_bytes()[:-20_000])
        t = env.ntm("tables", str(mount / "out"), cwd=tmp)
        bad = _general([r, t])
        if bad:
            return bad
        after = {p.name: p.read_bytes() for p in tables.iterdir()}
        if t.rc == 0:
            return "tables reported written on a full disk"
        if after != before and any(after.get(k) != v for k, v in before.items()):
            changed = sum(after.get(k) != v for k, v in before.items())
            return f"a partial set of tables: {changed} of {len(before)} files replaced"
        return None if len(_error_lines(t)) == 1 else f"{len(_error_lines(t))} error lines"
    finally:
        _umount(mount)


def readonly_documents(tmp, env):
    for i in range(3):
        _good(tmp / "in", f"d{i}.txt")
    (tmp / "out" / "documents").mkdir(parents=True)
    (tmp / "out" / "documents").chmod(0o555)
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    environment = {**os.environ, "PYTHONPATH": str(env.repo)}
    proc = subprocess.run([*prefix, sys.executable, "-m", "pipeline", "extract", str(tmp / "in"), "--out",
                           str(tmp / "out"), "--workers", "1"], cwd=tmp, env=environment, capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    (tmp / "out" / "documents").chmod(0o755)
    if "Traceback" in proc.stderr:
        return f"traceback: {_last(proc.stderr)}"
    return None if len([x for x in proc.stderr.splitlines() if x.startswith("error:")]) == 1 else "not one line"


def markup_name(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "[bold red]x.pdf"
    bad.write_bytes(b"%PDF-1.4 junk")
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or (None if "[bold red]x.pdf" in r.stderr else "the name shown is changed by markup")


def escape_name(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "\x1b]0;pwned\x07\x1b[2Jx.pdf"
    bad.write_bytes(b"%PDF-1.4 junk")
    r = _extract(env, tmp, tmp / "in")
    return _general([r]) or (None if "\x1b" not in r.stderr else "escape sequences reach the terminal raw")


def show_markup(tmp, env):
    _good(tmp / "in", "good.txt", GOOD + "Ghi chú [/] cuối.\n")
    r = _extract(env, tmp, tmp / "in")
    s = env.ntm("show", str(tmp / "out" / "documents" / "good.json"), cwd=tmp)
    data = json.loads((tmp / "out" / "documents" / "good.json").read_text(encoding="utf-8"))
    data["metadata"]["subject"] = "[/] [/bold]"
    (tmp / "out" / "documents" / "good.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    s2 = env.ntm("show", str(tmp / "out" / "documents" / "good.json"), cwd=tmp)
    return _general([r, s, s2]) or (None if s2.rc == 0 and "[/bold]" in s2.stdout else f"rc {s2.rc}")


def _sqlite_count(db: Path, sql: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchone()[0]


def identity_same_relative_path(tmp, env):
    for commune, text in (("a", GOOD), ("b", GOOD.replace("TÂN LẬP", "HOÀ AN").replace("17/19", "15/19"))):
        _good(tmp / commune / "in", "bao_cao.txt", text)
    url = f"sqlite:///{tmp / 'db.sqlite'}"
    runs = [env.ntm("extract", "in/bao_cao.txt", "--out", str(tmp / f"out_{c}"), "--workers", "1", "--db", url,
                    cwd=tmp / c) for c in ("a", "b")]
    bad = _general(runs)
    if bad:
        return bad
    n = _sqlite_count(tmp / "db.sqlite", "select count(*) from documents")
    return None if n == 2 else f"{n} document row(s) for two communes' documents"


def identity_relative_and_absolute(tmp, env):
    _good(tmp / "in", "bao_cao.txt")
    url = f"sqlite:///{tmp / 'db.sqlite'}"
    runs = [env.ntm("extract", "in/bao_cao.txt", "--out", str(tmp / "o1"), "--workers", "1", "--db", url, cwd=tmp),
            env.ntm("extract", str(tmp / "in" / "bao_cao.txt"), "--out", str(tmp / "o2"), "--workers", "1", "--db", url,
                    cwd=tmp)]
    bad = _general(runs)
    if bad:
        return bad
    n = _sqlite_count(tmp / "db.sqlite", "select count(*) from documents")
    return None if n == 1 else f"{n} document rows for one file"


def stale_pdf_next_to_txt(tmp, env):
    _good(tmp / "in", "a.txt")
    r1 = _extract(env, tmp, tmp / "in")
    subprocess.run([sys.executable, "-c", "import sys; from ntm_corpus import render; "
                    "render.to_pdf(render.layout_from_text(sys.argv[1]), sys.argv[2])", GOOD, str(tmp / "in" / "a.pdf")],
                   env={**os.environ, "PYTHONPATH": str(env.repo)}, check=True, capture_output=True)
    r2 = _extract(env, tmp, tmp / "in")
    bad = _general([r1, r2])
    if bad:
        return bad
    docs = sorted(p.stem for p in (tmp / "out" / "documents").glob("*.json"))
    rows = (tmp / "out" / "tables" / "documents.csv").read_text(encoding="utf-8-sig").strip().splitlines()[1:]
    n = _sqlite_count(tmp / "out" / "ntm.sqlite", "select count(*) from documents")
    if len(docs) != 2 or len(rows) != 2 or n != 2:
        return f"documents/ {docs}, {len(rows)} table rows, {n} database rows"
    return None


def symlink_duplicate(tmp, env):
    _good(tmp / "in")
    (tmp / "in" / "ban_sao.txt").symlink_to(tmp / "in" / "good.txt")
    r = _extract(env, tmp, tmp / "in")
    n = len(list((tmp / "out" / "documents").glob("*.json")))
    return _general([r]) or (None if n == 1 else f"{n} outputs for one file")


def orphaned_tmp(tmp, env):
    _good(tmp / "in")
    r = _extract(env, tmp, tmp / "in")
    orphan = tmp / "out" / "tables" / ".documents.csv.abcd1234.tmp"
    orphan.write_text("half")
    r2 = _extract(env, tmp, tmp / "in")
    return _general([r, r2]) or (None if not orphan.exists() else "the orphaned temporary file survives")


def errors_log_kept(tmp, env):
    _good(tmp / "in1")
    (tmp / "in1" / "hong1.pdf").write_bytes(b"%PDF junk")
    _good(tmp / "in2", "good2.txt")
    (tmp / "in2" / "hong2.pdf").write_bytes(b"%PDF junk")
    r1 = _extract(env, tmp, tmp / "in1")
    r2 = _extract(env, tmp, tmp / "in2")
    sources = {Path(e["source"]).name for e in _errors(tmp / "out")}
    return _general([r1, r2]) or (None if {"hong1.pdf", "hong2.pdf"} <= sources else f"errors.jsonl holds {sources}")


def zero_png(tmp, env):
    _good(tmp / "in")
    bad = tmp / "in" / "rong.png"
    _png(bad, 0, 0)
    r = _extract(env, tmp, tmp / "in")
    bad_ = _general([r])
    if bad_:
        return bad_
    messages = [e["message"] for e in _errors(tmp / "out")]
    return None if messages and not any("BytesIO" in m for m in messages) else f"message: {messages}"


def docx_external_entity(tmp, env):
    _good(tmp / "in")
    secret = tmp / "secret.txt"
    secret.write_text("BI MAT")

    def body(xml) -> None:
        xml.write(b"<w:p><w:r><w:t>K\xe1\xba\xbf ho\xe1\xba\xa1ch &ext; ph\xe1\xba\xa7n sau</w:t></w:r></w:p>")

    data = _docx_bytes(body)
    # put a DOCTYPE with an external entity in front of the root element
    z = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for entry in z.infolist():
            content = z.read(entry)
            if entry.filename == "word/document.xml":
                content = content.replace(b"?><w:document", b'?><!DOCTYPE w:document [<!ENTITY ext SYSTEM "file://'
                                          + str(secret).encode() + b'">]><w:document', 1)
            w.writestr(entry, content)
    bad = tmp / "in" / "thuc_the.docx"
    bad.write_bytes(out.getvalue())
    r = _extract(env, tmp, tmp / "in")
    general = _general([r])
    if general:
        return general
    doc = tmp / "out" / "documents" / "thuc_the.json"
    if doc.exists():
        data = json.loads(doc.read_text(encoding="utf-8"))
        if "BI MAT" in data["normalized_text"]:
            return "the external entity was read"
        if not any("entit" in w["message"] for w in data["warnings"]):
            return "cut silently at the entity"
        return None
    return None if _errors(tmp / "out") else "no output, no error"


def report_csp(tmp, env):
    _good(tmp / "in")
    r = _extract(env, tmp, tmp / "in")
    rep = env.ntm("report", str(tmp / "out"), cwd=tmp)
    bad = _general([r, rep])
    if bad:
        return bad
    html = (tmp / "out" / "report.html").read_text(encoding="utf-8")
    start = html.find("Content-Security-Policy")
    csp = html[start: html.find(">", start)]
    return None if "'unsafe-inline'" not in csp else "'unsafe-inline' in the CSP"


CASES = [
    Case("fifo in folder", "hangs", fifo_in_folder),
    Case("fifo on command line", "hangs", fifo_on_command_line),
    Case("symlink to /dev/zero", "hangs", dev_zero_link),
    Case("247-byte stem (run twice)", "names", long_stem),
    Case("long name by the same-name rule", "names", long_by_same_name_rule),
    Case("docx 190 MB of tiny paragraphs", "limits", docx_tiny_paragraphs),
    Case("docx lying about its size", "limits", docx_lying_size),
    Case("PNG 1x80,000,000", "limits", png_strip),
    Case("50 MB .txt", "limits", txt_50mb),
    Case("one paragraph, 5,000 percentages", "linearity", _quadratic(PERCENTAGES)),
    Case("'1.' x 50,000", "linearity", _quadratic("1. " * 50_000)),
    Case("'đạt 19/19 tiêu chí ' x 2,000", "linearity", _quadratic("đạt 19/19 tiêu chí " * 2000)),
    Case("random bytes .txt", "encodings", random_bytes),
    Case("NUL-only .txt", "encodings", nul_only),
    Case("BOM-less UTF-32 .txt", "encodings", utf32_bomless),
    Case("TCVN3 .txt", "encodings", _legacy_case("tcvn3")),
    Case("VNI .txt", "encodings", _legacy_case("vni")),
    Case("unreadable subfolder", "silent skips", unreadable_subfolder),
    Case("ntm load with broken JSON", "silent skips", load_broken_json),
    Case("two loads at once (SQLite)", "silent skips", concurrent_loads),
    Case("disk full while writing documents", "environment", disk_full_documents),
    Case("disk full during tables", "environment", disk_full_tables),
    Case("read-only documents/", "environment", readonly_documents),
    Case("rich markup in a file name", "terminal", markup_name),
    Case("OSC/CSI escapes in a file name", "terminal", escape_name),
    Case("ntm show on '[/]'", "terminal", show_markup),
    Case("same relative path, two communes", "identity", identity_same_relative_path),
    Case("one file by relative and absolute path", "identity", identity_relative_and_absolute),
    Case("a.pdf added next to a.txt", "staleness", stale_pdf_next_to_txt),
    Case("symlink to a file in the folder", "staleness", symlink_duplicate),
    Case("orphaned tables .tmp", "staleness", orphaned_tmp),
    Case("two runs, one --out: errors.jsonl", "staleness", errors_log_kept),
    Case("0x0 PNG message", "small", zero_png),
    Case("docx with an external entity", "small", docx_external_entity),
    Case("report CSP", "small", report_csp),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    for case in CASES:
        if args.only and not any(o in case.name for o in args.only):
            continue
        env = Env(args.repo.resolve())
        tmp = Path(tempfile.mkdtemp(prefix="ntm-matrix-"))
        started = time.perf_counter()
        try:
            why = case.run(tmp, env)
        except Exception as e:  # the harness itself: say so, count unclean
            why = f"harness: {type(e).__name__}: {e}"
        finally:
            subprocess.run(["chmod", "-R", "u+rwx", str(tmp)], capture_output=True)
            shutil.rmtree(tmp, ignore_errors=True)
        seconds = time.perf_counter() - started
        peak = max((r.max_rss for r in env.results), default=0)
        if why is None and peak > MEMORY_LIMIT:
            why = f"peak memory {peak / 2**30:.1f} GB"
        if why is None and any(r.seconds > TIMEOUT_S for r in env.results):
            why = "over 60 s"
        rows.append({"case": case.name, "class": case.cls, "clean": why is None, "why": why,
                     "seconds": round(seconds, 1), "peak_mb": round(peak / 2**20)})
        print(f"{'clean  ' if why is None else 'UNCLEAN'} {case.cls:13} {case.name:40} {seconds:6.1f} s "
              f"{peak / 2**20:6.0f} MB  {why or ''}", flush=True)
    clean = sum(r["clean"] for r in rows)
    print(f"\n{len(rows)} cases, {clean} clean, {len(rows) - clean} unclean")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
