"""The field registry drives every stage: a field registered there is extracted, tabled, loaded,
scored, shown and reported with no other change; the registry's order respects `requires`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from pipeline.extract.field import Field
from pipeline.extract.registry import FIELDS, check_order, item_fields
from pipeline.schema import Extraction
from tests.helpers import REPO

# A toy field, registered after the real ones in a fresh interpreter (the stages read the registry
# when they are imported): "Đường dây nóng: 0912 345 678" → a hotline item.
TOY = textwrap.dedent('''
    import io, json, re
    from rich.console import Console
    from pipeline.evaluate import Score, match, score_document, score_names
    from pipeline.extract import registry
    from pipeline.extract.field import Field
    from pipeline.schema import Grounded

    class Hotline(Grounded):
        number: str

    def find_hotlines(ctx):
        return [Hotline(**ctx.grounded(*m.span(1)), number=m.group(1).replace(" ", ""))
                for m in re.finditer(r"[Đđ]ường dây nóng:\\s*([\\d ]{9,13}\\d)", ctx.text)]

    def score_hotlines(gold, pred):
        s, _, _ = match(gold.get("hotlines", []), pred.get("hotlines", []), lambda g, p: g["number"] == p["number"])
        return {"hotlines": (s, [])}

    registry.FIELDS = (*registry.FIELDS, Field(
        name="hotlines", item=Hotline, find=find_hotlines, label="Hotlines", kind="hotline",
        columns=(("number", "str"),), score=score_hotlines, scores=("hotlines",),
        show=(("number", lambda h: h["number"]),)))

    from pipeline.export.tables import COLUMNS, build_tables
    from pipeline.extract import run_steps
    from pipeline.load.models import ITEM_TABLES
    from pipeline.report import render
    from pipeline.show import render as show

    text = "Mọi phản ánh gửi về Đường dây nóng: 0912 345 678 của UBND xã."
    found = run_steps(text).found["hotlines"]
    item = {"span": list(found[0].span), "text": found[0].text, "number": found[0].number, "page": 1}
    extraction = {"doc_id": "a" * 64, "source": {"path": "x.txt", "format": "txt", "pages": 1,
                  "page_sources": ["plain"]}, "metadata": {}, "normalized_text": text, "hotlines": [item]}
    tables = build_tables([("x", extraction)])
    scores, _ = score_document({"hotlines": [{"number": "0912345678"}]}, extraction)
    console = Console(file=io.StringIO(), width=200)
    show(extraction, console)
    page = render([("x", extraction)])
    print(json.dumps({
        "found": [h.number for h in found],
        "columns": [c for c, _ in COLUMNS["hotlines"]],
        "rows": tables["hotlines"]["number"].tolist(),
        "count": int(tables["documents"]["n_hotlines"][0]),
        "db": [c.name for c in ITEM_TABLES["hotlines"].columns],
        "eval": [n for n in score_names() if n == "hotlines"],
        "tp": scores["hotlines"].tp,
        "shown": "Hotlines" in console.file.getvalue() and "0912345678" in console.file.getvalue(),
        "marked": 'class="hotline"' in page,
    }))
''')


def test_a_toy_field_registered_shows_up_in_every_stage():
    run = subprocess.run([sys.executable, "-c", TOY], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]

    out = json.loads(run.stdout.splitlines()[-1])
    assert out["found"] == ["0912345678"]  # extract() ran its find after the real fields
    assert out["columns"] == ["doc_id", "document", "number", "span_start", "span_end", "text", "page"]
    assert out["rows"] == ["0912345678"] and out["count"] == 1
    assert "number" in out["db"] and "position" in out["db"]  # a database table with its columns
    assert out["eval"] == ["hotlines"] and out["tp"] == 1
    assert out["shown"] and out["marked"]


def test_every_list_field_is_a_list_of_its_items_in_the_extraction_contract():
    properties = Extraction.model_json_schema()["properties"]
    for f in item_fields():
        assert properties[f.name]["type"] == "array"
        assert f.item.__name__ in properties[f.name]["items"]["$ref"]
    singles = [f for f in FIELDS if not f.many]
    assert [f.name for f in singles] == ["metadata"] and f"{singles[0].item.__name__}" in properties["metadata"]["$ref"]


def test_each_field_comes_after_the_fields_it_requires():
    check_order(FIELDS)
    targets = next(f for f in FIELDS if f.name == "targets")
    with pytest.raises(ValueError, match="targets"):
        check_order((targets, *FIELDS))


def test_field_names_are_unique_and_item_fields_have_a_table_a_scorer_and_a_kind():
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))
    for f in item_fields():
        assert isinstance(f, Field) and f.columns and f.score and f.scores and f.kind and f.show
