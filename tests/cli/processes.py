"""Real server and worker processes for the tests that start them: their commands, waiting
for them, stopping or killing them, a cookie-keeping client for their pages, and the checks
of a database after a process was killed."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from review_app.store import Base

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(data_dir: Path, port: int, *extra: str, env: dict | None = None) -> subprocess.Popen:
    """``review-app serve`` (this checkout's code) in a session of its own, so that it and
    its children can be signalled together; its log goes to ``log(data_dir, port)``."""
    command = [sys.executable, "-m", "review_app.cli", "serve", "--port", str(port)]
    with log(data_dir, port).open("wb") as out:
        return subprocess.Popen(
            [*command, "--data-dir", str(data_dir), "--external-worker", *extra],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def worker(data_dir: Path, env: dict | None = None) -> subprocess.Popen:
    """``review-app worker`` (this checkout's code) in a session of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "review_app.cli", "worker", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def log(data_dir: Path, port: int) -> Path:
    return data_dir / f"serve-{port}.log"


def wait_until_up(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not come up")


def wait_for_file(path: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until the process creates ``path`` (a pause point's signal); fail, not hang, if it
    exits first or never does."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, f"the process exited ({process.returncode}) first"
        if time.monotonic() > deadline:
            pytest.fail(f"the process never reached its pause point ({path.name})")
        time.sleep(0.02)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def kill(process: subprocess.Popen) -> None:
    """``kill -9`` of the process and its children: no handler, no cleanup runs."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


class Browser:
    """Cookies kept across requests, to any of the servers (they share one host name)."""

    def __init__(self):
        self.jar = jar = http.cookiejar.CookieJar()
        handler = urllib.request.HTTPCookieProcessor(jar)
        self.opener = urllib.request.build_opener(handler, _NoRedirect)

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, fields: dict, timeout: float = 30) -> int:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(url, data=data, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, base: str, username: str, password: str) -> str:
        """Log in; the CSRF token of the session, for the forms that follow."""
        _, page = self.get(f"{base}/auth/login")
        fields = {"username": username, "password": password}
        status = self.post(f"{base}/auth/login", {**fields, "csrf_token": _token(page)})
        assert status in (302, 303), status
        return _token(self.get(f"{base}/")[1])


def _token(page: str) -> str:
    found = CSRF.search(page)
    assert found, page[:500]
    return found.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def assert_intact(session) -> None:
    """The database a killed process wrote to is whole: SQLite's check of every page and
    index; on PostgreSQL, amcheck's check of every table's pages and of every index against
    its table (reading every table where the server lacks amcheck)."""
    session.expire_all()
    if session.get_bind().dialect.name == "sqlite":
        assert session.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
        return
    if session.scalar(text("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")):
        session.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        for table in Base.metadata.sorted_tables:
            corrupt = session.execute(
                text("SELECT * FROM verify_heapam(CAST(:table AS regclass))"),
                {"table": table.name},
            ).all()
            assert corrupt == [], (table.name, corrupt)
        indexes = session.scalars(
            text(
                "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE a.amname = 'btree' AND n.nspname = current_schema()"
            )
        ).all()
        for index in indexes:
            session.execute(text("SELECT bt_index_check(:index, true)"), {"index": index})
        session.commit()
        return
    for table in Base.metadata.sorted_tables:
        session.execute(select(func.count()).select_from(table)).scalar_one()
    session.commit()


def row_counts(session, *models) -> dict[str, int]:
    """How many rows each model's table holds: before and after an operation that was
    killed, they tell "none of it" from "some of it"."""
    session.expire_all()
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model)) for model in models
    }
