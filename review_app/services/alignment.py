"""Fixing the alignment by hand: merge, split, move a sentence, insert an empty counterpart.

Each fix is an Operation (with the affected segments as they were) plus one revision per
affected segment, so it shows in history and can be undone. Segments a fix removes are kept
inactive rather than deleted: their revisions stay attached and an undo brings them back.
The machine draft is restructured together with the target (same sentence moves), so the
diff against the draft keeps comparing like with like.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from review_app.core import inline, realign
from review_app.core.messages import N_, Message
from review_app.core.realign import DIRECTIONS, SIDES
from review_app.core.workflow import AuditKind, RevisionKind, status_after_realignment
from review_app.store import Operation, Revision, Segment, User
from review_app.store.locks import lock_document
from review_app.store.models import utcnow

from . import audit
from .access import require
from .documents import POSITION_GAP
from .errors import Conflict, InvalidInput, NotFound
from .qa import refresh_issues
from .segments import get_segment
from .uow import unit_of_work

_SNAPSHOT_FIELDS = (
    "codes",
    "active",
    "position",
    "label",
    "source",
    "draft",
    "target",
    "status",
    "shape",
    "confidence",
    "source_paragraph",
    "target_paragraph",
    "role",
    "heading_level",
)
# What a snapshot taken before a field existed stands for (operations recorded before 0008).
_SNAPSHOT_DEFAULTS = {"role": "body", "heading_level": None}
_NO_NEIGHBOUR = {
    "previous": N_("Segment %(label)s has no previous segment."),
    "next": N_("Segment %(label)s has no next segment."),
}


@dataclass(frozen=True)
class AlignmentResult:
    operation: Operation
    # Segments the fix touched that are active afterwards, in document order.
    segments: list[Segment]
    # Segments the fix made inactive.
    removed: list[Segment]
    # Segments that did not exist, or were inactive, before the fix.
    added: list[Segment]
    # What happened, in words, as the revisions record it.
    description: str


def merge_segments(session: Session, actor: User, segment_id: int, *, version: int):
    """Join a segment with the next one: sources, drafts and targets each concatenated."""

    def fix(segment: Segment) -> list[Segment]:
        following = _neighbour(session, segment, "next")
        _share_codes(segment, following)
        _store(segment, realign.merge(_unit(segment), _unit(following)))
        following.active = False
        return [segment, following]

    return _apply(session, actor, segment_id, version, RevisionKind.MERGE, fix)


def split_segment(
    session: Session,
    actor: User,
    segment_id: int,
    *,
    version: int,
    source_cut: int,
    target_cut: int,
):
    """Split after ``source_cut`` source sentences and ``target_cut`` target sentences.

    The first part keeps the segment (and its number); the rest becomes a new segment after it.
    """

    def fix(segment: Segment) -> list[Segment]:
        first, rest = _realigned(realign.split, _unit(segment), source_cut, target_cut)
        new = _new_segment(session, segment)
        new.codes = segment.codes  # each part's codes are among the whole's
        _store(segment, first)
        _store(new, rest)
        return [segment, new]

    return _apply(session, actor, segment_id, version, RevisionKind.SPLIT, fix)


def move_sentence(
    session: Session,
    actor: User,
    segment_id: int,
    *,
    version: int,
    side: str,
    direction: str,
):
    """Move the first sentence of one side to the previous segment, or the last to the next."""
    if side not in SIDES or direction not in DIRECTIONS:
        raise InvalidInput(N_("Move a source or target sentence to the previous or next segment."))

    def fix(segment: Segment) -> list[Segment]:
        neighbour = _neighbour(session, segment, direction)
        _share_codes(*sorted((segment, neighbour), key=lambda s: s.position))
        mine, theirs = _realigned(realign.move, _unit(segment), _unit(neighbour), side, direction)
        _store(segment, mine)
        _store(neighbour, theirs)
        if mine.empty:
            segment.active = False
        return [segment, neighbour]

    return _apply(session, actor, segment_id, version, RevisionKind.MOVE, fix)


def insert_empty_counterpart(
    session: Session, actor: User, segment_id: int, *, version: int, side: str
):
    """Give one side of the segment an empty counterpart (``core.realign.insert_empty``)."""
    if side not in SIDES:
        raise InvalidInput(N_("Insert an empty source or an empty target."))

    def fix(segment: Segment) -> list[Segment]:
        here, below = _realigned(realign.insert_empty, _unit(segment), side)
        new = _new_segment(session, segment)
        _store(segment, here)
        _store(new, below)
        return [segment, new]

    return _apply(session, actor, segment_id, version, RevisionKind.INSERT, fix)


def _unit(segment: Segment) -> realign.Unit:
    return realign.Unit(
        label=segment.label,
        source=segment.source,
        draft=segment.draft,
        target=segment.target,
        status=segment.status,
        source_paragraph=segment.source_paragraph,
        target_paragraph=segment.target_paragraph,
        role=segment.role,
        heading_level=segment.heading_level,
    )


def _share_codes(first: Segment, second: Segment) -> None:
    """Before text moves between two segments: the second's inline codes take numbers the
    first does not use, and both keep the markup of all, so that every token still names
    its own tag wherever it ends up (an imported XLIFF's tags go back as they came)."""
    if not second.codes:
        return
    if first.codes:
        offset = inline.highest_number([first.source, first.draft, first.target])
        second.source, second.draft, second.target = (
            inline.renumbered(text, offset) for text in (second.source, second.draft, second.target)
        )
        second.codes = {
            inline.renumbered(key, offset): markup for key, markup in second.codes.items()
        }
    merged = {**(first.codes or {}), **second.codes}
    first.codes, second.codes = merged, dict(merged)


def _store(segment: Segment, unit: realign.Unit) -> None:
    segment.source, segment.draft, segment.target = unit.source, unit.draft, unit.target
    segment.status = unit.status
    segment.shape = unit.shape
    segment.source_paragraph = unit.source_paragraph
    segment.target_paragraph = unit.target_paragraph
    segment.role, segment.heading_level = unit.role, unit.heading_level


def _realigned(fix, *arguments):
    try:
        return fix(*arguments)
    except realign.RealignError as error:
        raise InvalidInput(str(error)) from None


def undo_operation(session: Session, actor: User, operation_id: int) -> AlignmentResult:
    """Put the segments of an alignment fix back as they were, if nobody changed them since."""
    require(actor, "edit")
    try:
        with unit_of_work(session):
            original = session.get(Operation, operation_id)
            if original is None:
                raise NotFound(N_("That alignment change does not exist."))
            lock_document(session, original.document_id)
            if original.kind == RevisionKind.UNDO or original.undone_by_id is not None:
                raise InvalidInput(N_("That change has already been undone."))
            affected = _load(session, [entry["id"] for entry in original.after])
            for entry in original.after:
                segment = affected[entry["id"]]
                if segment.version != entry["version"]:
                    raise Conflict(
                        segment,
                        segment.target,
                        Message(
                            N_(
                                "Segment %(label)s has changed since; undo is no longer "
                                "possible. Fix the alignment by hand instead."
                            ),
                            label=segment.label,
                        ),
                    )
            before = {entry["id"]: entry for entry in original.before}

            def restore(_: Segment) -> list[Segment]:
                for segment in affected.values():
                    if segment.id in before:
                        snapshot = _SNAPSHOT_DEFAULTS | before[segment.id]
                        for field in _SNAPSHOT_FIELDS:
                            setattr(segment, field, snapshot[field])
                    else:
                        segment.active = False
                return list(affected.values())

            anchor = affected[original.after[0]["id"]]
            result = _record_operation(
                session, actor, anchor, "undo", restore, candidates=list(affected.values())
            )
            original.undone_by_id = result.operation.id
    except StaleDataError:
        raise InvalidInput(
            N_("Someone changed these segments just now; reload and try again.")
        ) from None
    return result


def latest_undoable(session: Session, segment_id: int) -> Operation | None:
    """The newest alignment fix involving this segment that can still be undone."""
    latest = session.scalars(
        select(Operation)
        .join(Revision, Revision.operation_id == Operation.id)
        .where(Revision.segment_id == segment_id)
        .order_by(Operation.id.desc())
        .limit(1)
    ).first()
    # Only the newest change can be undone: undoing an older one would skip over a later
    # change to the same segments (and an undo is not itself undone; redo it by hand).
    if latest is None or latest.kind == RevisionKind.UNDO or latest.undone_by_id is not None:
        return None
    return latest


def _apply(session: Session, actor: User, segment_id: int, version: int, kind: str, fix):
    require(actor, "edit")
    try:
        with unit_of_work(session):
            segment = get_segment(session, segment_id)
            lock_document(session, segment.document_id)
            if segment.version != version:
                raise Conflict(
                    segment,
                    segment.target,
                    Message(
                        N_(
                            "Segment %(label)s was changed by someone else; "
                            "check it before fixing the alignment."
                        ),
                        label=segment.label,
                    ),
                )
            return _record_operation(session, actor, segment, kind, fix)
    except StaleDataError:
        raise InvalidInput(
            N_("Someone changed these segments just now; reload and try again.")
        ) from None


def _record_operation(
    session: Session, actor: User, anchor: Segment, kind: str, fix, candidates=None
) -> AlignmentResult:
    """Run ``fix`` on ``anchor``, then record the operation and one revision per segment.

    ``candidates`` are the existing segments the fix may change, snapshotted beforehand; by
    default the anchor and its neighbours, which is as far as any single fix reaches.
    """
    if candidates is None:
        candidates = _around(session, anchor)
    seen_before = {segment.id: _snapshot(segment) for segment in candidates}
    affected = fix(anchor)
    now = utcnow()
    for segment in affected:
        if kind != RevisionKind.UNDO and segment.active:
            # Aligned by a person now: the aligner's doubt no longer applies.
            segment.confidence = None
        segment.updated_at = now
    anchor.document.updated_at = now
    session.flush()
    operation = Operation(
        document_id=anchor.document_id,
        user_id=actor.id,
        kind=kind,
        created_at=now,
        before=[seen_before[s.id] | {"id": s.id} for s in affected if s.id in seen_before],
        after=[],
    )
    session.add(operation)
    session.flush()
    reason = _REASONS[kind].format(label=anchor.label)
    for segment in affected:
        old = seen_before.get(segment.id)
        session.add(
            Revision(
                segment_id=segment.id,
                document_id=segment.document_id,
                user_id=actor.id,
                created_at=now,
                kind=kind,
                old_target=old["target"] if old else "",
                new_target=segment.target,
                old_status=old["status"] if old else segment.status,
                new_status=segment.status,
                old_source=old["source"] if old else "",
                new_source=segment.source,
                reason=reason,
                operation_id=operation.id,
            )
        )
    session.flush()
    operation.after = [{"id": s.id, "version": s.version} for s in affected]
    session.flush()
    refresh_issues(session, anchor.document_id, [s.id for s in affected])
    audit.record(
        session,
        actor,
        anchor.document_id,
        kind if kind in (AuditKind.MERGE, AuditKind.SPLIT) else AuditKind.ALIGNMENT,
        reason,
        segment_id=anchor.id,
        operation=operation.id,
        segments=[s.id for s in affected],
    )
    audit.document_changed(session, actor, anchor.document_id, f"{reason} by {actor.username}")
    was_active = {i for i, snap in seen_before.items() if snap["active"]}
    return AlignmentResult(
        operation=operation,
        segments=sorted((s for s in affected if s.active), key=lambda s: s.position),
        removed=[s for s in affected if not s.active],
        added=[s for s in affected if s.active and s.id not in was_active],
        description=reason,
    )


_REASONS = {
    "merge": "Merged segment {label} with the next",
    "split": "Split segment {label}",
    "move": "Moved a sentence between segment {label} and its neighbour",
    "insert": "Inserted an empty counterpart at segment {label}",
    "undo": "Undid an alignment change at segment {label}",
}


def _around(session: Session, anchor: Segment) -> list[Segment]:
    """The anchor and its active neighbours."""
    segments = [anchor]
    for direction in DIRECTIONS:
        neighbour = _neighbour(session, anchor, direction, required=False)
        if neighbour is not None:
            segments.append(neighbour)
    return segments


def _neighbour(session: Session, segment: Segment, direction: str, *, required: bool = True):
    query = select(Segment).where(Segment.document_id == segment.document_id, Segment.active)
    if direction == "next":
        query = query.where(Segment.position > segment.position).order_by(Segment.position)
    else:
        query = query.where(Segment.position < segment.position).order_by(Segment.position.desc())
    neighbour = session.scalars(query.limit(1)).first()
    if neighbour is None and required:
        raise InvalidInput(Message(_NO_NEIGHBOUR[direction], label=segment.label))
    return neighbour


def _new_segment(session: Session, after: Segment) -> Segment:
    """An empty segment right after ``after``, numbered like Trados does ("12" → "12.1")."""
    taken = session.scalar(
        select(func.count()).where(
            Segment.document_id == after.document_id, Segment.label.like(f"{after.label}.%")
        )
    )
    segment = Segment(
        document_id=after.document_id,
        position=_position_after(session, after),
        label=f"{after.label}.{(taken or 0) + 1}",
        source="",
        draft="",
        target="",
        status=status_after_realignment(after.status),
        source_paragraph=after.source_paragraph,
        target_paragraph=after.target_paragraph,
        role=after.role,
        heading_level=after.heading_level,
    )
    session.add(segment)
    session.flush()
    return segment


def _position_after(session: Session, segment: Segment) -> int:
    # Inactive segments count too: an undo may bring them back at their old place.
    following = session.scalar(
        select(func.min(Segment.position)).where(
            Segment.document_id == segment.document_id, Segment.position > segment.position
        )
    )
    if following is None:
        return segment.position + POSITION_GAP
    if following - segment.position < 2:
        session.execute(
            update(Segment)
            .where(Segment.document_id == segment.document_id, Segment.position > segment.position)
            .values(position=Segment.position + POSITION_GAP),
            execution_options={"synchronize_session": "fetch"},
        )
        following += POSITION_GAP
    return (segment.position + following) // 2


def _load(session: Session, ids: list[int]) -> dict[int, Segment]:
    segments = {s.id: s for s in session.scalars(select(Segment).where(Segment.id.in_(ids)))}
    return {i: segments[i] for i in ids}


def _snapshot(segment: Segment) -> dict:
    return {field: getattr(segment, field) for field in _SNAPSHOT_FIELDS}
