"""Backups of the working store, and restoring one: SQLite's online backup API (a consistent
copy while the server runs), ``pg_dump``/``pg_restore`` for PostgreSQL.

A backup holds every text under review, so its file is created readable by its owner only.
"""

import os
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def backup(url: str, path: Path) -> None:
    """Write a copy of the database at ``url`` to ``path`` (replaced whole, or left as it
    was if the copy fails)."""
    parsed = make_url(url)
    path = Path(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)  # mkstemp's file is the owner's only (0600); the copy goes into it
    try:
        if parsed.get_backend_name() == "sqlite":
            with closing(_sqlite(parsed)) as source, closing(sqlite3.connect(temporary)) as copy:
                source.backup(copy)
        else:
            _pg("pg_dump", parsed, "--format=custom", "--no-owner", f"--file={temporary}")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def restore(url: str, path: Path) -> None:
    """Replace the database at ``url`` with the backup in ``path``, all or nothing."""
    parsed = make_url(url)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_backup(path)
        # Into the live file, page by page in one go: other connections wait (busy timeout).
        with closing(sqlite3.connect(path)) as source, closing(_sqlite(parsed)) as target:
            source.backup(target)
        return
    try:
        _pg("pg_restore", parsed, "--list", str(path))
    except BackupError:
        raise BackupError(
            f"{path} is not a backup made by `review-app backup` on PostgreSQL (pg_dump's "
            "custom format): nothing was restored."
        ) from None
    _pg(
        "pg_restore",
        parsed,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        f"--dbname={parsed.database}",
        str(path),
    )


def _sqlite(url: URL) -> sqlite3.Connection:
    database = url.database
    if not database or not Path(database).is_file():
        raise BackupError(f"There is no database at {database}.")
    return sqlite3.connect(database, timeout=30)


def _check_sqlite_backup(path: Path) -> None:
    """A file restored over the database must be one of ours, and whole."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            (state,) = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite backup of review-app ({error}).") from None
    if state != "ok" or not {"alembic_version", "documents"} <= tables:
        raise BackupError(f"{path} is not a whole backup of review-app: nothing was restored.")


def _pg(program: str, url: URL, *args: str) -> None:
    """Run a PostgreSQL client with the URL's server and credentials in its environment
    (not on its command line, where ``ps`` would show a password)."""
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[variable] = str(value)
    try:
        completed = subprocess.run([program, *args], env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{program} is not installed: install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client)."
        ) from None
    if completed.returncode != 0:
        raise BackupError(f"{program} failed: {completed.stderr.strip()}")
