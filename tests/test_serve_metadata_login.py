"""`ntm serve`: recipients, subject and place corrected with provenance; failed log-ins limited per
user and client."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.load.models import corrections
from pipeline.serve.app import create_app
from pipeline.serve.throttle import FailedLogins
from tests.serve_batch import extracted, fresh_copy

TXT = "syn1_000"
PASSWORD = "correct horse battery"


@pytest.fixture
def out(tmp_path_factory, tmp_path):
    return fresh_copy(extracted(tmp_path_factory), tmp_path / "out")


def token(client: TestClient, path: str = "/documents") -> str:
    return re.search(r'"X-CSRF-Token": "([0-9a-f]+)"', client.get(path).text).group(1)


def post(client: TestClient, path: str, data: dict):
    return client.post(path, data=data, headers={"X-CSRF-Token": token(client)})


def test_recipients_subject_and_place_are_corrected_with_provenance(out):
    machine = json.loads((out / "documents" / f"{TXT}.json").read_text(encoding="utf-8"))["metadata"]
    app = create_app(out)
    with TestClient(app) as client:
        form = client.get(f"/documents/{TXT}/metadata?edit=true").text
        assert all(f'name="{n}"' in form for n in ("place", "subject")) and '<textarea name="recipients"' in form
        r = post(client, f"/documents/{TXT}/metadata", {
            "place": "Cà Mau", "subject": "Về kế hoạch xây dựng nông thôn mới năm 2025",
            "recipients": "  UBND huyện Hồng Dân;\n\nLưu: VT \n"})
        assert r.status_code == 200 and "(corrected)" in r.text and "UBND huyện Hồng Dân; Lưu: VT" in r.text
        corrected = client.get(f"/documents/{TXT}/corrected.json").json()["metadata"]
        assert corrected["place"] == "Cà Mau" and corrected["subject"].startswith("Về kế hoạch")
        assert corrected["recipients"] == ["UBND huyện Hồng Dân", "Lưu: VT"]
        with app.state.ctx.store.engine.connect() as c:
            row = c.execute(select(corrections).where(corrections.c.field == "metadata")).mappings().one()
        original, value = (json.loads(v) if isinstance(v, str) else v for v in (row["original"], row["value"]))
        assert original == {"place": machine["place"], "subject": machine["subject"],
                            "recipients": machine["recipients"]}
        assert value["recipients"] == ["UBND huyện Hồng Dân", "Lưu: VT"] and row["user_name"] == "local" and row["created_at"]
        assert row["pipeline_version"]

        # unchanged values are no change; blank recipients are an empty list; too long is refused
        assert post(client, f"/documents/{TXT}/metadata", {"place": "Cà Mau"}).status_code == 400
        r = post(client, f"/documents/{TXT}/metadata", {"recipients": " \n "})
        assert r.status_code == 200
        assert client.get(f"/documents/{TXT}/corrected.json").json()["metadata"]["recipients"] == []
        r = post(client, f"/documents/{TXT}/metadata", {"subject": "x" * 501})
        assert r.status_code == 400 and "at most 500" in r.text

        post(client, f"/documents/{TXT}/reviewed", {"reviewed": "true"})
        table = pd.read_csv(io.BytesIO(client.get("/export/documents.csv?reviewed=1").content), encoding="utf-8-sig")
        assert list(table["place"]) == ["Cà Mau"] and table["subject"][0].startswith("Về kế hoạch")
    app.state.ctx.batches.close()
    assert json.loads((out / "documents" / f"{TXT}.json").read_text(encoding="utf-8"))["metadata"] == machine


def test_failed_logins_are_limited_per_user_and_client():
    now = [0.0]
    limit = FailedLogins(limit=5, window=60, clock=lambda: now[0])
    for _ in range(4):
        limit.failed("lan", "10.0.0.1")
    assert limit.retry_after("lan", "10.0.0.1") == 0
    limit.failed("LAN", "10.0.0.1")  # names as typed: case aside
    assert limit.retry_after("lan", "10.0.0.1") == 60
    assert limit.retry_after("lan", "10.0.0.2") == 0 and limit.retry_after("other", "10.0.0.1") == 0
    now[0] = 30
    assert limit.retry_after("lan", "10.0.0.1") == 30
    now[0] = 60.5  # the oldest failure left the window
    assert limit.retry_after("lan", "10.0.0.1") == 0
    limit.failed("lan", "10.0.0.1")
    assert limit.retry_after("lan", "10.0.0.1") == 0  # four in the window
    limit.succeeded("lan", "10.0.0.1")
    for _ in range(4):
        limit.failed("lan", "10.0.0.1")
    assert limit.retry_after("lan", "10.0.0.1") == 0  # a success cleared the earlier ones


def test_the_sixth_wrong_password_in_a_minute_is_refused_even_when_right(out, monkeypatch):
    r = CliRunner().invoke(cli, ["user", "add", str(out), "lan", "--role", "reviewer", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    app = create_app(out, host="0.0.0.0")
    checked = []
    check_user = app.state.ctx.store.check_user
    monkeypatch.setattr(app.state.ctx.store, "check_user", lambda *a: checked.append(a) or check_user(*a))
    with TestClient(app) as c:
        csrf = token(c, "/login")
        for _ in range(5):
            assert c.post("/login", data={"name": "lan", "password": "wrong", "csrf": csrf}).status_code == 401
        r = c.post("/login", data={"name": "lan", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 429 and "too many failed log-ins" in r.text and int(r.headers["retry-after"]) > 0
        assert len(checked) == 5  # refused before the password is hashed
        assert c.get("/documents", follow_redirects=False).headers["location"] == "/login"  # still logged out
        other = c.post("/login", data={"name": "someone", "password": "wrong", "csrf": csrf})
        assert other.status_code == 401  # another user name from the same client is not locked out
    app.state.ctx.batches.close()
