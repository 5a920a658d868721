"""Comparison tables: every row traces back to the JSON, and the files hold exactly the tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.errors import NtmError
from pipeline.export import files, write_tables
from pipeline.export.tables import COLUMNS, CRITERIA, PANDAS_DTYPES, TABLES, build_tables, read_extractions
from pipeline.schema import CharRun, Criterion, Deadline, Target, Warning
from tests.batches import copy_batch, extracted_batch, grounded, handmade, write_extraction

ITEM_KEYS = {"references": "references", "criteria": "criteria", "criteria_summaries": "criteria_summaries",
             "targets": "targets", "deadlines": "deadlines", "warnings": "warnings"}
# Table columns whose value is not the item's field of the same name.
FIELD_OF = {"criterion_name": "name"}
ADMIN = ("commune", "district", "province")
SPAN_COLUMNS = ("span_start", "span_end", "text", "page")


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    return extracted_batch(tmp_path_factory)


@pytest.fixture(scope="module")
def extractions(batch_dir) -> dict[str, dict]:
    return dict(read_extractions(batch_dir))


@pytest.fixture(scope="module")
def tables(extractions) -> dict[str, pd.DataFrame]:
    return build_tables(extractions.items())


def plain(value):
    """A table cell as the JSON would hold it: missing → None, numpy scalars → Python."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def records(df: pd.DataFrame) -> list[dict]:
    return [{k: plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def expected_cell(column: str, item: dict, extraction: dict):
    if column in ADMIN:
        return extraction["metadata"]["admin_units"][column]
    if column == "n_mentions":
        return len(item["mentions"])
    return item.get(FIELD_OF.get(column, column))


def test_the_batch_is_real_and_varied(extractions, tables):
    assert len(extractions) >= 12
    for table in ("references", "criteria", "criteria_summaries", "targets", "deadlines"):
        assert len(tables[table]) > 10, table


def test_one_row_per_document_and_per_item(extractions, tables):
    assert sorted(tables["documents"]["document"]) == sorted(extractions)
    assert sorted(tables["criteria_matrix"]["document"]) == sorted(extractions)
    for table, key in ITEM_KEYS.items():
        counts = tables[table]["document"].value_counts().to_dict()
        for name, extraction in extractions.items():
            assert counts.get(name, 0) == len(extraction[key]), (table, name)


def test_every_item_row_traces_back_to_the_json_item_at_its_span(extractions, tables):
    for table, key in ITEM_KEYS.items():
        own = [c for c, _ in COLUMNS[table] if c not in ("doc_id", "document", *SPAN_COLUMNS)]
        for row in records(tables[table]):
            extraction = extractions[row["document"]]
            assert row["doc_id"] == extraction["doc_id"]
            start, end = row["span_start"], row["span_end"]
            assert extraction["normalized_text"][start:end] == row["text"]
            at_span = [item for item in extraction[key] if tuple(item["span"]) == (start, end)]
            assert any(
                item["page"] == row["page"] and all(row[c] == expected_cell(c, item, extraction) for c in own)
                for item in at_span
            ), (table, row)


def test_document_rows_hold_the_source_and_metadata(extractions, tables):
    for row in records(tables["documents"]):
        extraction = extractions[row["document"]]
        meta, source = extraction["metadata"], extraction["source"]
        assert row["doc_id"] == extraction["doc_id"]
        assert (row["source_path"], row["format"], row["pages"]) == (source["path"], source["format"], source["pages"])
        assert row["ocr_pages"] == source["page_sources"].count("ocr")
        for field in ("doc_type", "number", "symbol", "issuer", "issued_date", "issued_year", "subject"):
            assert row[field] == meta[field], field
        assert row["signer_name"] == (meta["signer"] or {}).get("name")
        assert row["province"] == meta["admin_units"]["province"]
        for key in ("references", "criteria", "targets", "deadlines", "warnings"):
            assert row[f"n_{key}"] == len(extraction[key])


def test_criteria_matrix_holds_each_criterion_last_status_in_the_text(extractions, tables):
    for row in records(tables["criteria_matrix"]):
        expected = dict.fromkeys(CRITERIA)
        for item in sorted(extractions[row["document"]]["criteria"], key=lambda c: c["span"][0]):
            expected[str(item["criterion"])] = item["status"]
        assert {n: row[n] for n in CRITERIA} == expected
        assert row["commune"] == extractions[row["document"]]["metadata"]["admin_units"]["commune"]


def test_a_criterion_listed_twice_keeps_its_later_status():
    text = ("Năm 2023 xã chưa đạt tiêu chí số 5 về Trường học. "
            "Đến tháng 12/2024, tiêu chí số 5 về Trường học đã đạt chuẩn.")
    first, second = grounded(text, "tiêu chí số 5 về Trường học"), grounded(text, "tiêu chí số 5 về Trường học", 30)
    extraction = handmade(text, criteria=[
        # listed out of text order on purpose: the text's order decides, not the list's
        Criterion(**second, criterion=5, name="Trường học", status="met", as_of=2024),
        Criterion(**first, criterion=5, name="Trường học", status="unmet", as_of=2023),
    ])
    matrix = build_tables([("hoa_an", extraction.model_dump(mode="json"))])["criteria_matrix"]
    assert matrix.loc[0, "5"] == "met"
    assert matrix[[n for n in CRITERIA if n != "5"]].isna().all(axis=None)


def test_warnings_get_the_page_of_their_span():
    text = "Trang một.\fTrang hai có ngày 31/02/2024 không hợp lệ."
    span = grounded(text, "31/02/2024")
    extraction = handmade(text, warnings=[Warning(code="invalid_date", message="ngày không có thật",
                                                  span=span["span"], text=span["text"])])
    extraction.char_map = [CharRun(start=0, length=11, page=1, raw_start=0),
                           CharRun(start=11, length=len(text) - 11, page=2, raw_start=0)]
    row = records(build_tables([("x", extraction.model_dump(mode="json"))])["warnings"])[0]
    assert (row["code"], row["text"], row["page"]) == ("invalid_date", "31/02/2024", 2)


@pytest.fixture(scope="module")
def written(batch_dir, tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    out = copy_batch(batch_dir, tmp_path_factory.mktemp("tables"))
    return out, write_tables(out)


def test_write_tables_writes_csv_and_parquet_per_table_and_one_workbook(written):
    out, paths = written
    expected = {f"tables/{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")} | {"ntm.xlsx"}
    assert set(paths) == expected
    assert all(paths[key] == out / key and paths[key].is_file() for key in expected)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_csv_has_a_bom_and_round_trips_vietnamese(written, tables):
    _, paths = written
    vietnamese = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    assert vietnamese & set("".join(tables["targets"]["text"]).lower())
    for table, df in tables.items():
        raw = paths[f"tables/{table}.csv"].read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), table
        back = pd.read_csv(paths[f"tables/{table}.csv"], encoding="utf-8-sig",
                           dtype={c: PANDAS_DTYPES[kind] for c, kind in COLUMNS[table]})
        pd.testing.assert_frame_equal(back, df, check_dtype=False, obj=table)


def test_parquet_reads_back_equal(written, tables):
    _, paths = written
    for table, df in tables.items():
        pd.testing.assert_frame_equal(pd.read_parquet(paths[f"tables/{table}.parquet"]), df, obj=table)


def test_workbook_has_one_sheet_per_table_holding_its_rows(written, tables):
    _, paths = written
    workbook = load_workbook(paths["ntm.xlsx"], read_only=True)
    try:
        assert workbook.sheetnames == TABLES
        for table, df in tables.items():
            rows = list(workbook[table].iter_rows(values_only=True))
            assert list(rows[0]) == list(df.columns)
            width = len(df.columns)  # read-only sheets leave out a row's trailing empty cells
            assert [[*r, *[None] * (width - len(r))] for r in rows[1:]] == [
                [plain(v) for v in row] for row in df.itertuples(index=False)
            ], table
    finally:
        workbook.close()


def test_workbook_keeps_text_as_text(tmp_path):
    text = "Nhiệm vụ:\n=1+1 là công thức\n- Hoàn thành trước ngày 30/6/2025 \x07"
    extraction = handmade(text, deadlines=[
        Deadline(**grounded(text, "30/6/2025"), date="2025-06-30", granularity="day", task="=1+1 là công thức"),
        Deadline(**grounded(text, "ngày 30/6/2025"), date="2025-06-30", granularity="day",
                 task="- Hoàn thành trước ngày 30/6/2025 \x07"),
    ])
    path = tmp_path / "ntm.xlsx"
    files.write_xlsx(build_tables([("hoa_an", extraction.model_dump(mode="json"))]), path)
    sheet = load_workbook(path)["deadlines"]
    tasks = [row[0] for row in sheet.iter_rows(min_row=2, min_col=7, max_col=7)]
    assert [(c.value, c.data_type) for c in tasks] == [("=1+1 là công thức", "s"),
                                                      ("- Hoàn thành trước ngày 30/6/2025 ", "s")]


def test_an_empty_batch_writes_tables_with_headers_only(tmp_path):
    (tmp_path / "documents").mkdir()
    paths = write_tables(tmp_path)
    for table in TABLES:
        df = pd.read_parquet(paths[f"tables/{table}.parquet"])
        assert list(df.columns) == [c for c, _ in COLUMNS[table]] and df.empty
        header = paths[f"tables/{table}.csv"].read_text(encoding="utf-8-sig").strip()
        assert header == ",".join(c for c, _ in COLUMNS[table])


def test_a_failed_write_leaves_the_previous_files(tmp_path, monkeypatch):
    text = "Phấn đấu đến năm 2025 tỷ lệ hộ nghèo giảm còn dưới 2%."
    target = Target(**grounded(text, "tỷ lệ hộ nghèo giảm còn dưới 2%"), indicator="tỷ lệ hộ nghèo",
                    indicator_id="poverty_rate", comparator="<", value=2, unit="%", kind="target", year=2025)
    write_extraction(tmp_path, "hoa_an", handmade(text, targets=[target]))
    paths = write_tables(tmp_path)
    before = {key: path.read_bytes() for key, path in paths.items()}

    write_extraction(tmp_path, "hoa_binh", handmade(text, path="in/hoa_binh.txt", doc_id="b" * 64))

    save = files.Workbook.save

    def broken_save(self, filename):
        save(self, filename)
        with open(filename, "r+b") as f:
            f.truncate(100)  # the disk filled up part-way
        raise OSError("disk full")

    monkeypatch.setattr(files.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_tables(tmp_path)
    assert paths["ntm.xlsx"].read_bytes() == before["ntm.xlsx"]
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_read_extractions_streams_sorted_json_and_skips_hidden_files(tmp_path):
    for name in ("b", "a"):
        write_extraction(tmp_path, name, handmade("Văn bản.", path=f"in/{name}.txt"))
    (tmp_path / "documents" / ".half.json").write_text("{", encoding="utf-8")
    read = list(read_extractions(tmp_path))
    assert [name for name, _ in read] == ["a", "b"]
    assert read[0][1] == json.loads((tmp_path / "documents" / "a.json").read_text(encoding="utf-8"))


def test_an_output_folder_without_documents_is_one_clear_error(tmp_path):
    with pytest.raises(NtmError, match="documents: no such folder"):
        write_tables(tmp_path)


def test_files_the_batch_could_not_read_are_rows_of_the_warnings_table(tmp_path):
    import pandas as pd

    from pipeline import batch
    from pipeline.export import write_tables

    good = tmp_path / "in" / "a.txt"
    good.parent.mkdir()
    good.write_text("KẾ HOẠCH\nTỷ lệ hộ nghèo giảm xuống dưới 3%.\n", encoding="utf-8")
    broken = tmp_path / "in" / "b.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    batch.run("extract", [tmp_path / "in"], tmp_path / "out", batch.Options(workers=1), [].append)
    write_tables(tmp_path / "out")
    warnings = pd.read_csv(tmp_path / "out" / "tables" / "warnings.csv", encoding="utf-8-sig")
    row = warnings[warnings["document"] == str(broken)]
    assert len(row) == 1 and "b.pdf" in row["message"].iloc[0]


def test_the_criteria_matrix_gives_each_commune_of_a_table_its_own_row():
    from pipeline.export.tables import matrix_rows

    own = {"criterion": 2, "status": "met", "span": [5, 8], "criteria_set": "commune_2021_2025"}
    extraction = {"doc_id": "d", "metadata": {"admin_units": {"district": "Minh Sơn"}},
                  "criteria": [own, {**own, "span": [40, 41], "unit_name": "Xã A", "status": "unmet"},
                               {**own, "criterion": 3, "span": [50, 51], "unit_name": "Xã B"}]}
    rows = matrix_rows("report", extraction)
    assert [(r["commune"], r["unit_name"], r["2"], r["3"], r["district"]) for r in rows] == [
        (None, None, "met", None, "Minh Sơn"), ("Xã A", "Xã A", "unmet", None, "Minh Sơn"),
        ("Xã B", "Xã B", None, "met", "Minh Sơn")]
