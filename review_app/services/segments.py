"""Editing segments: finding them, saving, confirming, reverting, history and comments."""

import re
from dataclasses import dataclass, replace

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review_app.core.alignment import LOW_CONFIDENCE
from review_app.core.checks import CheckContext, registered_checks
from review_app.core.messages import N_, Message
from review_app.core.metrics import pair_statistics
from review_app.core.search import PatternError, PatternTooSlow, SearchPattern
from review_app.core.workflow import (
    UNCONFIRMED,
    RevisionKind,
    SegmentRole,
    SegmentStatus,
    WorkflowError,
    change_status,
    checked_role,
    status_after_edit,
)
from review_app.store import Comment, QaIssue, Revision, Segment, User
from review_app.store.locks import lock_document
from review_app.store.models import utcnow

from . import audit, tm
from .access import can, require
from .errors import Conflict, Forbidden, InvalidInput, NotFound, at_most
from .metrics import statistics_for, store_statistics
from .qa import check_context, refresh_issues
from .uow import unit_of_work

MAX_TARGET_LENGTH = 20_000
MAX_COMMENT_LENGTH = 5_000
MAX_QUERY_LENGTH = 200
# Any one status, or every status that still needs the translator.
UNCONFIRMED_FILTER = "unconfirmed"
STATUS_FILTERS = (*SegmentStatus, UNCONFIRMED_FILTER)
SEARCH_FIELDS = ("both", "source", "target")
# "any" issue, or only errors / warnings, or one check by its id.
QA_FILTERS = ("any", "error", "warning")
EDIT_FILTERS = ("", "unedited", "edited", "most")
# "most": edited segments, most changed first (by HTER). Ordered by a computed figure, so one
# page of at most this many rather than endless scrolling.
MOST_CHANGED_LIMIT = 200
# Rows a regular-expression search reads per query, and ids it loads per query.
SCAN_BATCH = 500


@dataclass(frozen=True)
class SegmentFilter:
    status: str = ""
    low_confidence: bool = False
    query: str = ""
    regex: bool = False
    field: str = "both"
    qa: str = ""
    # "unedited": the machine text left as it came; "edited": changed; "most": changed, the
    # most changed first
    edits: str = ""

    def __post_init__(self) -> None:
        if self.edits not in EDIT_FILTERS:
            raise InvalidInput(
                f"Unknown edit filter {self.edits!r}: unedited, edited or most (changed)."
            )
        if self.qa and self.qa not in QA_FILTERS and self.qa not in registered_checks():
            raise InvalidInput(
                Message(
                    N_("Unknown QA filter %(filter)s: choose one from the list."),
                    filter=repr(self.qa),
                )
            )
        if self.status and self.status not in STATUS_FILTERS:
            raise InvalidInput(
                Message(N_("Unknown status filter %(filter)s."), filter=repr(self.status))
            )
        if self.field not in SEARCH_FIELDS:
            raise InvalidInput(f"Search in {' or '.join(SEARCH_FIELDS)}, not {self.field!r}.")
        if len(self.query) > MAX_QUERY_LENGTH:
            raise InvalidInput(
                at_most(N_("A search has at most %(limit)s characters."), MAX_QUERY_LENGTH)
            )
        if "\x00" in self.query:
            raise InvalidInput(N_("A search cannot contain a NUL character."))
        if self.regex and self.query:
            try:
                SearchPattern(self.query)
            except PatternError as error:
                raise InvalidInput(
                    Message(
                        N_(
                            "The regular expression is not valid: %(error)s. "
                            "Fix it or untick “Regular expression”."
                        ),
                        error=str(error),
                    )
                ) from None

    @property
    def active(self) -> bool:
        return bool(self.status or self.low_confidence or self.query or self.qa)


@dataclass(frozen=True)
class SegmentPage:
    segments: list[Segment]
    # Position to continue after, or None on the last page.
    next_after: int | None
    # Position to load the previous page before, or None when nothing can come before it.
    prev_before: int | None = None


def for_publication():
    """The SQL condition of a segment that is part of the published article (not excluded)."""
    return Segment.role != SegmentRole.EXCLUDED.value


def get_segment(session: Session, segment_id: int) -> Segment:
    segment = session.get(Segment, segment_id)
    if segment is None or not segment.active:
        raise NotFound(
            Message(
                N_(
                    "There is no segment %(id)s; it may have been merged into its neighbour. "
                    "Reload the document."
                ),
                id=segment_id,
            )
        )
    return segment


def list_segments(
    session: Session,
    document_id: int,
    segment_filter: SegmentFilter = SegmentFilter(),
    *,
    after: int | None = None,
    before: int | None = None,
    limit: int = 50,
) -> SegmentPage:
    """One page of a document's segments in order, keyset-paginated by position: the first
    ``limit`` after position ``after``, or the last ``limit`` before position ``before`` (the
    workspace scrolling up)."""
    query = select(Segment).where(Segment.document_id == document_id, Segment.active)
    if segment_filter.edits == "most":
        return _most_changed(session, filtered(query, segment_filter), segment_filter)
    if before is not None:
        query = query.where(Segment.position < before)
        rows = _last(session, filtered(query, segment_filter), segment_filter, limit + 1)
        more = len(rows) > limit
        rows = rows[-limit:] if limit else []
        return SegmentPage(rows, None, rows[0].position if more and rows else None)
    if after is not None:
        query = query.where(Segment.position > after)
    rows = matching(session, filtered(query, segment_filter), segment_filter, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    # After a jump (or a pruned page) there may be rows above; a page that finds none is empty.
    earlier = after is not None and rows
    return SegmentPage(
        rows, rows[-1].position if more else None, rows[0].position if earlier else None
    )


def next_unconfirmed(
    session: Session, document_id: int, segment_filter: SegmentFilter, after: int
) -> Segment | None:
    """The first segment after position ``after`` that still needs the translator and that
    ``segment_filter`` lets through (where Ctrl+Enter goes after a confirmation)."""
    status = segment_filter.status or UNCONFIRMED_FILTER
    if status not in (UNCONFIRMED_FILTER, *UNCONFIRMED):
        return None  # a filter of confirmed statuses holds nothing unconfirmed
    edits = "edited" if segment_filter.edits == "most" else segment_filter.edits
    wanted = replace(segment_filter, status=status, edits=edits)
    page = list_segments(session, document_id, wanted, after=after, limit=1)
    return page.segments[0] if page.segments else None


def position_of(session: Session, document_id: int, label: str) -> int | None:
    """Where "go to segment ``label``" lands: the segment with that label, or else the one
    whose number in the document it is (labels change after splits and merges)."""
    active = select(Segment.position).where(Segment.document_id == document_id, Segment.active)
    found = session.scalar(active.where(Segment.label == label))
    if found is None and label.isdigit() and int(label) > 0:
        found = session.scalar(active.order_by(Segment.position).offset(int(label) - 1).limit(1))
    return found


def _last(session: Session, query, f: SegmentFilter, count: int) -> list[Segment]:
    if f.regex and f.query:
        # The expression reads forwards in batches; the last matches are those of a full read.
        return matching(session, query, f)[-count:]
    newest = query.order_by(Segment.position.desc()).limit(count)
    return list(reversed(session.scalars(newest).all()))


def all_matching(session: Session, document_id: int, segment_filter: SegmentFilter):
    """Every segment of the document the filter lets through, in document order (the API's
    list; "most changed first" only narrows it to the edited ones here)."""
    query = select(Segment).where(Segment.document_id == document_id, Segment.active)
    return matching(session, filtered(query, segment_filter), segment_filter)


def _most_changed(session: Session, query, segment_filter: SegmentFilter) -> SegmentPage:
    segments = matching(session, query, segment_filter)
    figures = statistics_for(session, [(s.draft, s.target) for s in segments])
    ranked = sorted(
        zip(segments, figures, strict=True),
        key=lambda pair: (-pair[1].segment.ter, pair[0].position),
    )
    return SegmentPage([segment for segment, _ in ranked[:MOST_CHANGED_LIMIT]], None)


def filtered(query, f: SegmentFilter):
    """``query`` (a select of segments) narrowed by every part of the filter that SQL can
    test; a regular expression is applied by ``matching``, in Python, on every database."""
    if f.status == UNCONFIRMED_FILTER:
        query = query.where(Segment.status.in_(UNCONFIRMED))
    elif f.status:
        query = query.where(Segment.status == f.status)
    if f.low_confidence:
        query = query.where(Segment.confidence < LOW_CONFIDENCE)
    if f.edits == "unedited":
        query = query.where(Segment.target == Segment.draft)
    elif f.edits in ("edited", "most"):
        query = query.where(Segment.target != Segment.draft)
    if f.qa:
        # Correlated EXISTS on ix_qa_issues_segment: one index probe per row of the page.
        issue = QaIssue.segment_id == Segment.id
        if f.qa in ("error", "warning"):
            issue &= QaIssue.severity == f.qa
        elif f.qa != "any":
            issue &= QaIssue.check_id == f.qa
        query = query.where(exists().where(issue))
    if f.query and not f.regex:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", f.query) + "%"
        query = query.where(or_(*(c.ilike(pattern, escape="\\") for c in _columns(f))))
    return query


def matching(session: Session, query, f: SegmentFilter, *, limit: int | None = None):
    """The segments ``query`` (a ``filtered`` select of segments) finds, in document order,
    at most ``limit`` of them, narrowed by the filter's regular expression if it has one.

    The expression reads the texts in batches, in order, and stops as soon as it has
    ``limit`` matches; it runs within ``core.search``'s time budget, and a pattern that
    exhausts it is refused (``InvalidInput``) rather than left to occupy the server.
    """
    query = query.order_by(Segment.position)
    if not (f.regex and f.query):
        return list(session.scalars(query if limit is None else query.limit(limit)))
    pattern = SearchPattern(f.query)
    texts = query.with_only_columns(Segment.id, Segment.position, *_columns(f))
    ids: list[int] = []
    last = None
    try:
        while limit is None or len(ids) < limit:
            batch = session.execute(
                (texts if last is None else texts.where(Segment.position > last)).limit(SCAN_BATCH)
            ).all()
            for row in batch:
                if pattern.search(*row[2:]):
                    ids.append(row.id)
                    if len(ids) == limit:
                        break
            if len(batch) < SCAN_BATCH:
                break
            last = batch[-1].position
    except PatternTooSlow:
        raise InvalidInput(
            Message(
                N_(
                    "The regular expression took more than %(seconds)s s on this document "
                    "and was stopped. Make it more specific: avoid repeating a repetition, as in "
                    "(a+)+ or (a|aa)+."
                ),
                seconds=f"{pattern.budget:g}",
            )
        ) from None
    found: list[Segment] = []
    for start in range(0, len(ids), SCAN_BATCH):
        found += session.scalars(
            select(Segment).where(Segment.id.in_(ids[start : start + SCAN_BATCH]))
        )
    return sorted(found, key=lambda segment: segment.position)


def _columns(f: SegmentFilter):
    return {
        "both": (Segment.source, Segment.target),
        "source": (Segment.source,),
        "target": (Segment.target,),
    }[f.field]


def save_segment(
    session: Session, actor: User, segment_id: int, *, target: str, version: int
) -> Segment:
    """Store a new target text, refusing to overwrite a version the user has not seen."""
    return _change(session, actor, segment_id, target=target, version=version, confirm=False)


def confirm_segment(
    session: Session, actor: User, segment_id: int, *, target: str, version: int
) -> Segment:
    """Save the text (if changed) and mark the segment translated, in one revision."""
    return _change(session, actor, segment_id, target=target, version=version, confirm=True)


def _change(
    session: Session, actor: User, segment_id: int, *, target: str, version: int, confirm: bool
) -> Segment:
    require(actor, "edit")
    target = checked_target(target)
    try:
        with unit_of_work(session):
            return apply_edit(
                session, actor, segment_id, target=target, version=version, confirm=confirm
            )
    except StaleDataError:
        segment = get_segment(session, segment_id)
        if segment.target == target:
            return segment
        raise Conflict(segment, target) from None


def checked_target(target: str) -> str:
    """A translation as stored, or ``InvalidInput`` before anything is written."""
    if len(target) > MAX_TARGET_LENGTH:
        raise InvalidInput(
            at_most(N_("A translation has at most %(limit)s characters."), MAX_TARGET_LENGTH)
        )
    # Browsers send textarea text with CRLF line ends; store what the user sees.
    return target.replace("\r\n", "\n")


def apply_edit(
    session: Session, actor: User, segment_id: int, *, target: str, version: int, confirm: bool
) -> Segment:
    """Save (and with ``confirm``, confirm) a checked target inside the caller's unit of work."""
    segment = get_segment(session, segment_id)
    # Before the lock, the work of a new text that reads nothing the lock guards: the
    # document's saves wait for one another on it, so each millisecond inside is one that
    # every waiting save waits. The checks' glossary is the project's (a change to it checks
    # every document again anyway); the pair's statistics are memoised, so the one computed
    # now is the one stored. Should the text turn out unchanged under the lock, nothing uses
    # them; should it turn out changed, the checks read their own glossary.
    context = None
    if target != segment.target:
        context = check_context(session, segment.document_id)
        pair_statistics(segment.draft, target)
    lock_document(session, segment.document_id)
    if version != segment.version and target != segment.target:
        raise Conflict(segment, target)
    # A stale request whose text is already stored loses nothing: it is the second
    # of two requests for one edit (saved on blur, then confirmed), not a conflict.
    new_status = _status_after(segment, actor, target, confirm)
    if target == segment.target and new_status == segment.status:
        return segment
    record_change(
        session,
        actor,
        segment,
        kind=RevisionKind.CONFIRM if confirm else RevisionKind.EDIT,
        target=target,
        status=new_status,
        context=context,
    )
    return segment


def _status_after(segment: Segment, actor: User, target: str, confirm: bool) -> str:
    if confirm:
        # Confirming unchanged approved text must not undo the editor's approval.
        if segment.status == SegmentStatus.APPROVED and target == segment.target:
            return SegmentStatus.APPROVED
        try:
            return change_status(
                segment.status, SegmentStatus.TRANSLATED, actor.role, target=target
            ).value
        except WorkflowError as error:
            raise InvalidInput(str(error)) from None
    if target != segment.target:
        return status_after_edit(segment.status).value
    return segment.status


def record_change(
    session: Session,
    actor: User,
    segment: Segment,
    *,
    kind: RevisionKind | str,
    target: str,
    status: str,
    reason: str | None = None,
    revoke: bool = True,
    context: CheckContext | None = None,
) -> None:
    """Apply a change of text and/or status with its revision and audit event, inside the
    caller's unit of work; refused (``Locked``) on a signed-off document (``revoke=False``:
    the caller, changing many segments, does that once at the end with
    ``audit.document_changed``).
    """
    kind = RevisionKind(kind)  # a misspelt kind is a bug: ValueError
    now = utcnow()
    old_status, text_changed = segment.status, target != segment.target
    session.add(
        Revision(
            segment_id=segment.id,
            document_id=segment.document_id,
            user_id=actor.id,
            created_at=now,
            kind=kind.value,
            old_target=segment.target,
            new_target=target,
            old_status=segment.status,
            new_status=status,
            reason=reason,
        )
    )
    segment.target = target
    segment.status = status
    segment.updated_at = now
    segment.document.updated_at = now
    session.flush()
    if text_changed or old_status != status:
        tm.segment_changed(session, actor, segment, old_status)
    if text_changed:
        # The checks read only the texts: a status change leaves their issues as they are.
        refresh_issues(session, segment.document_id, [segment.id], context=context)
        store_statistics(session, segment.draft, target)
    what = "edited" if text_changed else f"{old_status} → {status}"
    audit.record(
        session,
        actor,
        segment.document_id,
        "edit" if text_changed else "status",
        f"Segment {segment.label} {what}" + (f" ({reason})" if reason else ""),
        segment_id=segment.id,
        action=kind.value,
        old_status=old_status,
        new_status=status,
    )
    if revoke:
        audit.document_changed(
            session,
            actor,
            segment.document_id,
            f"segment {segment.label} {what} by {actor.username}",
            status_changed=old_status != status,
        )


def set_role(
    session: Session,
    actor: User,
    segment_id: int,
    *,
    role: str,
    level: int | None = None,
    version: int,
) -> Segment:
    """Make the segment body text, a heading (of ``level``) or excluded from publication."""
    require(actor, "edit")
    role, level = checked_role_input(role, level)
    try:
        with unit_of_work(session):
            return apply_role(session, actor, segment_id, role=role, level=level, version=version)
    except StaleDataError:
        raise Conflict(get_segment(session, segment_id), "") from None


def checked_role_input(role: str, level: int | None) -> tuple[SegmentRole, int | None]:
    """A role and level as stored, or ``InvalidInput`` before anything is written."""
    try:
        return checked_role(role, level)
    except WorkflowError as error:
        raise InvalidInput(str(error)) from None


def apply_role(
    session: Session,
    actor: User,
    segment_id: int,
    *,
    role: SegmentRole,
    level: int | None,
    version: int,
) -> Segment:
    """Set a checked role inside the caller's unit of work: a revision, an audit event, the
    segment's issues again (an excluded one has none) and the document's status."""
    segment = get_segment(session, segment_id)
    lock_document(session, segment.document_id)
    if version != segment.version:
        raise Conflict(segment, segment.target)
    if (segment.role, segment.heading_level) == (role.value, level):
        return segment
    before = describe_role(segment.role, segment.heading_level)
    after = describe_role(role.value, level)
    now = utcnow()
    session.add(
        Revision(
            segment_id=segment.id,
            document_id=segment.document_id,
            user_id=actor.id,
            created_at=now,
            kind=RevisionKind.ROLE.value,
            old_target=segment.target,
            new_target=segment.target,
            old_status=segment.status,
            new_status=segment.status,
            reason=f"{before} → {after}",
        )
    )
    segment.role, segment.heading_level = role.value, level
    segment.updated_at = segment.document.updated_at = now
    session.flush()
    refresh_issues(session, segment.document_id, [segment.id])
    audit.record(
        session,
        actor,
        segment.document_id,
        "role",
        f"Segment {segment.label}: {before} → {after}",
        segment_id=segment.id,
        role=role.value,
        heading_level=level,
    )
    audit.document_changed(
        session,
        actor,
        segment.document_id,
        f"segment {segment.label} made {after} by {actor.username}",
    )
    return segment


def describe_role(role: str, level: int | None) -> str:
    """A role as people read it: "body text", "heading 2", "excluded"."""
    if role == SegmentRole.HEADING:
        return f"heading {level}"
    return "body text" if role == SegmentRole.BODY else "excluded"


def revert_segment(
    session: Session,
    actor: User,
    segment_id: int,
    *,
    version: int,
    revision_id: int | None = None,
) -> Segment:
    """Bring back an earlier text: a revision's result, or the machine draft when None.

    A revert is itself a revision, so it can be reverted in turn.
    """
    require(actor, "edit")
    try:
        with unit_of_work(session):
            segment = get_segment(session, segment_id)
            lock_document(session, segment.document_id)
            if revision_id is None:
                text, what = segment.draft, "the machine draft"
            else:
                revision = session.get(Revision, revision_id)
                if revision is None or revision.segment_id != segment.id:
                    raise NotFound(N_("That revision does not belong to this segment."))
                text, what = revision.new_target, f"the text of revision {revision.id}"
            if version != segment.version:
                raise Conflict(segment, text)
            if text != segment.target:
                record_change(
                    session,
                    actor,
                    segment,
                    kind=RevisionKind.REVERT,
                    target=text,
                    status=_status_after(segment, actor, text, confirm=False),
                    reason=f"Restored {what}",
                )
    except StaleDataError:
        raise Conflict(get_segment(session, segment_id), text) from None
    return segment


def history(session: Session, segment_id: int) -> list[Revision]:
    """The segment's revisions, newest first."""
    return list(
        session.scalars(
            select(Revision).where(Revision.segment_id == segment_id).order_by(Revision.id.desc())
        )
    )


def last_revision(session: Session, segment_id: int) -> Revision | None:
    """Who changed the segment last, for a conflict to say whose text it is."""
    return session.scalars(
        select(Revision).where(Revision.segment_id == segment_id).order_by(Revision.id.desc())
    ).first()


def comments(session: Session, segment_id: int) -> list[Comment]:
    return list(
        session.scalars(
            select(Comment).where(Comment.segment_id == segment_id).order_by(Comment.id)
        )
    )


def add_comment(session: Session, actor: User, segment_id: int, body: str) -> Comment:
    require(actor, "comment")
    body = checked_comment(body)
    with unit_of_work(session):
        return apply_comment(session, actor, segment_id, body)


def checked_comment(body: str) -> str:
    """A comment as stored, or ``InvalidInput`` before anything is written."""
    body = body.strip().replace("\r\n", "\n")
    if not body:
        raise InvalidInput(N_("Write something before adding a comment."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise InvalidInput(
            at_most(N_("A comment has at most %(limit)s characters."), MAX_COMMENT_LENGTH)
        )
    return body


def apply_comment(session: Session, actor: User, segment_id: int, body: str) -> Comment:
    """Add a checked comment inside the caller's unit of work."""
    segment = get_segment(session, segment_id)
    comment = Comment(segment_id=segment.id, user_id=actor.id, body=body)
    session.add(comment)
    audit.record(
        session,
        actor,
        segment.document_id,
        "comment",
        f"Comment on segment {segment.label}",
        segment_id=segment.id,
        body=body,
    )
    segment.document.updated_at = utcnow()
    return comment


def resolve_comment(session: Session, actor: User, comment_id: int) -> Comment:
    """Mark a comment resolved: its author may, and so may editors and admins."""
    with unit_of_work(session):
        comment = session.get(Comment, comment_id)
        if comment is None:
            raise NotFound(N_("That comment does not exist."))
        if comment.user_id != actor.id and not can(actor, "moderate"):
            raise Forbidden(N_("Only the author or an editor may resolve this comment."))
        if comment.resolved_at is None:
            comment.resolved_at = utcnow()
            comment.resolved_by_id = actor.id
            segment = session.get(Segment, comment.segment_id)
            # A foreign key, and segments are made inactive, never deleted.
            assert segment is not None, f"comment {comment.id} has no segment"
            audit.record(
                session,
                actor,
                segment.document_id,
                "comment",
                f"Comment on segment {segment.label} resolved by {actor.username}",
                segment_id=segment.id,
                action="resolve",
                comment=comment.id,
            )
    return comment
