"""`ntm serve`: review and correct extractions in the browser, run batches, browse the tracking views."""

from __future__ import annotations


def serve(out, db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, echo=print) -> None:
    import uvicorn

    from pipeline.serve.app import create_app

    app = create_app(out, db_url, host)
    shown = f"[{host}]" if ":" in host else host
    echo(f"ntm serve: http://{shown}:{port}/ (output folder {out}; Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
