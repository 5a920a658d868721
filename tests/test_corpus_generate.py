"""The synthetic corpus: deterministic, varied, and its gold states only what its text says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ntm_corpus.generate import documents, generate
from ntm_corpus.vocab import criteria, data, indicator_ids, vn_number
from pipeline.normalize.vietnamese import canonical, fold

DOCS = list(documents(40, seed=7))


def squash(text: str) -> str:
    """Accent-, case- and space-insensitive form, for 'is this written in the text'."""
    return re.sub(r"\s+", "", fold(canonical(text)))


def written(value: float) -> set[str]:
    """Ways a number can be written: 35000 → {'35.000', '35000'}, 3.8 → {'3,8'}."""
    decimals = len(repr(float(value)).split(".")[1].rstrip("0")) if not float(value).is_integer() else 0
    return {vn_number(value, decimals), vn_number(value, decimals, thousands=False)}


def test_same_seed_same_documents_and_gold():
    again = list(documents(6, seed=7))
    assert [d.text for d in again] == [d.text for d in DOCS[:6]]
    assert [d.gold for d in again] == [d.gold for d in DOCS[:6]]
    assert [d.text for d in documents(3, seed=8)] != [d.text for d in DOCS[:3]]


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.doc_id)
def test_every_gold_fact_is_written(doc):
    text, flat = doc.text, squash(doc.text)
    gold = doc.gold
    for ref in gold["references"]:
        assert squash(ref["code"] or ref["title"]) in flat, ref
        if ref.get("issuer"):
            assert squash(ref["issuer"]) in flat, ref
        if ref["date"]:
            assert ref["date"][:4] in text, ref
    for summary in gold["criteria_summaries"]:
        achieved = summary["achieved"]
        shown = f"{achieved}/{summary['total']}" if summary["total"] else vn_number(achieved, 2)
        assert shown in text, summary
    for target in gold["targets"]:
        assert any(w in text for w in written(target["value"])), target
        if "value_max" in target:
            assert any(w in text for w in written(target["value_max"])), target
        assert all(squash(word) in flat for word in target["indicator"].split()), target
        assert squash(target["unit"]) in flat, target  # whole: "triệu đồng/người/năm", "tiêu chí/xã"
    for deadline in gold["deadlines"]:
        if deadline["date"]:
            assert deadline["date"][:4] in text, deadline
        else:
            assert deadline.get("optional") and deadline["recurrence"], deadline
    meta = gold["metadata"]
    assert canonical(meta["signer"]["name"]) in canonical(text)
    assert canonical(meta["place"]) + ", ngày" in canonical(text)
    if meta["number"]:
        assert re.search(rf"Số:? 0?{meta['number']}\s?[-/]", text)
    for unit in ("commune", "district", "province"):
        if meta[unit]:
            assert squash(meta[unit]) in flat


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.doc_id)
def test_gold_is_consistent(doc):
    statuses = {}
    for item in doc.gold["criteria"]:
        assert 1 <= item["criterion"] <= 19
        statuses.setdefault(item["criterion"], set()).add(item["status"])
    assert not any({"met", "unmet"} <= s for s in statuses.values())
    assert not any({"met", "target"} <= s and not _optional(doc, n) for n, s in statuses.items())
    for target in doc.gold["targets"]:
        assert target["comparator"] in {"=", ">", ">=", "<", "<=", "range"}
        assert ("value_max" in target) == (target["comparator"] == "range")
        assert target["kind"] in {"target", "result"}
    for summary in doc.gold["criteria_summaries"]:
        assert summary["total"] is None or summary["achieved"] <= summary["total"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.doc_id)
def test_gold_follows_the_extraction_conventions(doc):
    """Issue 11: a rate's unit is whole, averages and commune ratios are results, a scoping period is no deadline."""
    text = doc.text
    for summary in doc.gold["criteria_summaries"]:
        assert summary["total"] is not None, summary  # "bình quân 17,75 tiêu chí/xã" is a result
        assert not re.search(rf"\b{summary['achieved']}/{summary['total']} xã", text), summary
    for target in doc.gold["targets"]:
        if target["unit"].startswith("triệu đồng"):
            number = "|".join(re.escape(w) for w in written(target["value"]))
            units = re.findall(rf"(?:{number}) (triệu đồng\S*)", text)
            assert units and all(u.rstrip(".;,") == target["unit"] for u in units), (target, units)
    assert all(d["granularity"] != "period" for d in doc.gold["deadlines"])
    for match in re.finditer(r"trước ngày 31/12/(\d{4})", text):
        assert {"date": f"{match[1]}-12-31", "granularity": "day"} in doc.gold["deadlines"], match[0]


def _optional(doc, number: int) -> bool:
    return any(c["criterion"] == number and c["status"] == "target" and c.get("optional") for c in doc.gold["criteria"])


def test_gold_has_the_shared_shape():
    keys = {"metadata", "references", "criteria", "criteria_summaries", "targets", "deadlines"}
    meta = {"doc_type", "number", "issued_date", "issued_year", "issued_month", "place", "signer",
            "commune", "district", "province"}
    for doc in DOCS:
        assert set(doc.gold) == keys
        assert meta <= set(doc.gold["metadata"])
        assert doc.gold["metadata"]["doc_type"] in {"ke_hoach", "nghi_quyet", "bao_cao", "ket_luan", "cong_van"}


def test_variety():
    assert len({d.kind for d in DOCS}) >= 6
    assert len({d.structure for d in DOCS}) >= 10
    assert len({d.opening.split(",")[0] for d in DOCS}) >= 15
    assert len({d.gold["metadata"]["place"] for d in DOCS}) >= 30
    codes = {r["code"] for d in DOCS for r in d.gold["references"] if r["code"]}
    assert len(codes) >= 60
    forms = {re.sub(r"\d+", "N", line[:25]) for d in DOCS for line in d.text.splitlines() if re.search(r"\d", line)}
    assert len(forms) >= 150
    assert len({d.text.split("\n")[0] for d in DOCS}) >= 10


def test_phrase_banks_hold_no_numbers():
    """Every number in a document comes from a planned fact; the phrase banks state none."""
    def strings(value, key=""):
        if key in ("about", "examples"):
            return
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    for name in ("phrases", "structures"):
        for text in strings(data(name)):
            assert not re.search(r"\d", text), (name, text)


def test_data_examples_are_covered():
    """Each data file's examples are things the generator can write."""
    places = data("places")
    provinces = {p["name"] for p in places["provinces"]}
    assert "Lạng Sơn" in provinces and len(provinces) >= 50
    assert {e for e in data("references")["examples"]} <= {r["code"] for r in data("references")["central"]}
    assert [c["number"] for c in criteria()] == list(range(1, 20))


def test_the_generator_writes_the_pipelines_indicators():
    """Each writing recipe names an indicator of the pipeline's lexicon (or none), in a unit that lexicon
    allows for it: the generator has no indicator list of its own to drift."""
    from pipeline.models_dir import load_json

    lexicon = {e["id"]: e for e in load_json("targets/indicators.json")["indicators"]}
    units = {w: u["canonical"] for u in load_json("grammar/units.json")["units"] for w in [u["unit"], *u["written"]]}
    recipes = data("indicators")["indicators"]
    assert len({r["id"] for r in recipes}) == len(recipes)
    linked = [r for r in recipes if r["indicator"] is not None]
    assert {r["indicator"] for r in linked} <= indicator_ids()
    assert len(linked) >= 0.9 * len(recipes)
    for r in linked:
        assert units[r["unit"]] in lexicon[r["indicator"]]["units"], r


def test_generate_writes_documents_and_gold(tmp_path: Path):
    paths = generate(2, tmp_path, seed=3, formats=("txt", "docx", "pdf"))
    names = sorted(p.name for p in paths)
    assert names == ["syn3_000.docx", "syn3_000.pdf", "syn3_000.txt", "syn3_001.docx", "syn3_001.pdf", "syn3_001.txt"]
    gold = json.loads((tmp_path / "gold" / "syn3_000.json").read_text(encoding="utf-8"))
    doc = next(documents(1, seed=3))
    assert gold == json.loads(json.dumps(doc.gold, ensure_ascii=False))
    assert (tmp_path / "documents" / "syn3_000.txt").read_text(encoding="utf-8") == doc.text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_formats_ingest_back_to_the_text(tmp_path: Path, fmt: str):
    """A .docx or digital .pdf reads back as the .txt, up to line breaks and spacing."""
    from pipeline.ingest import ingest

    generate(2, tmp_path, seed=5, formats=(fmt,))
    for doc in documents(2, seed=5):
        got = ingest(tmp_path / "documents" / f"{doc.doc_id}.{fmt}")
        if fmt == "pdf":
            assert {p.source for p in got.pages} == {"text_layer"}
        got_text = "\n".join(p.text for p in got.pages)
        assert re.sub(r"\s+", "", got_text) == re.sub(r"\s+", "", doc.text)


def test_scanned_pdf_is_image_only(tmp_path: Path):
    import pypdfium2 as pdfium

    paths = generate(1, tmp_path, seed=2, formats=(), scan=True)
    assert [p.name for p in paths] == ["syn2_000.scan300.pdf"]
    pdf = pdfium.PdfDocument(str(paths[0]))
    try:
        assert len(pdf) >= 1
        assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_the_generator_cites_the_pipelines_document_types_and_issuers():
    """Kinds of cited documents are names of models/grammar/doc_types.json (abbreviated as it says), and the
    issuers of their codes are bodies of models/grammar/issuers.json: no private copy to drift."""
    from pipeline.extract.grammar import lexicon
    from pipeline.extract.grammar.codes import parse_code

    names = {n for t in lexicon.doc_types() for n in t.names}
    refs = data("references")
    assert {r["kind"] for r in refs["central"] + refs["local"]} <= names
    codes = [r["code"] for r in refs["central"]]
    codes += [r["form"].format(n=12, y=2024, symbol=r["symbol"]) for r in refs["local"]]
    for code in codes:
        parsed = parse_code(code)
        assert parsed is not None and lexicon.issuer_of_symbol(parsed.issuer_symbol) is not None, code
