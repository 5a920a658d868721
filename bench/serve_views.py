"""Section: server time of `ntm serve`'s tracking views over a generated 10,000-document database.

The database is made with the project's migrations and filled with generated rows (per document:
19 criteria, 15 targets, 5 deadlines, 3 references, and a 2,000-character text in the search index)
across 40 districts and 5 years. Each view is requested through FastAPI's test client (routing,
SQL, Jinja2 rendering; no network); its SQL time is summed from SQLAlchemy's cursor events during
the request: the peer measured in the same run, so `server / SQL` says what the app adds.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from measure import table
from sqlalchemy import event, insert, text

from pipeline.load.db import make_engine, upgrade
from pipeline.load.models import ITEM_TABLES, documents
from pipeline.serve import search
from pipeline.serve.app import create_app

INDICATORS = ["poverty_rate", "income_per_capita", "clean_water_rate", "health_insurance_rate", "waste_collection_rate",
              "ocop_products", "trained_labour_rate", "road_concrete_km", "school_standard_rate", "forest_cover_rate"]
WORDS = ("xã huyện tỉnh thôn bản tiêu chí nông thôn mới kế hoạch phấn đấu đạt tỷ lệ hộ nghèo thu nhập bình quân "
         "đường giao thông trường học trạm y tế nước sạch môi trường văn hoá an ninh quốc phòng sản xuất "
         "hợp tác xã lao động việc làm điện chợ nhà ở thông tin truyền thông quy hoạch thuỷ lợi").split()
VIEWS = [
    ("document list, page 1", "/documents"),
    ("document list, page 150", "/documents?page_number=150"),
    ("communes × criteria", "/views/criteria"),
    ("communes × criteria, one district", "/views/criteria?district=Huyện+7"),
    ("indicators, all", "/views/indicators"),
    ("indicators, one + chart", "/views/indicators?indicator=poverty_rate&district=Huyện+3"),
    ("indicators, page 500", "/views/indicators?page_number=500"),
    ("deadlines upcoming", "/views/deadlines?when=upcoming&today=2025-06-01"),
    ("deadlines overdue", "/views/deadlines?when=overdue&today=2025-06-01"),
    ("citations", "/views/citations"),
    ("citations of one decision", "/views/citations?code=318/QĐ-TTg"),
    ("full-text search", "/search?q=nước+sạch+trạm"),
    ("CSV of indicators, one district", "/views/indicators?district=Huyện+3&format=csv"),
]


def generate(out: Path, n_docs: int, seed: int = 0) -> str:
    """A tracking database of `n_docs` generated documents in OUT/ntm.sqlite; returns its URL."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{out / 'ntm.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    docs, items = [], {name: [] for name in ("criteria", "targets", "deadlines", "references")}
    for i in range(1, n_docs + 1):
        district, commune, year = f"Huyện {i % 40}", f"Xã {i % 2000}", 2021 + i % 5
        docs.append({"id": i, "source_path": f"in/doc{i:05d}.pdf", "source_key": f"/data/in/doc{i:05d}.pdf", "document": f"doc{i:05d}", "sha256": f"{i:064x}",
                     "extraction_sha256": f"{i:064x}", "loaded_at": now, "format": "pdf", "pages": 3, "ocr_pages": i % 2 * 3,
                     "doc_type": "bao_cao", "issued_year": year, "issued_date": date(year, 1 + i % 12, 1 + i % 28),
                     "commune": commune, "district": district, "province": "Tỉnh A", "n_criteria": 19, "n_targets": 15,
                     "n_deadlines": 5, "n_references": 3, "n_warnings": 0})
        span = {"span_start": 0, "span_end": 10, "text": "…", "page": 1}
        admin = {"commune": commune, "district": district, "province": "Tỉnh A"}
        for n in range(1, 20):
            items["criteria"].append({"document_id": i, "position": n - 1, **admin, "criterion": n, "criterion_name": f"tiêu chí {n}",
                                      "status": rng.choice(["met", "met", "unmet", "target"]), **span})
        for p in range(15):
            items["targets"].append({"document_id": i, "position": p, **admin, "indicator": "tỷ lệ", "indicator_id": INDICATORS[p % 10],
                                     "comparator": "<=" if p % 3 else "=", "value": round(rng.uniform(0, 100), 1), "unit": "%",
                                     "value_canonical": None, "kind": "target" if p % 2 else "result", "year": year, **span})
        for p in range(5):
            items["deadlines"].append({"document_id": i, "position": p, "date": date(2024, 1, 1) + timedelta(days=rng.randrange(900)),
                                       "granularity": "day", "inclusive": True, "task": "hoàn thành", **span})
        for p, code in enumerate(["318/QĐ-TTg", "263/QĐ-TTg", f"{i % 300}/QĐ-UBND"]):
            items["references"].append({"document_id": i, "position": p, "code": code, "doc_type": "quyet_dinh", **span})
    with engine.begin() as c:
        c.execute(insert(documents), docs)
        for name, rows in items.items():
            for start in range(0, len(rows), 20_000):
                c.execute(insert(ITEM_TABLES[name]), rows[start:start + 20_000])
    with engine.begin() as c:
        search._ensure(c)
        bodies = [{"d": f"doc{i:05d}", "k": "generated", "b": " ".join(rng.choices(WORDS, k=300))} for i in range(1, n_docs + 1)]
        c.execute(text("INSERT INTO search_texts VALUES (:d, :k, :b)"), bodies)
        c.execute(text("INSERT INTO search_fts (document, body) VALUES (:d, :b)"), bodies)
    engine.dispose()
    return url


def run(work: Path, runs: int, n_docs: int = 10_000) -> str:
    started = time.perf_counter()
    generate(work / "out", n_docs)
    made = time.perf_counter() - started
    app = create_app(work / "out")
    sql_seconds: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["t"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        sql_seconds.append(time.perf_counter() - conn.info.pop("t", time.perf_counter()))

    engine = app.state.ctx.store.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    rows = []
    with TestClient(app) as client:
        client.get("/documents")
        for name, path in VIEWS:
            assert client.get(path).status_code == 200, path  # warm-up (and a broken view fails loudly)
            totals, sqls = [], []
            for _ in range(runs):
                sql_seconds.clear()
                t = time.perf_counter()
                response = client.get(path)
                totals.append(time.perf_counter() - t)
                sqls.append(sum(sql_seconds))
            size = len(response.content)
            median, p95 = statistics.median(totals), _p95(totals)
            rows.append([name, f"`{path}`", f"{1000 * median:.0f}", f"{1000 * p95:.0f}",
                         f"{1000 * statistics.median(sqls):.0f}", f"{median / max(statistics.median(sqls), 1e-6):.1f}",
                         f"{size / 1024:.0f}"])
    app.state.ctx.batches.close()
    return "\n".join([
        f"{n_docs:,} generated documents (19 criteria, 15 targets, 5 deadlines, 3 references each: "
        f"{n_docs * 42:,} item rows; made in {made:.0f} s), SQLite; {runs} requests per view after a warm-up.",
        "",
        table(["view", "request", "median ms", "p95 ms", "SQL ms (median)", "server / SQL", "KiB"], rows, text_columns=2),
    ])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(run(Path(tmp), runs=int(sys.argv[1]) if len(sys.argv) > 1 else 20,
                  n_docs=int(sys.argv[2]) if len(sys.argv) > 2 else 10_000))
