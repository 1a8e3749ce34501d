"""A real PostgreSQL server in a temporary folder, for the tests of `database_url` (never a mock).

It needs the server's programs (`initdb`, `pg_ctl`: Debian's postgresql package puts them in
/usr/lib/postgresql/<version>/bin); without them the tests that use it are skipped, named.
The server refuses to run as root, so as root it runs as the `postgres` user. It listens on a
Unix socket in its folder only, with fsync off: a test server, started once per test session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from .ports import free_port


def server_programs() -> Path | None:
    """The folder of `initdb` and `pg_ctl`: on the PATH, or the newest Debian install."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return installed[-1].parent if installed else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yields the URL of its `postgres` database for user `qabot`."""
    programs = server_programs()
    if programs is None:
        pytest.skip("no PostgreSQL server installed (initdb, pg_ctl): the database_url tests need one")
    as_root = os.geteuid() == 0
    runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if as_root and runuser is None:
        pytest.skip("running as root without runuser: the PostgreSQL server refuses to run as root")
    root = Path(tempfile.mkdtemp(prefix="qabot-pg-"))
    run_as = [str(runuser), "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(root, "postgres")
    data, port = root / "data", free_port()
    options = f"-k {root} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"

    def run(*command: str) -> None:
        subprocess.run([*run_as, *command], check=True, capture_output=True, text=True, timeout=120)

    try:
        run(str(programs / "initdb"), "-D", str(data), "-U", "qabot", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "start")
        yield f"postgresql://qabot@/postgres?host={quote(str(root), safe='')}&port={port}"
    finally:
        subprocess.run([*run_as, str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       check=False, capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def new_database(server_url: str, name: str) -> str:
    """A fresh database on the server (a test's own); its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.replace("/postgres?", f"/{name}?", 1)
