"""What changed in a document since a cursor, for the workspace's live rows.

The audit log is the change feed: every save, confirmation, approval, rejection, role change,
alignment fix and ignored QA issue appends an event naming its segment, and every glossary
change one naming its term. The database is the one source of truth, so this works across any
number of server processes. A cursor is the id of the last event a page has seen.

Why ids in order are safe: every use case that changes a document's segments takes
``store.locks.lock_document`` before it writes, so the events of one document are inserted, and
committed, in the order of their ids; a reader never sees id N+1 committed before N. Glossary
events take no document lock: at worst a term shows on the rows at the next reload.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.core.workflow import AuditKind
from review_app.store import AuditEvent, Segment


@dataclass(frozen=True)
class Changes:
    cursor: int
    # Segments someone else changed since the cursor.
    segment_ids: frozenset[int] = frozenset()
    # Chinese terms added, edited or deleted since (anyone's change: rows show terms).
    term_sources: tuple[str, ...] = field(default=())


def latest_cursor(session: Session) -> int:
    """The cursor a page rendered now starts from."""
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def changes_since(session: Session, document_id: int, cursor: int, viewer_id: int) -> Changes:
    """The document's segment changes by others and every glossary change after ``cursor``."""
    newer = AuditEvent.id > cursor
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.segment_id, AuditEvent.user_id, AuditEvent.kind).where(
            AuditEvent.document_id == document_id, newer
        )
    ).all()
    terms = session.execute(
        select(AuditEvent.id, AuditEvent.details).where(
            AuditEvent.document_id.is_(None), AuditEvent.kind == AuditKind.GLOSSARY.value, newer
        )
    ).all()
    last = max([cursor, *(r.id for r in rows), *(t.id for t in terms)])
    segment_ids = frozenset(
        r.segment_id
        for r in rows
        if r.segment_id is not None and r.user_id != viewer_id and r.kind != AuditKind.GLOSSARY
    )
    sources = tuple(sorted({str(t.details.get("source", "")) for t in terms} - {""}))
    return Changes(last, segment_ids, sources)


def rows_to_refresh(
    session: Session, document_id: int, shown: Iterable[int], changes: Changes
) -> tuple[list[Segment], list[int]]:
    """Of the rows a page shows, those to render again (changed by someone else, or holding a
    changed term) and those gone (merged away, or not of this document)."""
    shown = set(shown)
    changed = shown & changes.segment_ids
    candidates = shown if changes.term_sources else changed
    if not candidates:
        return [], []
    found = session.scalars(
        select(Segment).where(
            Segment.id.in_(candidates), Segment.document_id == document_id, Segment.active
        )
    ).all()
    refreshed = [
        s
        for s in found
        if s.id in changed or any(term in s.source for term in changes.term_sources)
    ]
    gone = sorted(changed - {s.id for s in found})
    return sorted(refreshed, key=lambda s: s.position), gone
