"""The unit of work: one transaction per use case, committed whole or not at all."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit what the block did, or roll all of it back if it raised."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for code outside a web request (the CLI, benchmarks), closed afterwards."""
    session = factory()
    try:
        yield session
    finally:
        session.close()
