"""Setting a QA issue aside: "this check is wrong for this segment", with a reason.

An ignored issue is kept and shown (marked), but no longer blocks sign-off; the sign-off
record and the review report list every ignored issue with who set it aside and why. Anyone
may ignore a warning; an error blocks sign-off, so only editors and admins ignore one
(``core.workflow.may_ignore_issue``), and only they take an ignore back. Like any change,
neither is possible on a signed-off document until an editor reopens it.
"""

from sqlalchemy.orm import Session

from review_app.core.messages import N_
from review_app.core.workflow import AuditKind, may_ignore_issue
from review_app.store import QaIssue, Segment, User
from review_app.store.locks import lock_document
from review_app.store.models import utcnow

from . import audit
from .access import require
from .errors import Forbidden, InvalidInput, NotFound, at_most
from .uow import unit_of_work

MAX_IGNORE_REASON = 2_000


def ignore_issue(session: Session, actor: User, issue_id: int, reason: str) -> QaIssue:
    require(actor, "comment")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(
            N_("Say why this issue does not apply here, so a reviewer can judge it.")
        )
    if len(reason) > MAX_IGNORE_REASON:
        raise InvalidInput(
            at_most(N_("A reason has at most %(limit)s characters."), MAX_IGNORE_REASON)
        )
    with unit_of_work(session):
        issue, segment = _locked(session, issue_id)
        if not may_ignore_issue(actor.role, issue.severity):
            raise Forbidden(
                N_(
                    "An error blocks sign-off: only an editor may ignore it. Comment on the "
                    "segment to ask one."
                )
            )
        if issue.ignored_at is None:
            issue.ignored_at, issue.ignored_by_id, issue.ignored_reason = utcnow(), actor.id, reason
            _record(session, actor, issue, segment, "ignored", reason=reason)
    return issue


def unignore_issue(session: Session, actor: User, issue_id: int) -> QaIssue:
    require(actor, "review")
    with unit_of_work(session):
        issue, segment = _locked(session, issue_id)
        if issue.ignored_at is not None:
            issue.ignored_at = issue.ignored_by_id = issue.ignored_reason = None
            _record(session, actor, issue, segment, "no longer ignored")
    return issue


def _locked(session: Session, issue_id: int) -> tuple[QaIssue, Segment]:
    issue = session.get(QaIssue, issue_id)
    if issue is None:
        raise NotFound(N_("That QA issue no longer exists: the segment changed since. Reload."))
    lock_document(session, issue.document_id)
    session.refresh(issue)
    segment = session.get(Segment, issue.segment_id)
    assert segment is not None  # a foreign key, and segments are never deleted
    return issue, segment


def _record(session, actor, issue: QaIssue, segment: Segment, what: str, **details) -> None:
    why = f"{issue.check_id} on segment {segment.label} {what}"
    # Refused on a signed-off document (read-only until reopened); re-derives nothing else.
    audit.document_changed(session, actor, issue.document_id, why, status_changed=False)
    audit.record(
        session,
        actor,
        issue.document_id,
        AuditKind.QA,
        f"QA issue {why}" + (f": {details['reason']}" if "reason" in details else ""),
        segment_id=segment.id,
        issue=issue.id,
        check=issue.check_id,
        severity=issue.severity,
        **details,
    )
