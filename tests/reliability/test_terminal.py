"""Terminal safety: file names and document text reach the terminal as data. Rich markup in a name
does not restyle it, "[/]" does not crash `ntm show`, escape sequences are spelled out."""

from __future__ import annotations

import json

import pytest

from pipeline.terminal import safe, spelled
from tests.reliability.common import GOOD, cli, error_lines, good, read_errors

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize("name", ["[bold red]x.pdf", "[i]x[b].pdf", "\x1b]0;pwned\x07x.pdf", "\x1b[2Jxoa.pdf",
                                  "a\u202egnp.pdf"])
def test_a_hostile_file_name_is_shown_as_written(tmp_path, name):
    folder = tmp_path / "in"
    good(folder)
    bad = folder / name
    bad.write_bytes(b"%PDF-1.4 broken")
    proc = cli(["extract", str(folder), "--out", str(tmp_path / "out"), "--workers", "1"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    [line] = error_lines(proc.stderr)
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "\u202e" not in proc.stderr
    assert spelled(name) in line, line
    [entry] = read_errors(tmp_path / "out")
    assert entry["source"] == str(bad)  # the log keeps the real name


def test_ntm_show_prints_markup_and_controls_in_a_document_as_text(tmp_path):
    text = GOOD + "Ghi chú: [/] [bold]đậm[/bold] \x1b[31mđỏ\x1b[0m [link=http://x]y[/link]\n"
    path = good(tmp_path / "in", "[red]ban.txt", text)
    proc = cli(["extract", str(path), "--out", str(tmp_path / "out"), "--workers", "1"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    [document] = (tmp_path / "out" / "documents").glob("*.json")
    data = json.loads(document.read_text(encoding="utf-8"))
    data["targets"][0]["indicator"] = "[/] [bold]x\x1b[31m"  # a hostile value in every kind of cell
    data["metadata"]["subject"] = "[/bold] \x1b]0;title\x07"
    document.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shown = cli(["show", str(document)], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr and "\x1b" not in shown.stdout
    assert "[red]ban.txt" in shown.stdout and "[/]" in shown.stdout and "[/bold]" in shown.stdout


def test_ntm_show_on_a_json_that_is_not_an_extraction_is_one_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"targets": [{"kind": 1}]}', encoding="utf-8")
    proc = cli(["show", str(path)], tmp_path)
    assert proc.returncode == 2
    [line] = error_lines(proc.stderr)
    assert "not an extraction JSON" in line


def test_safe_escapes_markup_and_spells_out_controls():
    assert safe("[bold]x[/bold]") == "\\[bold]x\\[/bold]"
    assert spelled("a\x1b[0mb\u202ec\td") == "a\\x1b[0mb\\u202ec\\x09d"
    assert safe("Tân Lập, 17/19 tiêu chí") == "Tân Lập, 17/19 tiêu chí"


def test_the_report_allows_its_own_script_only_by_hash():
    import base64
    import hashlib

    from pipeline.report import assets

    digest = base64.b64encode(hashlib.sha256(assets.JS.encode()).digest()).decode()
    script_src = next(part for part in assets.CSP.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and f"'sha256-{digest}'" in script_src


def test_the_report_allows_no_inline_style_or_script_but_its_own(tmp_path):
    import base64
    import hashlib
    import re

    from pipeline import process
    from pipeline.report import assets, render
    from tests.reliability.common import GOOD

    assert "unsafe" not in assets.CSP
    digest = base64.b64encode(hashlib.sha256(assets.CSS.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in assets.CSP
    path = tmp_path / "bao_cao.txt"
    path.write_text(GOOD.replace("Căn cứ", 'Căn cứ <p style="color:red">', 1), encoding="utf-8")
    page = render([("bao_cao", process(path).model_dump(mode="json"))])
    assert not re.search(r"<[^>]+\sstyle=", page)  # style attributes would need 'unsafe-inline'
    assert page.count("<style>") == 1 and page.count("<script>") == 1 and "<meter " in page  # the citations bar
