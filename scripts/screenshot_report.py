"""Save a screenshot of a batch's report for people to look at.

    python scripts/screenshot_report.py OUT_DIR OUT.png [--open DOCUMENT] [--width 1400] [--max-height 8000]

Writes OUT_DIR/report.html first when it is missing. `--open NAME` unfolds that document's section
(its highlighted text) and shoots from there; otherwise the page is shot from the top.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.report import REPORT_NAME, write_report
from pipeline.report.browser import browser, file_url


def screenshot(out_dir: Path, png: Path, document: str | None, width: int, max_height: int) -> Path:
    report = out_dir / REPORT_NAME
    if not report.exists():
        write_report(out_dir)
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.goto(file_url(report))
        top = 0
        if document:
            section = page.locator(f'details.doc[data-document="{document}"]')
            if section.count() == 0:
                raise SystemExit(f"no document named {document!r} in {report}")
            section.evaluate("el => { el.open = true; }")
            top = int(section.evaluate("el => el.getBoundingClientRect().top + window.scrollY"))
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(path=str(png), full_page=True,
                        clip={"x": 0, "y": top, "width": width, "height": min(max_height, height - top)})
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="the output folder of `ntm extract` (with documents/)")
    parser.add_argument("png", type=Path, help="where to save the screenshot")
    parser.add_argument("--open", dest="document", help="unfold this document (its output name) and shoot it")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--max-height", type=int, default=8000)
    args = parser.parse_args(argv)
    print(screenshot(args.out_dir, args.png, args.document, args.width, args.max_height))
    return 0


if __name__ == "__main__":
    sys.exit(main())
