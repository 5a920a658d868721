"""A real PostgreSQL server for tests, started on loopback for the session and stopped after it.

`postgres_server` runs initdb into a fresh temporary folder and `pg_ctl start` on 127.0.0.1 with
a free port and its unix socket in that folder (as the `postgres` system user when the tests run
as root: PostgreSQL refuses to run as root). `postgres_url` creates an empty database for one
test and drops it afterwards. Without the server binaries (Debian: `apt-get install postgresql`)
the tests that use them are skipped, saying so.

Use: `from tests.pg import postgres_server, postgres_url  # noqa: F401` in a test module.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_USER = "postgres"  # the system user that owns and runs the server when we are root
START_TIMEOUT_S = 30


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    run_as: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.run_as, str(self.bindir / program), *args],
                              capture_output=True, text=True, timeout=START_TIMEOUT_S, cwd=self.root)


def find_bindir() -> Path | None:
    """The newest installed server's bin folder (or $NTM_PG_BINDIR), holding initdb and pg_ctl."""
    candidates = [Path(os.environ["NTM_PG_BINDIR"])] if os.environ.get("NTM_PG_BINDIR") else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    return next((c for c in candidates if (c / "initdb").exists() and (c / "pg_ctl").exists()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        pytest.skip(f"running as root and there is no '{SERVER_USER}' user to run the PostgreSQL server as")
    return ["runuser", "-u", SERVER_USER, "--"]


def _check(result: subprocess.CompletedProcess, what: str, log: Path | None = None) -> None:
    if result.returncode != 0:
        detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{what} failed ({result.returncode}): {result.stderr.strip()}\n{detail}")


@pytest.fixture(scope="session")
def postgres_server():
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    run_as = _run_as()
    # Not under pytest's tmp folder: that is private to root, and the server user must reach its files.
    root = Path(tempfile.mkdtemp(prefix="ntm-pg-"))
    if run_as:
        shutil.chown(root, SERVER_USER)
    server = PostgresServer(bindir, root, free_port(), run_as)
    log = root / "server.log"
    try:
        _check(server.run("initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust",
                          "--encoding=UTF8", "--locale=C", "--no-sync"), "initdb")
        options = (f"-c listen_addresses=127.0.0.1 -p {server.port} -k {root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        _check(server.run("pg_ctl", "-D", str(server.data), "-o", options, "-l", str(log),
                          "-w", "-t", str(START_TIMEOUT_S), "start"), "pg_ctl start", log)
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            server.run("pg_ctl", "-D", str(server.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A SQLAlchemy URL of a new, empty database on the test server, dropped after the test."""
    import psycopg

    name = f"ntm_test_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.url().replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\'')
    try:
        yield postgres_server.url(name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
