"""`ntm serve` through FastAPI's test client: every route, corrections with provenance, exports,
safety (CSP, CSRF, log-in, roles, uploads), and bad requests answered 4xx with a message."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.errors import NtmError
from pipeline.evaluate import evaluate
from pipeline.load.models import ITEM_TABLES, corrections, documents
from pipeline.serve.app import create_app
from pipeline.serve.batches import safe_name
from tests.pg import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.serve_batch import extracted, fresh_copy

TXT, PDF = "syn1_000", "syn1_001"


@pytest.fixture
def out(tmp_path_factory, tmp_path) -> Path:
    return fresh_copy(extracted(tmp_path_factory), tmp_path / "out")


@pytest.fixture
def client(out):
    app = create_app(out)
    with TestClient(app) as c:
        c.get("/documents")  # a session and its CSRF token
        yield c
    app.state.ctx.batches.close()


def token(client: TestClient, path: str = "/documents") -> str:
    return re.search(r'"X-CSRF-Token": "([0-9a-f]+)"', client.get(path).text).group(1)


def post(client: TestClient, path: str, data: dict | None = None, **kw):
    return client.post(path, data=data or {}, headers={"X-CSRF-Token": token(client)}, **kw)


def extraction(out: Path, name: str) -> dict:
    return json.loads((out / "documents" / f"{name}.json").read_text(encoding="utf-8"))


# ── pages and headers ──


@pytest.mark.parametrize("path", [
    "/documents", "/documents?status=reviewed&q=syn", f"/documents/{TXT}", f"/documents/{PDF}", "/batches",
    "/views/criteria", "/views/indicators", "/views/indicators?indicator=poverty_rate", "/views/deadlines",
    "/views/deadlines?when=overdue", "/views/citations", "/views/citations?code=318/QĐ-TTg", "/search?q=nông+thôn",
    "/login",
])
def test_every_page_answers_with_a_strict_content_security_policy(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text and " style=" not in r.text and " onclick=" not in r.text


def test_the_session_cookie_is_httponly_and_samesite(out):
    app = create_app(out)
    with TestClient(app) as c:
        cookie = c.get("/documents").headers["set-cookie"].lower()
    app.state.ctx.batches.close()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_the_root_and_the_list_lead_to_every_document(client):
    assert client.get("/", follow_redirects=False).headers["location"] == "/documents"
    page = client.get("/documents").text
    assert f'/documents/{TXT}"' in page and f'/documents/{PDF}"' in page


def test_a_digital_pdf_page_has_a_box_around_its_items(client, out):
    r = client.get(f"/documents/{PDF}/pages/1")
    assert r.status_code == 200
    boxes = re.findall(r'<g class="box (\w+) [^"]*" data-item="([\w-]+)"', r.text)
    data = extraction(out, PDF)
    on_page = [f"{f}-{i}" for f in ("references", "targets", "deadlines") for i, item in enumerate(data[f])
               if item.get("page") == 1]
    found = {key for _, key in boxes}
    assert on_page and len(found & set(on_page)) >= 0.8 * len(on_page)
    png = client.get(f"/documents/{PDF}/pages/1.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_text_document_shows_its_text_with_every_item_marked(client, out):
    page = client.get(f"/documents/{TXT}").text
    data = extraction(out, TXT)
    assert 'class="pages"' not in page  # no page image for a text file
    for i, _ in enumerate(data["deadlines"]):
        assert f'data-item="deadlines-{i}"' in page
    assert client.get(f"/documents/{TXT}/pages/1").text.count("no image") == 1


# ── corrections ──


def test_corrections_keep_the_machine_output_and_record_who_when_what(client, out):
    before = (out / "documents" / f"{TXT}.json").read_bytes()
    deadline, target = extraction(out, TXT)["deadlines"][0], extraction(out, TXT)["targets"][0]
    r = post(client, f"/documents/{TXT}/items/deadlines/0/edit", {"date": "2030-06-30"})
    assert r.status_code == 200 and "edited" in r.text and "2030-06-30" in r.text
    assert post(client, f"/documents/{TXT}/items/targets/0/reject").status_code == 200
    assert post(client, f"/documents/{TXT}/items/targets/1/accept").status_code == 200

    assert (out / "documents" / f"{TXT}.json").read_bytes() == before
    corrected = client.get(f"/documents/{TXT}/corrected.json").json()
    assert corrected["deadlines"][0]["date"] == "2030-06-30" and deadline["date"] != "2030-06-30"
    assert target not in corrected["targets"] and len(corrected["targets"]) == len(extraction(out, TXT)["targets"]) - 1

    ctx = client.app.state.ctx
    with ctx.store.engine.connect() as c:
        rows = c.execute(select(corrections).order_by(corrections.c.id)).all()
    assert [(r.action, r.field, r.user_name) for r in rows] == [
        ("edit", "deadlines", "local"), ("reject", "targets", "local"), ("accept", "targets", "local")]
    assert json.loads(rows[0].original) == deadline and rows[0].pipeline_version == deadline_version(out)
    assert rows[0].created_at is not None


def deadline_version(out: Path) -> str:
    return extraction(out, TXT)["pipeline_version"]


@pytest.mark.parametrize(("path", "data", "status", "message"), [
    (f"/documents/{TXT}/items/deadlines/0/edit", {"date": "31/12/2025"}, 400, "not a date"),
    (f"/documents/{TXT}/items/targets/0/edit", {"value": "lots"}, 400, "not a number"),
    (f"/documents/{TXT}/items/criteria/0/edit", {"status": "maybe"}, 400, "one of met"),
    (f"/documents/{TXT}/items/deadlines/999/accept", {}, 400, "no item 999"),
    (f"/documents/{TXT}/items/nothing/0/accept", {}, 400, "unknown field"),
    (f"/documents/{TXT}/items/deadlines/0/approve", {}, 400, "unknown action"),
    ("/documents/missing/items/deadlines/0/accept", {}, 404, "not found"),
    (f"/documents/{TXT}/items/deadlines/x/accept", {}, 422, "index"),
    (f"/documents/{TXT}/add", {"field": "deadlines", "start": "5", "end": "2"}, 400, "select some text"),
    (f"/documents/{TXT}/add", {"field": "deadlines"}, 422, "start"),
    ("/batches", {}, 400, "choose one or more files"),
    ("/batches/00000000/cancel", {}, 404, "not found"),
])
def test_bad_changes_are_refused_with_a_message(client, path, data, status, message):
    r = post(client, path, data)
    assert r.status_code == status, r.text
    assert message in r.text


@pytest.mark.parametrize("path", [
    "/documents/missing", "/documents/..%2F..%2Fetc", "/documents/.secret", f"/documents/{TXT}/pages/9.png",
    "/batches/zzz", "/export/nothing.csv", "/documents?page_number=0", "/views/criteria?year=abc",
    "/views/deadlines?when=soon", f"/documents/{TXT}/gold.json",
])
def test_bad_reads_are_4xx_with_a_message(client, path):
    r = client.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code)
    assert r.text.strip()


def test_a_change_without_the_csrf_token_is_refused(client):
    r = client.post(f"/documents/{TXT}/items/deadlines/0/accept")
    assert r.status_code == 403 and "CSRF" in r.text
    r = client.post(f"/documents/{TXT}/items/deadlines/0/accept", headers={"X-CSRF-Token": "0" * 64})
    assert r.status_code == 403
    assert post(client, f"/documents/{TXT}/items/deadlines/0/accept").status_code == 200


def test_a_missed_item_is_added_from_selected_text(client, out):
    text = extraction(out, TXT)["normalized_text"]
    start = text.index("năm 2025") if "năm 2025" in text else text.index("2024")
    end = start + (8 if "năm 2025" in text else 4)
    r = post(client, f"/documents/{TXT}/add",
             {"field": "deadlines", "start": str(start), "end": str(end), "date": "2025-12-31"})
    assert r.status_code == 204 and r.headers["hx-refresh"] == "true"
    added = client.get(f"/documents/{TXT}/corrected.json").json()["deadlines"][-1]
    assert added["span"] == [start, end] and added["text"] == text[start:end] and added["date"] == "2025-12-31"
    assert 'class="item added' in client.get(f"/documents/{TXT}").text


def test_re_extraction_keeps_corrections_that_still_apply_and_flags_the_others(client, out):
    assert post(client, f"/documents/{TXT}/items/deadlines/0/edit", {"date": "2031-01-31"}).status_code == 200
    assert post(client, f"/documents/{TXT}/items/deadlines/1/reject").status_code == 200
    path = out / "documents" / f"{TXT}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["deadlines"][1]["date"] = "2099-01-01"  # a newer pipeline reads this deadline differently
    data["pipeline_version"] = "9.9.9+new"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    corrected = client.get(f"/documents/{TXT}/corrected.json").json()
    assert corrected["deadlines"][0]["date"] == "2031-01-31"  # still applies
    assert any(d["date"] == "2099-01-01" for d in corrected["deadlines"])  # the stale reject is not applied
    page = client.get(f"/documents/{TXT}").text
    assert "no longer match" in page and "reject deadlines" in page

    # A newer normalization moves every span (a line more at the top): the correction follows its item.
    data["normalized_text"] = "X\n" + data["normalized_text"]
    for field in ("references", "criteria", "criteria_summaries", "targets", "deadlines"):
        for item in data[field]:
            item["span"] = [item["span"][0] + 2, item["span"][1] + 2]
            for mention in item.get("mentions") or []:
                mention["span"] = [mention["span"][0] + 2, mention["span"][1] + 2]
    data["char_map"] = [{**run, "start": run["start"] + 2} for run in data["char_map"]]
    data["char_map"].insert(0, {"start": 0, "length": 2, "page": 1, "raw_start": 0})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    moved = client.get(f"/documents/{TXT}/corrected.json").json()
    assert moved["deadlines"][0]["date"] == "2031-01-31" and moved["deadlines"][0]["span"][0] == data["deadlines"][0]["span"][0]


# ── reviewed data: tables, load, gold ──


def test_reviewed_documents_feed_tables_database_and_gold_with_corrected_values(client, out, tmp_path):
    post(client, f"/documents/{TXT}/items/deadlines/0/edit", {"date": "2030-06-30"})
    post(client, f"/documents/{TXT}/items/targets/0/reject")
    r = post(client, f"/documents/{TXT}/reviewed", {"reviewed": "true"})
    assert r.status_code == 200 and "Reviewed by local" in r.text

    csv = client.get("/export/deadlines.csv?reviewed=1")
    table = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig")
    assert set(table["document"]) == {TXT} and "2030-06-30" in set(table["date"])
    machine = pd.read_csv(io.BytesIO(client.get("/export/deadlines.csv").content), encoding="utf-8-sig")
    assert set(machine["document"]) == {TXT, PDF} and "2030-06-30" not in set(machine["date"])
    assert client.get("/export/targets.xlsx?reviewed=1").content[:2] == b"PK"

    ctx = client.app.state.ctx  # the tracking database holds the corrected rows of the reviewed document
    deadlines = ITEM_TABLES["deadlines"]
    with ctx.store.engine.connect() as c:
        dates = c.execute(select(deadlines.c.date).join(documents).where(documents.c.document == TXT)).scalars()
        assert "2030-06-30" in {d.isoformat() for d in dates if d}

    runner = CliRunner()
    assert runner.invoke(cli, ["tables", str(out), "--reviewed-only"]).exit_code == 0
    reviewed = pd.read_csv(out / "reviewed" / "tables" / "deadlines.csv", encoding="utf-8-sig")
    assert set(reviewed["document"]) == {TXT} and "2030-06-30" in set(reviewed["date"])
    target_db = f"sqlite:///{tmp_path / 'reviewed.sqlite'}"
    result = runner.invoke(cli, ["load", str(out), "--db", target_db, "--reviewed-only"])
    assert result.exit_code == 0, result.output
    assert "1 inserted" in result.output  # the reviewed document alone, read from the app's database
    gold_dir = tmp_path / "gold"
    assert runner.invoke(cli, ["gold", str(out), "--to", str(gold_dir)]).exit_code == 0
    gold = json.loads((gold_dir / f"{TXT}.json").read_text(encoding="utf-8"))
    assert {"date": "2030-06-30", "granularity": "year"} in gold["deadlines"] or any(
        d["date"] == "2030-06-30" for d in gold["deadlines"])
    report = evaluate(gold_dir, out)  # the corrected document is gold for the pipeline's own output
    assert report.totals["deadlines"].fn >= 1 and report.totals["targets"].fp >= 1
    assert client.get(f"/documents/{TXT}/gold.json").json() == gold
    with zipfile.ZipFile(io.BytesIO(client.get("/gold.zip").content)) as archive:
        assert archive.namelist() == [f"gold/{TXT}.json"]


# ── log-in, roles ──


def test_off_localhost_the_app_needs_users(out):
    with pytest.raises(NtmError, match="needs a log-in"):
        create_app(out, host="0.0.0.0")


def test_off_localhost_a_login_is_required_and_roles_are_enforced(out):
    runner = CliRunner()
    for name, role in (("lan", "reviewer"), ("viewer", "read-only")):
        r = runner.invoke(cli, ["user", "add", str(out), name, "--role", role, "--password-stdin"],
                          input="correct horse battery\n")
        assert r.exit_code == 0, r.output
    app = create_app(out, host="0.0.0.0")
    with TestClient(app) as c:
        assert c.get("/documents", follow_redirects=False).headers["location"] == "/login"
        assert c.get(f"/documents/{TXT}/corrected.json", follow_redirects=False).status_code == 303
        assert c.post(f"/documents/{TXT}/reviewed", headers={"hx-request": "true"}).status_code == 401
        csrf = token(c, "/login")
        bad = c.post("/login", data={"name": "lan", "password": "wrong", "csrf": csrf})
        assert bad.status_code == 401 and "wrong user name or password" in bad.text
        ok = c.post("/login", data={"name": "viewer", "password": "correct horse battery", "csrf": csrf},
                    follow_redirects=False)
        assert ok.status_code == 303
        assert "httponly" in ok.headers["set-cookie"].lower()
        assert c.get("/documents").status_code == 200
        r = c.post(f"/documents/{TXT}/items/deadlines/0/accept", headers={"X-CSRF-Token": token(c)})
        assert r.status_code == 403 and "read-only" in r.text
        c.cookies.clear()
        csrf = token(c, "/login")
        c.post("/login", data={"name": "lan", "password": "correct horse battery", "csrf": csrf})
        r = c.post(f"/documents/{TXT}/items/deadlines/0/accept", headers={"X-CSRF-Token": token(c)})
        assert r.status_code == 200
    app.state.ctx.batches.close()


def test_a_password_too_short_or_a_wrong_role_is_one_line(out):
    r = CliRunner().invoke(cli, ["user", "add", str(out), "x", "--role", "admin", "--password-stdin"], input="long enough\n")
    assert r.exit_code == 2 and "role must be one of" in r.output


# ── batches ──


def test_uploads_are_written_under_the_output_folder_with_names_made_here(client, out, tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../escape.txt", "Ủy ban nhân dân xã. Phấn đấu đến năm 2025 đạt 19/19 tiêu chí.")
        z.writestr("/abs/<script>alert(1)</script>.txt", "Tỷ lệ hộ nghèo dưới 3%.")
        z.writestr("bomb.txt", "0" * 5_000_000)
        z.writestr("notes.exe", "MZ")
    files = [("files", ("report.zip", archive.getvalue(), "application/zip")),
             ("files", ('"><img src=x onerror=alert(1)>.pdf', b"%PDF-1.4 broken", "application/pdf")),
             ("files", ("empty.docx", b"", "application/octet-stream"))]
    r = client.post("/batches", files=files, data={"csrf": token(client)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    batch_id = r.headers["location"].rsplit("/", 1)[-1]
    client.app.state.ctx.batches.wait_idle(120)
    state = client.app.state.ctx.batches.state(batch_id)
    assert state.status == "done", state
    written = sorted(p.name for p in (out / "uploads" / batch_id / "files").iterdir())
    assert all(re.fullmatch(rf"{batch_id}-\d{{3}}-[\w-]+\.\w+", name) for name in written), written
    assert not (out.parent / "escape.txt").exists() and not (out / "escape.txt").exists()
    reasons = {e["name"]: e["reason"] for e in state.rejected + state.errors}
    assert "zip bomb" in reasons["report.zip: bomb.txt"] and "unsupported format" in reasons["report.zip: notes.exe"]
    assert state.ok == 2 and state.failed == 2
    page = client.get(f"/batches/{batch_id}").text
    errors = page[page.index('<ul class="errors">'):]
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page, errors
    assert "<script>alert" not in page
    assert client.get(f"/batches/{batch_id}/progress").status_code == 200
    assert f"{batch_id}-001-escape" in client.get("/documents").text  # loaded into the list
    assert client.get("/search?q=hộ+nghèo").text.count(f"/documents/{batch_id}-") >= 1


def test_an_upload_over_the_limit_is_refused_and_nothing_is_left(out):
    app = create_app(out, max_upload_bytes=1000)
    with TestClient(app) as c:
        csrf = token(c)
        r = c.post("/batches", files=[("files", ("a.txt", b"x" * 100_000, "text/plain"))], data={"csrf": csrf})
        assert r.status_code == 413 and "too large" in r.text
        r = c.post("/batches", files=[("files", ("a.txt", b"x" * 900, "text/plain")),
                                      ("files", ("b.txt", b"y" * 900, "text/plain"))], data={"csrf": csrf})
        assert r.status_code == 200
        state = app.state.ctx.batches.all()[0]
        assert state.files == ["a.txt"] and "over the upload limit" in state.rejected[0]["reason"]
    app.state.ctx.batches.close()


def test_a_batch_resumes_after_a_restart_and_can_be_cancelled(out, tmp_path):
    app = create_app(out)
    batches = app.state.ctx.batches
    batches.close()  # the worker stops: the batch stays queued as if the server died
    state = batches.create([("a.txt", io.BytesIO("Phấn đấu đến năm 2026 đạt 19/19 tiêu chí.".encode()))])
    assert batches.state(state.id).status == "queued"
    app2 = create_app(out)  # a restart finds it and runs it
    app2.state.ctx.batches.wait_idle(60)
    assert app2.state.ctx.batches.state(state.id).status == "done"
    queued = app2.state.ctx.batches
    queued.close()
    later = queued.create([("b.txt", io.BytesIO(b"x"))])
    assert queued.cancel(later.id).status == "cancelled"
    app2.state.ctx.batches.close()


@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd", "abcd1234-001-passwd"), ("C:\\x\\báo cáo.PDF", "abcd1234-001-báo-cáo.pdf"),
    ('"><img src=x>.txt', "abcd1234-001-img-src-x.txt"), (".hidden", "abcd1234-001-file.hidden"), ("", "abcd1234-001-file"),
])
def test_safe_names_never_leave_the_folder(given, expected):
    assert safe_name(given, 1, "abcd1234") == expected


# ── tracking views ──


def test_views_download_as_csv_and_xlsx_and_link_numbers_to_items(client):
    for path in ("/views/criteria", "/views/indicators", "/views/deadlines?when=overdue", "/views/citations"):
        csv = client.get(path + ("&" if "?" in path else "?") + "format=csv")
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        assert len(pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig")) > 0, path
        xlsx = client.get(path + ("&" if "?" in path else "?") + "format=xlsx")
        assert xlsx.content[:2] == b"PK"
    page = client.get("/views/indicators").text
    assert re.search(r'href="/documents/syn1_00\d#item-targets-\d+"', page)
    assert re.search(r'href="/documents/syn1_00\d#item-criteria-\d+"', client.get("/views/criteria").text)


def test_an_indicator_chart_is_drawn_for_one_indicator(client):
    ctx = client.app.state.ctx
    targets = ITEM_TABLES["targets"]
    with ctx.store.engine.connect() as c:
        indicator = c.execute(select(targets.c.indicator_id).where(targets.c.indicator_id.isnot(None))).scalar()
    page = client.get(f"/views/indicators?indicator={indicator}").text
    assert '<svg class="chart"' in page and '<rect x="250"' in page


def test_full_text_search_finds_documents_by_their_words(client):
    page = client.get("/search?q=tiêu+chí").text
    assert f"/documents/{TXT}" in page
    assert "No document holds" in client.get("/search?q=zzzqqq").text


# ── the command ──


def test_ntm_serve_prints_its_address_and_refuses_the_network_without_users(out, monkeypatch):
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: started.update(host=host, port=port))
    r = CliRunner().invoke(cli, ["serve", str(out), "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert "http://127.0.0.1:8123/" in r.output and started == {"host": "127.0.0.1", "port": 8123}
    r = CliRunner().invoke(cli, ["serve", str(out), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "needs a log-in" in r.output and "ntm user add" in r.output


def test_the_app_works_on_postgresql_for_several_reviewers(out, postgres_url):  # noqa: F811 (fixture)
    app = create_app(out, postgres_url)
    with TestClient(app) as c:
        assert c.get("/documents").status_code == 200
        r = post(c, f"/documents/{TXT}/items/deadlines/0/edit", {"date": "2029-09-30"})
        assert r.status_code == 200, r.text
        assert post(c, f"/documents/{TXT}/reviewed", {"reviewed": "true"}).status_code == 200
        assert c.get(f"/documents/{TXT}/corrected.json").json()["deadlines"][0]["date"] == "2029-09-30"
        assert f"/documents/{TXT}" in c.get("/search?q=tiêu+chí").text
        for path in ("/views/criteria", "/views/indicators", "/views/deadlines?when=overdue", "/views/citations"):
            assert c.get(path).status_code == 200, path
    app.state.ctx.batches.close()


def test_a_running_batch_stops_after_the_document_under_way_when_cancelled(out, monkeypatch):
    from pipeline import batch as batch_module

    app = create_app(out)
    batches = app.state.ctx.batches
    seen = []

    def fake_run(stage, inputs, out_dir, options, echo, progress):  # the real runner's calls to `progress`
        progress(None, 3)
        for i in range(3):
            seen.append(i)
            if i == 1:
                batches.cancel(state.id)
            progress(batch_module.Outcome("x", f"doc{i}", page_sources=["plain"]), 3)
        return batch_module.Summary(ok=3)

    monkeypatch.setattr(batch_module, "run", fake_run)
    state = batches.create([("a.txt", io.BytesIO(b"one")), ("b.txt", io.BytesIO(b"two"))])
    batches.wait_idle(30)
    final = batches.state(state.id)
    assert final.status == "cancelled" and final.finished == 1 and seen == [0, 1]
    batches.close()


def test_an_added_item_can_be_withdrawn_and_next_leads_to_the_next_unreviewed_document(client, out):
    text = extraction(out, TXT)["normalized_text"]
    post(client, f"/documents/{TXT}/add", {"field": "targets", "start": "0", "end": "10", "indicator": "x",
                                          "value": "5", "unit": "%", "comparator": "="})
    added_id = int(re.search(r"/added/(\d+)/reject", client.get(f"/documents/{TXT}").text).group(1))
    assert client.get(f"/documents/{TXT}/corrected.json").json()["targets"][-1]["text"] == text[:10]
    r = post(client, f"/documents/{TXT}/added/{added_id}/reject")
    assert r.status_code == 200 and "rejected" in r.text
    assert all(t["text"] != text[:10] for t in client.get(f"/documents/{TXT}/corrected.json").json()["targets"])
    assert post(client, f"/documents/{TXT}/added/99999/reject").status_code == 400
    post(client, f"/documents/{TXT}/reviewed", {"reviewed": "true"})
    assert client.get(f"/next?after={TXT}", follow_redirects=False).headers["location"] == f"/documents/{PDF}"
    post(client, f"/documents/{PDF}/reviewed", {"reviewed": "true"})
    assert client.get(f"/next?after={PDF}", follow_redirects=False).headers["location"] == "/documents?status=unreviewed"


def test_the_edit_form_its_cancel_the_static_files_and_log_out(client):
    form = client.get(f"/documents/{TXT}/items/deadlines/0/edit")
    assert form.status_code == 200 and 'name="date"' in form.text and "editing" in form.text
    row = client.get(f"/documents/{TXT}/items/deadlines/0")
    assert row.status_code == 200 and 'id="item-deadlines-0"' in row.text and "editing" not in row.text
    assert client.get(f"/documents/{TXT}/items/deadlines/99/edit").status_code == 404
    assert client.get(f"/documents/{TXT}/items/nothing/0").status_code == 400
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and "javascript" in htmx.headers["content-type"] and 'version:"2.' in htmx.text
    assert client.get("/static/app.js").status_code == 200 and client.get("/static/app.css").status_code == 200
    assert client.get("/favicon.ico").status_code == 204
    r = post(client, "/logout", follow_redirects=False)
    assert r.status_code == 303 and "ntm_session=" in r.headers["set-cookie"]


def test_an_upload_without_its_length_stops_at_the_limit(out):
    app = create_app(out, max_upload_bytes=1000)

    def body():
        yield b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n"
        for _ in range(200):
            yield b"y" * 1000
        yield b"\r\n--x--\r\n"

    with TestClient(app) as c:
        r = c.post("/batches", content=body(), headers={"content-type": "multipart/form-data; boundary=x",
                                                        "X-CSRF-Token": token(c)})
        assert r.status_code == 413 and "too large" in r.text
        assert not (out / "uploads").exists() or not any((out / "uploads").rglob("*.txt"))
    app.state.ctx.batches.close()


def test_metadata_is_corrected_with_provenance_and_a_lost_signer_is_grounded_on_a_selection(client, out):
    data = extraction(out, TXT)
    panel = client.get(f"/documents/{TXT}/metadata?edit=true")
    assert panel.status_code == 200 and 'name="signer.name"' in panel.text
    r = post(client, f"/documents/{TXT}/metadata", {"issued_date": "2024-02-29", "admin_units.district": "Huyện Mới"})
    assert r.status_code == 200 and "(corrected)" in r.text and "Huyện Mới" in r.text
    meta = client.get(f"/documents/{TXT}/corrected.json").json()["metadata"]
    assert meta["issued_date"] == "2024-02-29" and meta["issued_year"] == 2024 and meta["issued_day"] == 29
    assert meta["admin_units"]["district"] == "Huyện Mới" and extraction(out, TXT)["metadata"] == data["metadata"]
    assert post(client, f"/documents/{TXT}/metadata", {"issued_date": "29/02/2024"}).status_code == 400
    assert post(client, f"/documents/{TXT}/metadata", {"nothing": "x"}).status_code == 400

    # The machine lost the signer (a seal over it): the reviewer selects the name and types it.
    path = out / "documents" / f"{TXT}.json"
    data["metadata"]["signer"] = None
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = post(client, f"/documents/{TXT}/metadata", {"signer.name": "Nguyễn Văn A"})
    assert r.status_code == 400 and "select the signer" in r.text
    r = post(client, f"/documents/{TXT}/metadata", {"signer.name": "Nguyễn Văn A", "start": "0", "end": "5"})
    assert r.status_code == 200, r.text
    signer = client.get(f"/documents/{TXT}/corrected.json").json()["metadata"]["signer"]
    assert signer["name"] == "Nguyễn Văn A" and signer["span"] == [0, 5] and signer["text"] == data["normalized_text"][:5]
    post(client, f"/documents/{TXT}/reviewed", {"reviewed": "true"})
    assert client.get(f"/documents/{TXT}/gold.json").json()["metadata"]["signer"]["name"] == "Nguyễn Văn A"


def test_a_broken_extraction_is_a_message_not_a_server_error(out):
    (out / "documents" / "broken.json").write_text("{not json", encoding="utf-8")
    (out / "documents" / "list.json").write_text("[1, 2]", encoding="utf-8")
    app = create_app(out)  # starts: the load reports the broken files, the search index skips them
    with TestClient(app) as c:
        for name in ("broken", "list"):
            r = c.get(f"/documents/{name}")
            assert r.status_code == 400 and "extraction" in r.text
        assert c.get(f"/documents/{TXT}").status_code == 200
        assert f"/documents/{TXT}" in c.get("/search?q=tiêu+chí").text
    app.state.ctx.batches.close()


def test_a_folder_of_the_server_inbox_runs_as_a_batch_in_place(out, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "xa-hoa-an").mkdir(parents=True)
    (inbox / "xa-hoa-an" / "bao-cao.txt").write_text("Phấn đấu đến hết năm 2027 đạt 19/19 tiêu chí.", encoding="utf-8")
    (inbox / ".hidden").mkdir()
    with pytest.raises(NtmError, match="no such folder"):
        create_app(out, inbox=tmp_path / "missing")
    app = create_app(out, inbox=inbox)
    with TestClient(app) as c:
        page = c.get("/batches").text
        assert "<option>xa-hoa-an</option>" in page and ".hidden" not in page
        for bad in ("../inbox", ".hidden", "/etc", "missing"):
            r = c.post("/batches/folder", data={"folder": bad, "csrf": token(c)})
            assert r.status_code == 400 and "inbox" in r.text, bad
        r = c.post("/batches/folder", data={"folder": "xa-hoa-an", "csrf": token(c)}, follow_redirects=False)
        assert r.status_code == 303
        app.state.ctx.batches.wait_idle(60)
        state = app.state.ctx.batches.all()[0]
        assert state.status == "done" and state.ok == 1 and state.files == ["bao-cao.txt"]
        assert not (out / "uploads" / state.id / "files").exists()  # read in place, nothing copied
        assert '/documents/bao-cao"' in c.get("/documents").text
    app.state.ctx.batches.close()
    r = CliRunner().invoke(cli, ["serve", str(out), "--inbox", str(tmp_path / "missing")])
    assert r.exit_code == 2 and "no such folder" in r.output
