"""Writers of one process queue for SQLite's write lock on a Python lock (store.db).

Each test sets SQLite's own busy timeout to zero, so a writer that reached SQLite while another
held the lock would fail at once with "database is locked": passing means it waited its turn
in the queue instead, however the other transaction ended.
"""

import threading
import time

import pytest
from sqlalchemy import event, text

from review_app.store import make_engine, sqlite_url


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(sqlite_url(tmp_path))

    @event.listens_for(engine, "connect")
    def no_busy_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    yield engine
    engine.dispose()


def _write_meanwhile(engine, body: str) -> tuple[threading.Thread, list]:
    outcome: list = []

    def write() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO notes VALUES (:body)"), {"body": body})
            outcome.append("written")
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            outcome.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    # Time enough for a writer that SQLite refused to have failed already.
    time.sleep(0.3)
    return thread, outcome


def _bodies(engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT body FROM notes ORDER BY rowid")))


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_a_second_writer_waits_for_the_first_transaction_to_end(engine, ending):
    with engine.connect() as first:
        first.execute(text("INSERT INTO notes VALUES ('first')"))
        thread, outcome = _write_meanwhile(engine, "second")
        assert outcome == []  # still waiting
        getattr(first, ending)()
    thread.join(10)
    assert outcome == ["written"]
    assert _bodies(engine) == (["first", "second"] if ending == "commit" else ["second"])


def test_an_invalidated_connection_gives_its_turn_back(engine):
    with engine.connect() as first:
        first.execute(text("INSERT INTO notes VALUES ('lost')"))
        first.invalidate()
    thread, outcome = _write_meanwhile(engine, "next")
    thread.join(10)
    assert outcome == ["written"]
    assert _bodies(engine) == ["next"]
