"""The document lock: one writer at a time for a document's segments and its sign-off.

A sign-off reads every segment's status and then writes; a rejection writes a status and then
revokes the sign-off it finds. Without a common lock the two interleave (the sign-off reads
"approved", the rejection commits and finds no sign-off to revoke, the sign-off commits) and a
rejected segment ends up signed off. Every use case that changes a document's segments, its
sign-off or its publication takes this lock first, before any other read or write, and holds it
until its transaction ends; taking it first everywhere also fixes the order in which rows are
locked, so two of them cannot deadlock.
"""

from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from .models import Document

# SQLAlchemy types a declarative class's ``__table__`` as any FromClause; Document's is a Table.
_DOCUMENTS = cast(Table, Document.__table__)


def lock_document(session: Session, document_id: int) -> None:
    """Hold the document's lock until the session's transaction commits or rolls back.

    PostgreSQL: a row lock on the document (``SELECT … FOR UPDATE``); each later statement
    of the transaction sees what others committed before it got the lock.
    SQLite: the database's write lock, taken now by a write that changes nothing, so the
    transaction's reads see every committed change and nobody else commits until it ends
    (Python's sqlite3 would otherwise begin the transaction only at the first real write,
    leaving the reads before it unprotected).
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(_DOCUMENTS).where(_DOCUMENTS.c.id == document_id).values(id=_DOCUMENTS.c.id)
        )
    else:
        session.execute(select(Document.id).where(Document.id == document_id).with_for_update())
