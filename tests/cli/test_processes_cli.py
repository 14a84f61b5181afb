"""``review-app serve --workers N``: refused on SQLite; on PostgreSQL, N gunicorn processes
that share everything a request needs, so a login made in one process holds in another."""

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
from click.testing import CliRunner

from review_app.cli import main

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_several_processes_on_sqlite_are_refused(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--workers", "2", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "needs PostgreSQL" in result.output and "SQLite is for one server process" in (
        " ".join(result.output.split())
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(data_dir: Path, port: int, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "review_app.cli", "serve", "--port", str(port)]
    # Its log (access lines, tracebacks) goes to a file the failure shows.
    with _log(data_dir, port).open("wb") as log:
        return subprocess.Popen(
            [*command, "--data-dir", str(data_dir), "--external-worker", *extra],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _log(data_dir: Path, port: int) -> Path:
    return data_dir / f"serve-{port}.log"


def _wait_until_up(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not come up")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def _eventually(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Browser:
    """Cookies kept across requests, to any of the servers (they share one host name)."""

    def __init__(self):
        jar = http.cookiejar.CookieJar()
        handler = urllib.request.HTTPCookieProcessor(jar)
        self.opener = urllib.request.build_opener(handler, _NoRedirect)

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, fields: dict) -> int:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def test_a_login_on_one_process_holds_on_the_others(data_dir, monkeypatch):
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("several server processes need PostgreSQL (DATABASE_URL)")
    monkeypatch.setenv("REVIEW_APP_SECURE_COOKIES", "0")
    many, one = _free_port(), _free_port()
    gunicorn = _serve(data_dir, many, "--workers", "2")
    waitress = _serve(data_dir, one)
    try:
        _wait_until_up(gunicorn, many)
        _wait_until_up(waitress, one)
        # The command is gunicorn's master; its children are the two server processes (the
        # second may still be starting when the first answers).
        assert _eventually(lambda: len(_children(gunicorn.pid)) == 2)

        browser = Browser()
        status, page = browser.get(f"http://127.0.0.1:{many}/auth/login")
        token = _CSRF.search(page).group(1)
        login = {"username": "editor", "password": PASSWORD, "csrf_token": token}
        assert browser.post(f"http://127.0.0.1:{many}/auth/login", login) in (302, 303)
        # Both gunicorn processes and the other server know the session.
        for _ in range(10):
            assert browser.get(f"http://127.0.0.1:{many}/")[0] == 200
        status, page = browser.get(f"http://127.0.0.1:{one}/")
        assert status == 200 and "editor" in page, _log(data_dir, one).read_text()[-3000:]
        # A form from one process is accepted by another: the same key signs its token.
        token = _CSRF.search(page).group(1)
        assert browser.post(f"http://127.0.0.1:{many}/auth/logout", {"csrf_token": token}) in (
            302,
            303,
        )
        # Logging out ended the session for every process.
        assert browser.get(f"http://127.0.0.1:{one}/")[0] in (302, 303)
    finally:
        _stop(gunicorn)
        _stop(waitress)
