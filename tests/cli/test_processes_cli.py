"""``review-app serve --workers N``: refused on SQLite; on PostgreSQL, N gunicorn processes
that share everything a request needs, so a login made in one process holds in another."""

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from tests.cli.processes import CSRF, Browser, free_port, log, serve, stop, wait_until_up

PASSWORD = "correct horse battery"


def test_several_processes_on_sqlite_are_refused(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--workers", "2", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "needs PostgreSQL" in result.output and "SQLite is for one server process" in (
        " ".join(result.output.split())
    )


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


def test_a_login_on_one_process_holds_on_the_others(data_dir, monkeypatch):
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("several server processes need PostgreSQL (DATABASE_URL)")
    monkeypatch.setenv("REVIEW_APP_SECURE_COOKIES", "0")
    many, one = free_port(), free_port()
    gunicorn = serve(data_dir, many, "--workers", "2")
    waitress = serve(data_dir, one)
    try:
        wait_until_up(gunicorn, many)
        wait_until_up(waitress, one)
        # The command is gunicorn's master; its children are the two server processes (the
        # second may still be starting when the first answers).
        assert _eventually(lambda: len(_children(gunicorn.pid)) == 2)

        browser = Browser()
        status, page = browser.get(f"http://127.0.0.1:{many}/auth/login")
        token = CSRF.search(page).group(1)
        login = {"username": "editor", "password": PASSWORD, "csrf_token": token}
        assert browser.post(f"http://127.0.0.1:{many}/auth/login", login) in (302, 303)
        # Both gunicorn processes and the other server know the session.
        for _ in range(10):
            assert browser.get(f"http://127.0.0.1:{many}/")[0] == 200
        status, page = browser.get(f"http://127.0.0.1:{one}/")
        assert status == 200 and "editor" in page, log(data_dir, one).read_text()[-3000:]
        # A form from one process is accepted by another: the same key signs its token.
        token = CSRF.search(page).group(1)
        assert browser.post(f"http://127.0.0.1:{many}/auth/logout", {"csrf_token": token}) in (
            302,
            303,
        )
        # Logging out ended the session for every process.
        assert browser.get(f"http://127.0.0.1:{one}/")[0] in (302, 303)
    finally:
        stop(gunicorn)
        stop(waitress)
