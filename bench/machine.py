"""What the benchmark ran on: CPU, cores, memory, OS, Python, Tesseract and package versions, date, load.

Read from /proc and /etc on Linux; a value that cannot be read is reported as "?".
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

KEY_PACKAGES = (  # ntm's dependencies whose speed the figures depend on
    "ntm", "underthesea", "underthesea_core", "spacy", "pydantic", "pypdfium2", "pdfplumber", "pytesseract",
    "Pillow", "numpy", "rapidfuzz", "python-docx", "reportlab", "psutil", "ocrmypdf",
)
QUIET_LOAD = 1.5  # 1-minute load average under which a 2-core machine counts as free for timing


def description() -> list[tuple[str, str]]:
    """(what, value) rows describing this machine now."""
    return [
        ("CPU", cpu_model()),
        ("cores", f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable by this process"),
        ("RAM", f"{_meminfo_gib('MemTotal'):.1f} GiB ({_meminfo_gib('MemAvailable'):.1f} GiB available at start)"),
        ("OS", f"{os_name()} (kernel {platform.release()})"),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("Tesseract", tesseract_version()),
        ("Ghostscript", _first_line([shutil.which("gs") or "gs", "--version"])),
        ("packages", ", ".join(f"{name} {version}" for name, version in package_versions())),
        ("date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("load average at start", load_text()),
    ]


def cpu_model() -> str:
    """Model name, with family/model numbers and clock where the name alone is vague ("AMD EPYC")."""
    try:
        info = dict(line.split(":", 1) for line in Path("/proc/cpuinfo").read_text().split("\n\n")[0].splitlines()
                    if ":" in line)
    except OSError:
        return platform.processor() or "?"
    info = {k.strip(): v.strip() for k, v in info.items()}
    details = [f"family {info['cpu family']} model {info['model']}" if "cpu family" in info else "",
               f"{float(info['cpu MHz']):.0f} MHz" if "cpu MHz" in info else "",
               f"cache {info['cache size']}" if "cache size" in info else ""]
    details = ", ".join(d for d in details if d)
    return f"{info.get('model name', platform.processor() or '?')}" + (f" ({details})" if details else "")


def os_name() -> str:
    try:
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
        return match.group(1) if match else platform.platform()
    except OSError:
        return platform.platform()


def tesseract_version() -> str:
    version = _first_line(["tesseract", "--version"])
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout \
        if shutil.which("tesseract") else ""
    languages = listing.splitlines()[1:]  # after "List of available languages in ..."
    return f"{version} (languages: {', '.join(languages)})" if languages else version


def package_versions() -> list[tuple[str, str]]:
    versions = []
    for name in KEY_PACKAGES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "not installed"))
    return versions


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def wait_until_quiet(max_wait: float, threshold: float = QUIET_LOAD, poll: float = 5.0) -> tuple[float, float]:
    """Wait up to `max_wait` seconds for the 1-minute load average to fall under `threshold`.
    Returns (load average when timing starts, seconds waited)."""
    started = time.monotonic()
    while os.getloadavg()[0] > threshold and time.monotonic() - started < max_wait:
        time.sleep(poll)
    return os.getloadavg()[0], time.monotonic() - started


def _meminfo_gib(key: str) -> float:
    try:
        match = re.search(rf"^{key}:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        return int(match.group(1)) / 2**20 if match else float("nan")
    except OSError:
        return float("nan")


def _first_line(command: list[str]) -> str:
    if not shutil.which(command[0]):
        return "not installed"
    result = subprocess.run(command, capture_output=True, text=True)
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr).strip() else "?"
