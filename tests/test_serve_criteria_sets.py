"""The communes × criteria view per criteria set (models/criteria/sets/): a set is chosen, its
criteria are the columns, and only criteria of that set fill them."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
from fastapi.testclient import TestClient

from pipeline.extract.criteria.lexicon import criteria_sets, default_set
from pipeline.serve.app import create_app
from tests.serve_batch import extracted, fresh_copy

DISTRICT = "district_2021_2025"  # 9 criteria, where a commune set has 19


def test_the_criteria_matrix_shows_the_chosen_sets_criteria_only(tmp_path_factory, tmp_path):
    out = fresh_copy(extracted(tmp_path_factory), tmp_path / "out")
    reporting = []
    for path in sorted((out / "documents").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["criteria"]:
            reporting.append(path.stem)
    assert reporting
    moved = reporting[0]  # its criteria now say they are of the district set
    path = out / "documents" / f"{moved}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["criteria"]:
        item["criteria_set"] = DISTRICT
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = create_app(out)
    with TestClient(app) as client:
        default = client.get("/views/criteria")
        district = client.get(f"/views/criteria?set={DISTRICT}")
        csv = client.get(f"/views/criteria?set={DISTRICT}&format=csv")
        bad = client.get("/views/criteria?set=..%2Fsecrets")
    app.state.ctx.batches.close()

    assert default.status_code == district.status_code == 200
    assert f'href="/documents/{moved}"' not in default.text
    for other in reporting[1:]:
        assert f'href="/documents/{other}"' in default.text and f'href="/documents/{other}"' not in district.text
    assert f'href="/documents/{moved}"' in district.text
    headers = re.findall(r'<th title="([^"]*)">(\d+)</th>', district.text)
    entries = criteria_sets()[DISTRICT].entries
    assert [int(n) for _, n in headers] == sorted(entries) and headers[0][0] == entries[1].name
    assert re.findall(r'<th title="[^"]*">(\d+)</th>', default.text) == [str(n) for n in sorted(default_set().entries)]
    assert re.search(rf'href="/documents/{moved}#item-criteria-\d+"', district.text)
    # the set selector lists every set, the chosen one selected
    assert f'<option value="{DISTRICT}" selected>' in district.text
    assert all(f'<option value="{s}"' in default.text for s in criteria_sets())

    table = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig")
    assert list(table.columns[5:]) == [str(n) for n in sorted(entries)] and set(table["document"]) == {moved}
    assert set(table["criteria_set"]) == {DISTRICT} and table.iloc[0, 5:].notna().any()

    assert bad.status_code == 400 and "no criteria set" in bad.text


def test_a_communes_table_gives_each_commune_its_own_row(tmp_path_factory, tmp_path):
    """A district report's criteria of two communes (unit_name from a table's rows) are two rows, not one
    row mixing both communes' statuses."""
    out = fresh_copy(extracted(tmp_path_factory), tmp_path / "out")
    path = next(p for p in sorted((out / "documents").glob("*.json"))
                if len(json.loads(p.read_text(encoding="utf-8"))["criteria"]) >= 2)
    data = json.loads(path.read_text(encoding="utf-8"))
    first, second = data["criteria"][:2]
    data["criteria"] = [{**first, "criterion": 1, "status": "met", "unit_name": "Xã Tân Lập"},
                        {**second, "criterion": 1, "status": "unmet", "unit_name": "Xã Đồng Tâm"}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = create_app(out)
    with TestClient(app) as client:
        csv = client.get("/views/criteria?format=csv")
        html = client.get("/views/criteria").text
    app.state.ctx.batches.close()
    table = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig")
    mine = table[table["document"] == path.stem]
    assert sorted(zip(mine["commune"], mine["1"], strict=True)) == [("Xã Tân Lập", "met"), ("Xã Đồng Tâm", "unmet")]
    assert "<td>Xã Tân Lập</td>" in html and "<td>Xã Đồng Tâm</td>" in html
