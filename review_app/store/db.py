"""Engines, sessions and schema migrations.

SQLite (the default, one file in the data folder) needs two settings to behave as a shared
store: foreign keys on, and a busy timeout so that two writers wait for each other instead of
failing; WAL lets readers carry on while one of them writes. Within one process, writers also
queue on a Python lock before SQLite sees them (``_WriterQueue``): SQLite's busy timeout polls,
sleeping up to 100 ms between tries, so a save that met a lock held for a few milliseconds
could wait ten times that; the lock wakes the next writer the moment the last one is done.

The database holds every text under review: its file is created readable by its owner only
(SQLite gives the -wal and -shm files the database file's mode), and SQL parameters are kept
out of error messages and logs.
"""

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000
# The FTS5 indexes of translation units (migration 0010) and of segments (0016), and the
# tables SQLite keeps for them: made by SQL of their own, not by the models, so schema
# comparisons leave them out.
SEARCH_INDEX_TABLES = ("tm_units_fts", "segments_fts")


def is_search_index(name: str | None, type_: str, _parent_names=None) -> bool:
    """Whether a reflected name belongs to a SQLite trigram index (``include_name`` hook)."""
    return type_ == "table" and bool(name) and str(name).startswith(SEARCH_INDEX_TABLES)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'review-app.sqlite3'}"


def database_url(data_dir: Path) -> str:
    """``DATABASE_URL`` if set, otherwise the SQLite file in the data folder."""
    return os.environ.get("DATABASE_URL") or sqlite_url(data_dir)


def make_private_folder(path: Path) -> Path:
    """Create the data folder for its owner only; an existing one keeps the mode it has."""
    path = Path(path).resolve()
    try:
        path.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        return path
    # mkdir's mode passes through the umask; state it outright.
    path.chmod(0o700)
    return path


@contextmanager
def store_session(data_dir: Path) -> Iterator[Session]:
    """A session on the data folder's database, migrated first, for one command-line run;
    its engine is closed afterwards."""
    data_dir = make_private_folder(data_dir)
    engine = make_engine(database_url(data_dir))
    try:
        upgrade(engine)
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _create_private_file(engine.url.database)
        event.listen(engine, "connect", _configure_sqlite)
        _WriterQueue().listen(engine)
    return engine


# The statements with which Python's sqlite3 begins a write transaction (it sends BEGIN before
# the first of them), so the ones that need SQLite's write lock.
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# The pool record's note that its connection holds the queue's lock.
_HOLDS_WRITER = "review_app_sqlite_writer"


class _WriterQueue:
    """One writing transaction at a time per SQLite engine in this process, queued on a lock.

    Taken at a connection's first write statement, given back when the connection returns to
    the pool (after its commit or rollback), or when it is invalidated. A writer that waits
    longer than the busy timeout goes on without it, and SQLite's own timeout decides, as it
    did before: the queue can make a writer wait sooner, never fail where it would not have.
    Writers in other processes (a command line beside the server) still meet SQLite's lock.
    The turn ends with the connection's checkout, not its commit (SQLAlchemy tells of a commit
    only before it is made): the app's sessions give their connection back at each commit.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def listen(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before_execute)
        event.listen(engine.pool, "checkin", self._release)
        event.listen(engine.pool, "invalidate", self._release)

    def _before_execute(self, connection, _cursor, statement, *_args) -> None:
        info = connection.connection.info
        if not info.get(_HOLDS_WRITER) and _WRITES.match(statement):
            info[_HOLDS_WRITER] = self._lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)

    def _release(self, _dbapi_connection, record, *_args) -> None:
        if record is not None and record.info.pop(_HOLDS_WRITER, False):
            self._lock.release()


def _create_private_file(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit so a view can render what a service returned.
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to date; safe to run on every start."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
