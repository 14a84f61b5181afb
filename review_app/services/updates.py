"""One request's change to one segment, as one use case: new text, new status, a comment.

Everything the request asks is checked before anything is written, then done in one
transaction: a refusal (an over-long comment, a rejection without a reason, a stale version)
leaves the segment exactly as it was, so the client can correct the request and send it again.
The REST API's PATCH and the workspace's save, confirm, approve and reject all come here.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review_app.core.workflow import SegmentStatus
from review_app.store import Segment, User

from .access import require
from .errors import Conflict, InvalidInput
from .review import apply_status, checked_rejection
from .segments import (
    apply_comment,
    apply_edit,
    apply_role,
    checked_comment,
    checked_role_input,
    checked_target,
    get_segment,
)
from .uow import unit_of_work

# The statuses a request may ask for; draft is where segments start, never a destination.
REQUESTABLE = (SegmentStatus.TRANSLATED, SegmentStatus.APPROVED, SegmentStatus.REJECTED)


@dataclass(frozen=True)
class SegmentUpdate:
    """What a request asks of a segment. ``version`` is the version the client last saw."""

    version: int
    target: str | None = None
    status: SegmentStatus | None = None
    # With a rejection, its reason; otherwise a comment added to the segment's thread.
    comment: str = ""
    category: str = ""
    severity: str = ""
    # A new role (core.workflow.SegmentRole) and, for a heading, its level.
    role: str | None = None
    heading_level: int | None = None


def update_segment(
    session: Session, actor: User, segment_id: int, update: SegmentUpdate
) -> Segment:
    status, target, comment = update.status, update.target, update.comment
    if status is not None and status not in REQUESTABLE:
        raise InvalidInput(f"`status` must be one of {', '.join(REQUESTABLE)}.")
    if status is None and target is None and not comment and update.role is None:
        raise InvalidInput("Nothing to change: send a new text, a status, a role or a comment.")
    role = None
    if update.role is not None:
        require(actor, "edit")
        role = checked_role_input(update.role, update.heading_level)
    rejection = None
    if status is SegmentStatus.REJECTED:
        require(actor, "review")
        if target is not None:
            raise InvalidInput("A rejection sends the text back unchanged; leave out the text.")
        rejection = checked_rejection(comment, update.category, update.severity)
        comment = ""
    elif status is SegmentStatus.APPROVED:
        require(actor, "review")
    else:
        require(actor, "edit")
    target = None if target is None else checked_target(target)
    if comment:
        require(actor, "comment")
        comment = checked_comment(comment)
    try:
        with unit_of_work(session):
            version = update.version
            if role is not None:
                # First, so the text and status below are checked against the new role.
                segment = apply_role(
                    session, actor, segment_id, role=role[0], level=role[1], version=version
                )
                session.flush()
                version = segment.version
            segment = _apply(session, actor, segment_id, version, status, target, rejection)
            if comment:
                apply_comment(session, actor, segment_id, comment)
    except StaleDataError:
        segment = get_segment(session, segment_id)
        if rejection is None and status is not SegmentStatus.APPROVED and segment.target == target:
            return segment  # the second of two requests for one edit, as in save_segment
        raise Conflict(segment, target or "") from None
    return segment


def _apply(session, actor, segment_id, version, status, target, rejection) -> Segment:
    if status in (SegmentStatus.APPROVED, SegmentStatus.REJECTED):
        return apply_status(session, actor, segment_id, version, status, rejection, edit=target)
    if status is SegmentStatus.TRANSLATED or target is not None:
        current = get_segment(session, segment_id)
        return apply_edit(
            session,
            actor,
            segment_id,
            target=current.target if target is None else target,
            version=version,
            confirm=status is SegmentStatus.TRANSLATED,
        )
    return get_segment(session, segment_id)  # a comment alone: any version may add one
