"""`ntm serve`: review and correct extractions in the browser, run batches, browse the tracking views."""

from __future__ import annotations


def serve(out, db: str | None = None, host: str = "127.0.0.1", port: int = 8000, inbox=None, echo=print) -> None:
    """`ntm serve`: the app on `host`:`port` for the output folder `out` (reviews in `db`, default OUT/ntm.sqlite);
    `inbox`: a server folder whose subfolders can be run as batches from the app."""
    import uvicorn

    from pipeline.serve.app import create_app

    app = create_app(out, db, host, inbox=inbox)
    shown = f"[{host}]" if ":" in host else host
    echo(f"ntm serve: http://{shown}:{port}/ (output folder {out}; Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def add_user(out, name: str, password: str, role: str = "reviewer", db: str | None = None) -> None:
    """`ntm user add`: add a user of the app (or set a user's password and role); the password is
    stored as a salted scrypt hash."""
    from pipeline.serve.store import Store

    store = Store(out, db)
    try:
        store.add_user(name, password, role)
    finally:
        store.close()
