"""The HTML comparison report: grounded highlights, cross-document sections, checked in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.report import REPORT_NAME, labels, write_report
from pipeline.report.documents import Index
from pipeline.report.highlight import Item, highlight, page_starts
from pipeline.report.html import number
from pipeline.schema import (
    AdminUnits,
    Criterion,
    Deadline,
    Evidence,
    Extraction,
    Metadata,
    Reference,
    Source,
    Target,
    Warning,
)
from tests.batches import copy_batch, extracted_batch

# ── the highlighter, on random overlapping spans ──────────────────────────────


class _Marks(HTMLParser):
    """Reads highlight() output back: the plain text, each item's fragments, and nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[dict] = []
        self.fragments: dict[str, list[str]] = {}
        self.ids: list[str] = []
        self.pages: list[tuple[int, str]] = []  # (offset in the text, page number)

    def handle_starttag(self, name, attrs):
        attrs = dict(attrs)
        if name == "span" and attrs.get("class") == "page":
            self.pages.append((len("".join(self.text)), attrs["data-page"]))
            return
        assert name == "mark"
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self.open.append(attrs)
        self.fragments.setdefault(attrs["data-item"], []).append("")

    def handle_endtag(self, name):
        if name == "span":
            return
        assert name == "mark" and self.open, "a closing tag without its opening tag"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for attrs in self.open:
            self.fragments[attrs["data-item"]][-1] += data


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="aă<&>\"' \nđ", min_size=1, max_size=50), spans=spans,
       breaks=st.lists(st.integers(1, 49), max_size=3, unique=True))
def test_highlight_keeps_the_text_and_every_item_whole_whatever_the_overlaps(text, spans, breaks):
    items = [Item(f"d.t.{i}", "target", s, min(s + n, len(text)), "", f"label {i} <&>")
             for i, (s, n) in enumerate(spans) if s < len(text)]
    items.sort(key=lambda it: (it.start, -it.end))
    pages = [(offset, n) for n, offset in enumerate(sorted(breaks), start=2)]
    parsed = _Marks()
    parsed.feed(highlight(text, items, pages))
    parsed.close()
    assert not parsed.open, "every mark is closed"
    assert "".join(parsed.text) == text
    assert sorted(parsed.ids) == sorted(it.id for it in items), "one anchor per item"
    assert parsed.pages == [(offset, str(n)) for offset, n in pages if offset < len(text)], "each page break once"
    for item in items:
        assert "".join(parsed.fragments[item.id]) == text[item.start:item.end]


def test_pages_begin_where_the_char_map_first_reaches_them():
    runs = [{"start": 0, "length": 40, "page": 1, "raw_start": 0}, {"start": 40, "length": 1, "page": 1, "raw_start": 40},
            {"start": 41, "length": 30, "page": 2, "raw_start": 0}, {"start": 71, "length": 9, "page": 3, "raw_start": 0}]
    assert page_starts(runs) == [(41, 2), (71, 3)]
    assert page_starts(runs[:1]) == []


def test_items_outside_the_text_are_left_unmarked():
    html = highlight("abc", [Item("d.t.0", "target", 2, 9, "c??", "x"), Item("d.t.1", "target", 1, 1, "", "y")])
    assert html == "abc"


# ── labels: the normalized value shown on hover ───────────────────────────────


def test_labels_show_each_item_s_normalized_value():
    target = {"indicator_id": "poverty_rate", "indicator": "tỷ lệ hộ nghèo", "comparator": "<", "value": 3.8,
              "unit": "%", "value_canonical": 3.8, "unit_canonical": "percent", "kind": "target", "year": 2024}
    assert labels.target(target) == "poverty_rate < 3.8 percent (target, 2024)"
    road = {"indicator_id": None, "indicator": "đường trục xã", "comparator": "range", "value": 2.5,
            "value_max": 4.0, "unit": "km", "value_canonical": 2500.0, "unit_canonical": "metre",
            "kind": "result", "year": None}
    assert labels.target(road) == "đường trục xã 2500–4000 metre (result)"
    reference = {"code": "318/QĐ-TTg", "date": "2022-03-08", "issuer_level": "central"}
    assert labels.reference(reference) == "318/QĐ-TTg · 2022-03-08 · central"
    assert labels.reference({"title": "Luật Đất đai", "date": None}) == "Luật Đất đai"
    quarter = {"date": "2025-03-31", "start": "2025-01-01", "granularity": "quarter", "inclusive": True}
    assert labels.deadline(quarter) == "2025-01-01 → 2025-03-31 · quarter"
    assert labels.deadline({"date": "2025-06-30", "granularity": "day", "inclusive": False}) == "before 2025-06-30 · day"
    meta = {"admin_units": {"commune": "An Phú"}, "issued_date": "2024-05-02"}
    assert labels.metadata("commune", meta) == "commune: An Phú"
    assert labels.metadata("issued_date", meta) == "issued_date: 2024-05-02"
    assert labels.metadata("issued_date", {"issued_year": 2024, "issued_month": 3}) == "issued_date: 2024-03"
    mark = {"criterion": 2, "name": "Giao thông", "status": "met", "as_of": 2024, "unit_name": "Xã Tân Lập"}
    assert labels.criterion(mark) == "Xã Tân Lập, criterion 2 Giao thông: met (2024)"
    assert labels.criterion({**mark, "unit_name": None}) == "criterion 2 Giao thông: met (2024)"
    assert labels.summary({"achieved": 15, "total": None, "unit": "tiêu chí", "status": "met",
                           "unit_name": "Xã Tân Lập"}) == "Xã Tân Lập: 15 tiêu chí: met"


def test_documents_get_distinct_id_safe_slugs():
    index = Index()
    slugs = [index.register(name, {}) for name in ("a b", "a-b", "a/b", "Đề án xã Hoà Cư")]
    assert slugs == ["a-b", "a-b-2", "a-b-3", "De-an-xa-Hoa-Cu"]
    assert index.places["a b"] == "a b"


def test_numbers_read_naturally():
    assert [number(v) for v in (3.0, 3.8, 0.125, 45180000.0, 1234.5, -20000.25)] == [
        "3", "3.8", "0.125", "45,180,000", "1234.5", "-20,000.25"]


# ── a batch: bundled corpus documents, the real ones when present, and one written here ─────


def _sample_document() -> Extraction:
    """A short report in the genre (our own words) whose items overlap in every way the report must handle."""
    text = (
        "UỶ BAN NHÂN DÂN\nXÃ AN PHÚ\nSố: 12/BC-UBND\n"
        "Xã đạt tiêu chí số 1 Quy hoạch; tiêu chí số 2 Giao thông chưa đạt.\n"
        "Phấn đấu đến năm 2025 tỷ lệ hộ nghèo giảm còn <3,8% theo Quyết định số 318/QĐ-TTg ngày 08/3/2022.\n"
        "Cuối năm, tiêu chí số 2 Giao thông đã đạt & được công nhận.\n"
    )

    def at(words: str, after: int = 0) -> dict:
        start = text.index(words, after)
        return {"span": (start, start + len(words)), "text": words, "page": 1}

    number = Evidence(**at("Số: 12/BC-UBND"))
    metadata = Metadata(
        doc_type="bao_cao", number="12", symbol="BC-UBND", issued_date="2024-12-20",
        admin_units=AdminUnits(commune="An Phú", district="Châu Thành"),
        evidence={"issuer": Evidence(**at("UỶ BAN NHÂN DÂN\nXÃ AN PHÚ")), "number": number, "symbol": number,
                  "commune": Evidence(**at("XÃ AN PHÚ"))},
    )
    second = text.index("Cuối năm")
    reference = at("Quyết định số 318/QĐ-TTg ngày 08/3/2022")
    return Extraction(
        doc_id="0" * 64, source=Source(path="an_phu.txt", format="txt", pages=1, page_sources=["plain"]),
        metadata=metadata,
        references=[Reference(**reference, code="318/QĐ-TTg", date="2022-03-08", issuer_level="central",
                              mentions=[reference])],
        criteria=[Criterion(**at("tiêu chí số 1 Quy hoạch"), criterion=1, name="Quy hoạch", status="met"),
                  Criterion(**at("tiêu chí số 2 Giao thông chưa đạt"), criterion=2, name="Giao thông", status="unmet"),
                  Criterion(**at("tiêu chí số 2 Giao thông đã đạt", second), criterion=2, name="Giao thông",
                            status="met")],
        targets=[Target(**at("tỷ lệ hộ nghèo giảm còn <3,8% theo Quyết định số 318/QĐ-TTg"),
                        indicator="tỷ lệ hộ nghèo", indicator_id="poverty_rate", comparator="<", value=3.8, unit="%",
                        value_canonical=3.8, unit_canonical="percent", kind="target", year=2025)],
        deadlines=[Deadline(**at("đến năm 2025"), date="2025-12-31", granularity="year", task="giảm nghèo")],
        # a warning that starts inside the target and ends inside the reference: it must be split cleanly
        warnings=[Warning(code="check_value", message="value & code to check",
                          span=at("3,8% theo Quyết")["span"], text="3,8% theo Quyết")],
        normalized_text=text,
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """The session's extracted batch (corpus texts and the real documents when present), plus one written here."""
    out = copy_batch(extracted_batch(tmp_path_factory), tmp_path_factory.mktemp("report"))
    (out / "documents" / "an_phu.json").write_text(_sample_document().model_dump_json(), encoding="utf-8")
    write_report(out)
    return out


def _extractions(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "documents").glob("*.json"))}


def _expected_marks(data: dict) -> dict[str, str]:
    """anchor suffix (after the document's slug) → the item's text in the JSON, for every grounded item."""
    expected = {}
    for i, ref in enumerate(data["references"]):
        expected[f"reference.{i}"] = ref["text"]
        for j, mention in enumerate(ref["mentions"]):
            if mention["span"] != ref["span"]:
                expected[f"reference.{i}.{j}"] = mention["text"]
    for key, kind in (("criteria", "criterion"), ("criteria_summaries", "summary"), ("targets", "target"),
                      ("deadlines", "deadline"), ("warnings", "warning")):
        for i, item in enumerate(data[key]):
            if item.get("span"):
                expected[f"{kind}.{i}"] = item["text"]
    for field, evidence in data["metadata"]["evidence"].items():
        expected[f"metadata.{field}"] = evidence["text"]
    return expected


# ── in the browser ────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    from pipeline.report.browser import browser as launch
    from pipeline.report.browser import chromium_path

    if chromium_path() is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def page(browser, batch):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.problems, page.requests = [], []
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto((batch / REPORT_NAME).resolve().as_uri())
    yield page
    page.close()


def test_the_page_loads_without_errors_and_fetches_nothing(page, batch):
    assert page.problems == []
    assert page.requests == [(batch / REPORT_NAME).resolve().as_uri()]
    assert page.title().startswith("ntm report")


def test_every_item_is_marked_with_exactly_its_text_and_the_text_is_intact(page, batch):
    extractions = _extractions(batch)
    on_page = page.evaluate("""() => {
        const docs = {};
        for (const d of document.querySelectorAll('details.doc')) {
            const slug = d.id.slice('doc.'.length), marks = {};
            for (const m of d.querySelectorAll('mark[data-item]'))
                marks[m.dataset.item] = (marks[m.dataset.item] || '') + m.textContent;  // fragments, in order
            const ids = [...d.querySelectorAll('mark[id]')].map(m => m.id);
            docs[d.dataset.document] = {slug, marks, ids, text: d.querySelector('.doc-text').textContent};
        }
        return docs;
    }""")
    assert set(on_page) == set(extractions)
    n_items = 0
    for name, data in extractions.items():
        doc = on_page[name]
        assert doc["text"] == data["normalized_text"], name
        expected = {f"{doc['slug']}.{suffix}": text for suffix, text in _expected_marks(data).items()}
        assert doc["marks"] == expected, name
        assert sorted(doc["ids"]) == sorted(expected), name
        n_items += len(expected)
    assert n_items > 100


def test_marks_are_coloured_by_type_and_show_the_normalized_value(page):
    mark = page.locator('[id="an_phu.target.0"]')
    assert mark.get_attribute("class") == "target"
    assert mark.get_attribute("title") == "poverty_rate < 3.8 percent (target, 2025)"
    assert page.locator('[id="an_phu.reference.0"]').get_attribute("title") == "318/QĐ-TTg · 2022-03-08 · central"
    colours = page.evaluate("""() => Object.fromEntries(
        ['reference', 'criterion', 'target', 'deadline', 'metadata'].map(k => [k,
            getComputedStyle(document.querySelector('mark.' + k)).backgroundColor]))""")
    assert len(set(colours.values())) == len(colours)
    # the reference crosses the end of the warning, then of the target: three fragments, one text
    fragments = page.locator('mark[data-item="an_phu.reference.0"]').all_text_contents()
    assert len(fragments) == 3 and "".join(fragments) == "Quyết định số 318/QĐ-TTg ngày 08/3/2022"


def test_the_heatmap_has_one_row_per_document_with_a_commune(page, batch):
    extractions = _extractions(batch)
    with_commune = {n for n, d in extractions.items() if d["metadata"]["admin_units"].get("commune")}
    rows = page.evaluate("""() => [...document.querySelectorAll('table.heatmap tbody tr')].map(tr => ({
        document: tr.dataset.document,
        cells: [...tr.querySelectorAll('td.cell')].map(td => td.className.replace('cell ', ''))}))""")
    assert sorted(r["document"] for r in rows) == sorted(with_commune)
    for row in rows:
        assert len(row["cells"]) == 19
        statuses = {}
        for item in sorted(extractions[row["document"]]["criteria"], key=lambda c: c["span"]):
            statuses[item["criterion"]] = item["status"]  # the later status in the text wins
        assert row["cells"] == [statuses.get(n, "none") for n in range(1, 20)], row["document"]
    assert [r["cells"][:2] for r in rows if r["document"] == "an_phu"] == [["met", "met"]]


def test_every_link_jumps_to_an_existing_anchor(page):
    missing = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))""")
    assert missing == []
    n_links = page.evaluate("""() => document.querySelectorAll('a[href^="#"]').length""")
    assert n_links > 200


def test_following_a_link_opens_the_document_and_shows_the_item(page):
    target = "an_phu.criterion.2"
    assert not page.evaluate(f"""() => document.getElementById('{target}').closest('details').open""")
    page.locator(f'table.heatmap a[href="#{target}"]').click()
    assert page.evaluate(f"""() => document.getElementById('{target}').closest('details').open""")
    box = page.locator(f'[id="{target}"]').bounding_box()
    assert box is not None and 0 <= box["y"] <= 900
    page.locator('table.overview a[href="#doc.syn1_001"]').click()
    assert page.evaluate("""() => document.getElementById('doc.syn1_001').open""")
    assert page.problems == []


def test_an_empty_batch_still_writes_a_page(tmp_path):
    (tmp_path / "documents").mkdir()
    html = write_report(tmp_path).read_text(encoding="utf-8")
    assert "No documents." in html and "</html>" in html


def test_cross_document_sections_show_the_batch(page, batch):
    extractions = _extractions(batch)
    indicators = {t["indicator_id"] for d in extractions.values() for t in d["targets"] if t["indicator_id"]}
    shown = page.evaluate("""() => [...document.querySelectorAll('details.indicator[data-indicator]')]
        .map(d => d.dataset.indicator)""")
    assert sorted(shown) == sorted(indicators)
    assert page.locator("details.indicator svg.chart").count() >= 1
    codes = {r["code"] or r["title"] for d in extractions.values() for r in d["references"] if r["code"] or r["title"]}
    cited = page.evaluate("""() => [...document.querySelectorAll('table.citations td:first-child strong')]
        .map(s => s.textContent)""")
    assert sorted(cited) == sorted(codes)
    assert page.locator("#deadlines svg.chart circle, #deadlines svg.chart rect").count() > 0
    assert "check_value" in page.locator("#warnings").inner_text()


def test_the_report_is_self_contained(batch):
    html = (batch / REPORT_NAME).read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    for needle in ('src="http', "src='http", 'href="http', "@import", "url("):
        assert needle not in html


def test_two_hundred_documents_render_in_seconds(browser, batch, tmp_path):
    sources = sorted((batch / "documents").glob("*.json"))
    (tmp_path / "documents").mkdir()
    for i in range(200):
        shutil.copy(sources[i % len(sources)], tmp_path / "documents" / f"doc{i:03d}.json")
    started = time.perf_counter()
    path = write_report(tmp_path)
    written = time.perf_counter() - started
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    loaded = time.perf_counter() - started
    assert page.locator("details.doc").count() == 200
    page.close()
    assert errors == []
    assert written < 10 and loaded < 10, (written, loaded)


def test_a_folder_without_documents_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        write_report(tmp_path)


def test_the_screenshot_script_saves_a_png(browser, batch, tmp_path):
    from PIL import Image

    png = tmp_path / "report.png"
    script = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_report.py"
    run = subprocess.run([sys.executable, str(script), str(batch), str(png), "--open", "an_phu",
                          "--width", "1000", "--max-height", "1500"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    with Image.open(png) as image:
        assert image.width == 1000 and 300 < image.height <= 1500
