"""Opening the report in the system's headless Chromium through Playwright (screenshots, tests).

Playwright's own browser download is not used: Debian's `chromium` package is launched directly.
Playwright is a test/tooling dependency, imported only when a browser is wanted.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """$NTM_CHROMIUM, else the first Chromium on PATH."""
    if os.environ.get("NTM_CHROMIUM"):
        return os.environ["NTM_CHROMIUM"]
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium found: apt-get install chromium, or set NTM_CHROMIUM")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


def file_url(path: Path) -> str:
    return Path(path).resolve().as_uri()
