"""`ntm serve` in real Chromium (Debian's, through Playwright): a reviewer's whole flow, and safety.

Upload a small batch (a scan, a text, a file with a hostile name and text), watch it end, open the
scan, click an item's box on the page image, correct a deadline and reject a target with the
keyboard, mark the document reviewed and download the corrected table. Screenshots of each main
page go to $NTM_SCREENSHOTS (default: out/screenshots in the repository, ignored by git); the time the review took is
printed (the notes report it).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report.browser import chromium_path
from pipeline.serve.app import create_app
from tests.helpers import CORPUS, REPO

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="no Chromium (apt-get install chromium)")
XSS = '<img src=x onerror="alert(1)">'


@contextmanager
def running(app):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def chromium():
    from pipeline.report.browser import browser

    with browser() as instance:
        yield instance


@pytest.fixture
def shots() -> Path:
    folder = Path(os.environ.get("NTM_SCREENSHOTS") or REPO / "out" / "screenshots")  # kept after the run
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_reviewer_uploads_reviews_corrects_and_downloads(chromium, tmp_path, shots):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    shutil.copy(CORPUS / "documents" / "syn1_001.scan200.pdf", uploads / "scan.pdf")
    (uploads / f"{XSS}.txt").write_text(
        f"ỦY BAN NHÂN DÂN XÃ {XSS}\nPhấn đấu đến hết năm 2026 đạt 19/19 tiêu chí <script>alert(2)</script>.\n",
        encoding="utf-8")
    (uploads / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    app = create_app(tmp_path / "out")
    dialogs: list[str] = []
    with running(app) as base:
        page = chromium.new_page(viewport={"width": 1500, "height": 950}, accept_downloads=True)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        page.goto(f"{base}/batches")
        page.set_input_files("input[name=files]", [str(p) for p in sorted(uploads.iterdir())])
        page.click("form.upload button[type=submit]")
        page.wait_for_url(f"{base}/batches/*")
        page.wait_for_selector("#batch-status:text('done')", timeout=240_000)
        progress = page.inner_text("#progress-box")
        assert "Documents: 3/3 done (2 ok, 1 failed)" in progress and "OCR'd: 3" in progress
        assert "broken.pdf: broken.pdf: not a readable PDF" in progress  # the bad file listed with its reason
        page.screenshot(path=shots / "batch.png", full_page=True)

        page.goto(f"{base}/documents")
        page.screenshot(path=shots / "documents.png", full_page=True)
        scan = page.locator("table.list a", has_text="scan")
        started = time.perf_counter()
        scan.click()
        page.wait_for_selector("svg.page-image g.box", timeout=120_000)  # OCR word boxes located
        boxes_seconds = time.perf_counter() - started
        page.screenshot(path=shots / "review.png", full_page=False)

        # Click an item's box on the page image: the item is selected in the list and in the text.
        box = page.locator("svg.page-image g.box").last  # drawn last: the smallest, on top
        key = box.get_attribute("data-item")
        box.click()
        assert "selected" in page.locator(f"li#item-{key}").get_attribute("class")
        assert "selected" in page.locator(f'#text mark[data-item="{key}"]').first.get_attribute("class")
        assert page.locator(f'svg g.box[data-item="{key}"] rect').first.bounding_box()["width"] > 5

        # Correct a deadline with the keyboard: select it, e, type, Enter.
        deadline = page.locator("li.item[data-field=deadlines]").first
        deadline_key = deadline.get_attribute("data-item")
        deadline.locator(".label").click()
        page.keyboard.press("e")
        page.wait_for_selector(f"li#item-{deadline_key}.editing input[name=date]")
        page.keyboard.press("Control+a")
        page.keyboard.type("2027-03-31")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"li#item-{deadline_key}.edited")

        # Reject a target with the keyboard: j/k move, r rejects.
        target = page.locator("li.item[data-field=targets]").first
        target_key = target.get_attribute("data-item")
        target_text = target.locator("q").inner_text()
        target.locator(".label").click()
        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("r")
        page.wait_for_selector(f"li#item-{target_key}.rejected")
        assert "rejected" in page.locator(f'#text mark[data-item="{target_key}"]').first.get_attribute("class")

        page.keyboard.press("m")  # mark reviewed
        page.wait_for_selector(".reviewed-status.done")
        review_seconds = time.perf_counter() - started
        timing = (f"review of a 3-page scan in the browser: {review_seconds:.1f} s from opening it to marking it "
                  f"reviewed, of which {boxes_seconds:.1f} s until its first boxes showed")
        print("\n" + timing)

        page.goto(f"{base}/documents")
        with page.expect_download() as download:
            page.click("a[href='/export/deadlines.csv?reviewed=1']")
        deadlines = pd.read_csv(download.value.path(), encoding="utf-8-sig")
        assert "2027-03-31" in set(deadlines["date"]) and deadlines["document"].str.contains("scan").all()
        with page.expect_download() as download:
            page.click("a[href='/export/targets.csv?reviewed=1']")
        targets = pd.read_csv(download.value.path(), encoding="utf-8-sig")
        assert target_text.rstrip("…").strip()[:30] not in " ".join(targets["text"].astype(str))

        # The hostile text document: shown escaped, no dialog.
        page.goto(f"{base}/documents")
        page.locator("table.list a", has_text="img-src").click()
        assert XSS in page.inner_text("#text")
        assert page.locator("#text img").count() == 0

        for name, path in [("criteria", "/views/criteria"), ("indicators", "/views/indicators"),
                           ("deadlines", "/views/deadlines?when=upcoming&today=2024-01-01"),
                           ("citations", "/views/citations"), ("search", "/search?q=tiêu+chí")]:
            page.goto(base + path)
            page.screenshot(path=shots / f"{name}.png", full_page=True)
        assert not dialogs, dialogs
        assert not [e for e in errors if "Content Security Policy" in e], errors
        page.close()
    app.state.ctx.batches.close()
    (shots / "review-time.txt").write_text(timing + "\n")


def test_off_localhost_the_browser_must_log_in(chromium, tmp_path, shots):
    from pipeline.serve.store import Store

    out = tmp_path / "out"
    store = Store(out)
    store.add_user("lan", "correct horse battery", "reviewer")
    store.close()
    app = create_app(out, host="0.0.0.0")  # as if bound to the network (served here on loopback)
    with running(app) as base:
        page = chromium.new_page()
        page.goto(f"{base}/documents")
        assert page.url.endswith("/login")
        page.fill("input[name=name]", "lan")
        page.fill("input[name=password]", "wrong password")
        page.click("button[type=submit]")
        assert "wrong user name or password" in page.inner_text("main")
        page.screenshot(path=shots / "login.png")
        page.fill("input[name=name]", "lan")
        page.fill("input[name=password]", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/documents")
        assert "lan (reviewer)" in page.inner_text("nav")
        cookie = next(c for c in page.context.cookies() if c["name"] == "ntm_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.close()
    app.state.ctx.batches.close()



