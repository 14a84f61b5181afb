"""Review: approve, reject, approve in bulk, sign off. The rules come from
``core.workflow`` (what may move where) and ``access`` (which roles); this module records.
"""

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review_app.core.alignment import LOW_CONFIDENCE
from review_app.core.messages import N_
from review_app.core.workflow import (
    MQM_CATEGORIES,
    MqmSeverity,
    Rejection,
    RevisionKind,
    SegmentStatus,
    SignOffChecklist,
    WorkflowError,
    change_status,
    content_hash,
    status_after_edit,
    validate_rejection,
)
from review_app.store import QaIssue, Segment, SignOff, User
from review_app.store import Rejection as RejectionRow
from review_app.store.locks import lock_document
from review_app.store.models import utcnow

from . import audit
from .access import require
from .documents import get_document
from .errors import Conflict, Forbidden, InvalidInput, ServiceError, at_most
from .pauses import BULK_APPROVED, pause_point
from .qa import refresh_issues
from .segments import (
    SegmentFilter,
    checked_target,
    filtered,
    for_publication,
    get_segment,
    matching,
    record_change,
)
from .uow import unit_of_work

MAX_REJECTION_COMMENT = 5_000


class SignOffRefused(ServiceError):
    """Sign-off or publication is not possible now; ``reasons`` says what is missing."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__(message + " " + " ".join(reasons))
        self.summary = message
        self.reasons = reasons


def _workflow(error: WorkflowError) -> ServiceError:
    """A rule's refusal as the domain error views map to an HTTP status."""
    (message,) = error.args  # a Message stays one, for the interface to translate
    return Forbidden(message) if error.forbidden else InvalidInput(message)


def approve_segment(
    session: Session, actor: User, segment_id: int, *, version: int, target: str | None = None
) -> Segment:
    """An editor accepts the segment's text: the current one, or ``target`` (an editor's own
    correction, saved and approved in one transaction)."""
    require(actor, "review")
    return _set_status(session, actor, segment_id, version, SegmentStatus.APPROVED, edit=target)


def reject_segment(
    session: Session,
    actor: User,
    segment_id: int,
    *,
    version: int,
    comment: str,
    category: str,
    severity: str,
) -> Segment:
    """An editor sends the segment back with a comment and an MQM error."""
    require(actor, "review")
    rejection = checked_rejection(comment, category, severity)
    return _set_status(session, actor, segment_id, version, SegmentStatus.REJECTED, rejection)


def checked_rejection(comment: str, category: str, severity: str) -> Rejection:
    """A rejection as recorded, or ``InvalidInput`` before anything is written."""
    comment = comment.strip().replace("\r\n", "\n")
    if len(comment) > MAX_REJECTION_COMMENT:
        raise InvalidInput(
            at_most(N_("A comment has at most %(limit)s characters."), MAX_REJECTION_COMMENT)
        )
    if severity not in {s.value for s in MqmSeverity}:
        raise InvalidInput(
            f"Unknown severity {severity!r}; choose one of "
            + ", ".join(s.value for s in MqmSeverity)
            + "."
        )
    rejection = Rejection(comment, category, MqmSeverity(severity))
    try:
        validate_rejection(rejection)
    except WorkflowError as error:
        raise _workflow(error) from None
    return rejection


def _set_status(
    session: Session,
    actor: User,
    segment_id: int,
    version: int,
    wanted: SegmentStatus,
    rejection: Rejection | None = None,
    *,
    edit: str | None = None,
) -> Segment:
    edit = None if edit is None else checked_target(edit)
    try:
        with unit_of_work(session):
            return apply_status(session, actor, segment_id, version, wanted, rejection, edit=edit)
    except StaleDataError:
        raise Conflict(get_segment(session, segment_id), edit or "") from None


def apply_status(
    session: Session,
    actor: User,
    segment_id: int,
    version: int,
    wanted: SegmentStatus,
    rejection: Rejection | None = None,
    *,
    edit: str | None = None,
) -> Segment:
    """Move the segment to ``wanted`` (with an editor's checked ``edit`` of its text first)
    inside the caller's unit of work."""
    segment = get_segment(session, segment_id)
    lock_document(session, segment.document_id)
    text = segment.target if edit is None else edit
    edited = text != segment.target
    current = status_after_edit(segment.status) if edited else SegmentStatus(segment.status)
    try:
        new = change_status(current, wanted, actor.role, target=text, rejection=rejection)
    except WorkflowError as error:
        raise _workflow(error) from None
    if version != segment.version:
        raise Conflict(segment, text)
    if edited:
        record_change(
            session, actor, segment, kind=RevisionKind.EDIT, target=text, status=current.value
        )
    _apply_status(session, actor, segment, new, rejection)
    return segment


def _apply_status(
    session: Session,
    actor: User,
    segment: Segment,
    new: SegmentStatus,
    rejection: Rejection | None,
    *,
    revoke: bool = True,
) -> None:
    if new.value == segment.status and rejection is None:
        return  # approving approved text again changes nothing
    reason = None
    if rejection is not None:
        session.add(
            RejectionRow(
                segment_id=segment.id,
                document_id=segment.document_id,
                user_id=actor.id,
                comment=rejection.comment,
                category=rejection.category,
                severity=rejection.severity.value,
            )
        )
        reason = f"{rejection.category}, {rejection.severity.value}: {rejection.comment}"
    kind = RevisionKind.APPROVE if new is SegmentStatus.APPROVED else RevisionKind.REJECT
    record_change(
        session,
        actor,
        segment,
        kind=kind,
        target=segment.target,
        status=new.value,
        reason=reason,
        revoke=revoke,
    )


def latest_rejection(session: Session, segment_id: int) -> RejectionRow | None:
    """Why the segment was last sent back, for the translator's row."""
    return session.scalars(
        select(RejectionRow)
        .where(RejectionRow.segment_id == segment_id)
        .order_by(RejectionRow.id.desc())
    ).first()


def rejections_for(session: Session, segment_ids) -> dict[int, RejectionRow]:
    """The latest rejection of each of the given segments (one query for a page of rows)."""
    ids = list(segment_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(RejectionRow).where(RejectionRow.segment_id.in_(ids)).order_by(RejectionRow.id)
    )
    return {row.segment_id: row for row in rows}


def bulk_approve(
    session: Session, actor: User, document_id: int, segment_filter: SegmentFilter
) -> list[Segment]:
    """Approve every translated segment of the filter that has no error-level QA issue.

    One revision and one audit event per segment, all in one transaction.
    """
    require(actor, "review")
    get_document(session, document_id)
    query = select(Segment).where(Segment.document_id == document_id, Segment.active)
    query = filtered(query, segment_filter).where(
        Segment.status == SegmentStatus.TRANSLATED.value,
        ~exists().where(
            QaIssue.segment_id == Segment.id,
            QaIssue.severity == "error",
            QaIssue.ignored_at.is_(None),
        ),
    )
    approved = []
    try:
        with unit_of_work(session):
            lock_document(session, document_id)
            for segment in matching(session, query, segment_filter):
                if not segment.target.strip():
                    continue  # nothing to approve; the empty-target check reports it
                new = change_status(
                    segment.status, SegmentStatus.APPROVED, actor.role, target=segment.target
                )
                _apply_status(session, actor, segment, new, None, revoke=False)
                approved.append(segment)
            if approved:
                audit.document_changed(
                    session,
                    actor,
                    document_id,
                    f"{len(approved)} segments approved at once by {actor.username}",
                )
            pause_point(session, BULK_APPROVED)
    except WorkflowError as error:
        raise _workflow(error) from None
    except StaleDataError:
        raise InvalidInput(
            N_("Someone changed some of these segments just now; reload and try again.")
        ) from None
    return approved


@dataclass(frozen=True)
class SignOffState:
    """What the sign-off panel shows."""

    checklist: SignOffChecklist
    sign_off: SignOff | None  # the current, valid sign-off
    latest: SignOff | None  # the latest one, perhaps revoked


def checklist(session: Session, document_id: int) -> SignOffChecklist:
    """What stands between the document and its sign-off. Excluded segments are not for
    publication, so they need no approval and their issues (there are none: they are not
    checked) block nothing."""
    counts = dict(
        session.execute(
            select(Segment.status, func.count())
            .where(Segment.document_id == document_id, Segment.active, for_publication())
            .group_by(Segment.status)
        ).all()
    )
    blocking = session.scalar(
        select(func.count())
        .select_from(QaIssue)
        .join(Segment, Segment.id == QaIssue.segment_id)
        .where(
            QaIssue.document_id == document_id,
            QaIssue.severity == "error",
            QaIssue.ignored_at.is_(None),
            Segment.active,
            for_publication(),
        )
    )
    low = session.scalar(
        select(func.count())
        .select_from(Segment)
        .where(
            Segment.document_id == document_id,
            Segment.active,
            for_publication(),
            Segment.confidence < LOW_CONFIDENCE,
        )
    )
    return SignOffChecklist(
        segments=sum(counts.values()),
        approved=counts.get(SegmentStatus.APPROVED.value, 0),
        blocking_issues=blocking or 0,
        low_confidence=low or 0,
    )


def ignored_issues(session: Session, document_id: int) -> list[dict]:
    """The issues set aside in the document, for the sign-off record and the report."""
    rows = session.execute(
        select(QaIssue, Segment.label, User.username)
        .join(Segment, Segment.id == QaIssue.segment_id)
        .join(User, User.id == QaIssue.ignored_by_id)
        .where(QaIssue.document_id == document_id, QaIssue.ignored_at.is_not(None), Segment.active)
        .order_by(Segment.position, QaIssue.id)
    )
    return [
        {
            "segment": label,
            "check": issue.check_id,
            "severity": issue.severity,
            "message": issue.message,
            "reason": issue.ignored_reason,
            "ignored_by": username,
        }
        for issue, label, username in rows
    ]


def current_hash(session: Session, document_id: int) -> str:
    """``core.workflow.content_hash`` of the document as it is now."""
    rows = session.execute(
        select(
            Segment.id,
            Segment.source,
            Segment.target,
            Segment.status,
            Segment.role,
            Segment.heading_level,
        )
        .where(Segment.document_id == document_id, Segment.active)
        .order_by(Segment.position)
    )
    return content_hash([(str(row.id), *row[1:]) for row in rows])


def valid_sign_off(session: Session, document_id: int) -> SignOff | None:
    """The latest sign-off if it is not revoked and the content still hashes to it."""
    sign_off = audit.current_sign_off(session, document_id)
    if sign_off is None or sign_off.sha256 != current_hash(session, document_id):
        return None
    return sign_off


def sign_off_state(session: Session, document_id: int) -> SignOffState:
    get_document(session, document_id)
    latest = session.scalars(
        select(SignOff).where(SignOff.document_id == document_id).order_by(SignOff.id.desc())
    ).first()
    return SignOffState(
        checklist(session, document_id), valid_sign_off(session, document_id), latest
    )


def sign_off(session: Session, actor: User, document_id: int) -> SignOff:
    """An editor signs the document off: who, when and the SHA-256 of the approved content.

    Refused (``SignOffRefused``, with the checklist's reasons) unless every segment is
    approved and no error-level QA issue is open. Signing off a document whose sign-off is
    still valid returns that sign-off.
    """
    require(actor, "sign_off")
    with unit_of_work(session):
        get_document(session, document_id)
        # Before reading any status: a rejection racing this sign-off then either commits
        # first (and the checklist sees it) or waits for it (and is refused: read-only).
        lock_document(session, document_id)
        # Every check over the whole document, so no deferred check hides a blocking issue.
        refresh_issues(session, document_id)
        existing = valid_sign_off(session, document_id)
        if existing is not None:
            return existing
        state = checklist(session, document_id)
        if not state.ready:
            raise SignOffRefused(N_("The document cannot be signed off yet."), state.reasons)
        record = SignOff(
            document_id=document_id,
            user_id=actor.id,
            created_at=utcnow(),
            sha256=current_hash(session, document_id),
        )
        session.add(record)
        session.flush()
        audit.record(
            session,
            actor,
            document_id,
            "sign-off",
            f"Signed off by {actor.username}",
            sign_off=record.id,
            sha256=record.sha256,
            segments=state.segments,
            low_confidence=state.low_confidence,
            ignored_issues=ignored_issues(session, document_id),
        )
        audit.refresh_status(session, document_id)
    return record


MAX_REOPEN_REASON = 2_000


def reopen(session: Session, actor: User, document_id: int, reason: str) -> SignOff:
    """An editor reopens a signed-off (or published) document for changes: the sign-off is
    revoked with ``reason`` and the reopening audited. Published versions stay as they are.

    ``InvalidInput`` without a reason or when the document is not signed off.
    """
    require(actor, "sign_off")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(
            N_(
                "Say why the document is reopened (for example which segment needs another look); "
                "the reason is kept in the audit log."
            )
        )
    if len(reason) > MAX_REOPEN_REASON:
        raise InvalidInput(
            at_most(N_("A reason has at most %(limit)s characters."), MAX_REOPEN_REASON)
        )
    with unit_of_work(session):
        get_document(session, document_id)
        lock_document(session, document_id)
        current = audit.current_sign_off(session, document_id)
        if current is None:
            raise InvalidInput(N_("The document is not signed off, so there is nothing to reopen."))
        why = f"reopened by {actor.username}: {reason}"
        audit.revoke_sign_off(session, actor, current, why)
        audit.record(
            session,
            actor,
            document_id,
            "reopen",
            f"Reopened for changes by {actor.username}: {reason}",
            sign_off=current.id,
            reason=reason,
        )
        audit.refresh_status(session, document_id)
    return current


__all__ = [
    "MQM_CATEGORIES",
    "MqmSeverity",
    "SignOffRefused",
    "SignOffState",
    "approve_segment",
    "bulk_approve",
    "checklist",
    "latest_rejection",
    "reject_segment",
    "rejections_for",
    "reopen",
    "sign_off",
    "sign_off_state",
    "valid_sign_off",
]
