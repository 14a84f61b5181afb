"""The audit trail, and what every change to a document must do after it: refuse itself on a
signed-off document and store the document's derived status.

The log is append-only: ``record`` is the only function that writes audit events, and it only
inserts. No service updates or deletes an ``AuditEvent`` (the store's mapper refuses to flush
such a change), and neither the web UI nor the API offers a way to.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.core.workflow import AuditKind, SegmentRole, document_status
from review_app.store import AuditEvent, Document, Publication, Segment, SignOff, User
from review_app.store.locks import lock_document
from review_app.store.models import utcnow

from .errors import Locked

AUDIT_KINDS = tuple(AuditKind)


def record(
    session: Session,
    actor: User | None,
    document_id: int | None,
    kind: AuditKind | str,
    summary: str,
    *,
    segment_id: int | None = None,
    **details,
) -> AuditEvent:
    """Append one event to the document's log (``document_id`` None: an event of no
    document, such as a glossary change), inside the caller's transaction. ``kind`` must be
    one of ``core.workflow.AuditKind`` (ValueError otherwise: a misspelt kind is a bug)."""
    event = AuditEvent(
        document_id=document_id,
        user_id=actor.id if actor is not None else None,
        created_at=utcnow(),
        kind=AuditKind(kind).value,
        segment_id=segment_id,
        summary=summary,
        details=details,
    )
    session.add(event)
    return event


def events(session: Session, document_id: int) -> list[AuditEvent]:
    """The document's log, oldest first."""
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.document_id == document_id).order_by(AuditEvent.id)
        )
    )


def current_sign_off(session: Session, document_id: int) -> SignOff | None:
    """The latest sign-off if it has not been revoked."""
    latest = session.scalars(
        select(SignOff).where(SignOff.document_id == document_id).order_by(SignOff.id.desc())
    ).first()
    return latest if latest is not None and latest.revoked_at is None else None


def document_changed(
    session: Session, actor: User, document_id: int, why: str, *, status_changed: bool = True
) -> None:
    """After any change of content or status: refuse it on a signed-off document, re-derive
    the status.

    A signed-off (or published) document is read-only for everyone, editors included, until
    an editor reopens it with a reason (``review.reopen``, which revokes the sign-off and
    records why): a sign-off never drops silently as a side effect of an edit. Raising here
    rolls the caller's unit of work back, so nothing of the refused change is kept. A text
    edit that kept the segment's status leaves the document's as it is, so typing in a long
    document does not recount its statuses on every save.
    """
    # The caller should hold the lock already (taken first, it orders row locks); taking it
    # here too means no change can ever read "no sign-off" while one is being recorded.
    lock_document(session, document_id)
    sign_off = current_sign_off(session, document_id)
    if sign_off is not None:
        raise Locked(read_only_message(sign_off, why))
    if status_changed:
        refresh_status(session, document_id)


def read_only_message(sign_off: SignOff, why: str = "") -> str:
    """What a person whose change is refused on a signed-off document reads."""
    when = sign_off.created_at.strftime("%d %b %Y %H:%M UTC")
    attempted = f" ({why})" if why else ""
    return (
        f"This document was signed off by {sign_off.user.username} on {when} and is read-only, "
        f"so the change was not saved{attempted}. An editor can reopen it for changes, with a "
        "reason, from the sign-off panel; the sign-off is then revoked."
    )


def revoke_sign_off(session: Session, actor: User, sign_off: SignOff, why: str) -> None:
    """Revoke ``sign_off`` with ``why``, audited, inside the caller's unit of work."""
    sign_off.revoked_at = utcnow()
    sign_off.revoked_by_id = actor.id
    sign_off.revoked_reason = why
    record(
        session,
        actor,
        sign_off.document_id,
        "revocation",
        f"sign-off revoked: {why}",
        sign_off=sign_off.id,
        sha256=sign_off.sha256,
    )


def refresh_status(session: Session, document_id: int) -> str:
    """Store the status ``core.workflow.document_status`` derives from the segments."""
    session.flush()
    statuses = [
        status
        for status, _ in session.execute(
            select(Segment.status, func.count())
            .where(
                Segment.document_id == document_id,
                Segment.active,
                # Excluded segments need no translation: they never hold a document back.
                Segment.role != SegmentRole.EXCLUDED.value,
            )
            .group_by(Segment.status)
        )
    ]
    sign_off = current_sign_off(session, document_id)
    published = (
        sign_off is not None
        and (
            session.scalar(
                select(func.count())
                .select_from(Publication)
                .where(Publication.sign_off_id == sign_off.id)
            )
            or 0
        )
        > 0
    )
    status = document_status(statuses, sign_off is not None, published)
    document = session.get(Document, document_id)
    # Every caller holds the document's lock or has just created it, and no use case deletes one.
    assert document is not None, f"document {document_id} vanished under its lock"
    document.status = status.value
    return document.status
