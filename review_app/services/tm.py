"""The translation memory: units from approvals and TMX files, matches, pre-translation,
concordance, deletion.

Approving a segment writes (or updates) its unit in every memory its project writes, inside the
approval's own transaction (``segment_changed``, called by ``segments.record_change``); when an
approved segment is rejected or edited its unit is withdrawn (kept, not offered) until it is
approved again. Matches come from the database's trigram index (``search_index``) and are
scored exactly by ``core.tm``; no lookup reads a whole memory.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from review_app.core.messages import N_, Message
from review_app.core.tm import (
    MIN_INDEXED_LENGTH,
    NO_CONTEXT,
    Candidate,
    Context,
    Match,
    best_matches,
    normalize_source,
    pretranslation,
    source_key,
)
from review_app.core.workflow import SegmentStatus
from review_app.store import Document, Segment, TmUnit, TranslationMemory, User
from review_app.store.models import utcnow

from . import search_index
from .access import require
from .audit import record
from .errors import InvalidInput, NotFound, at_most
from .projects import memory_ids, project_id_of
from .uow import unit_of_work

# How many candidates the index hands over for exact re-scoring: the best five of forty by
# trigram rank hold the best five by edit distance (benchmarks/tm_bench.py measures recall).
CANDIDATES = 40
MAX_CONCORDANCE_QUERY = 200
CONCORDANCE_LIMIT = 50
SIDES = ("source", "target")


@dataclass(frozen=True)
class MemoryMatch:
    """A scored unit, as the pane and the API show it."""

    unit: TmUnit
    score: int

    @property
    def context_match(self) -> bool:
        return self.score > 100

    @property
    def origin(self) -> str:
        return self.unit.origin


def _context(session: Session, segment: Segment) -> Context:
    """The sources of the segment's neighbours in its document."""
    nearby = select(Segment.source).where(
        Segment.document_id == segment.document_id, Segment.active
    )
    previous = session.scalar(
        nearby.where(Segment.position < segment.position).order_by(Segment.position.desc())
    )
    following = session.scalar(
        nearby.where(Segment.position > segment.position).order_by(Segment.position)
    )
    return Context(previous or "", following or "")


def _as_candidate(unit: TmUnit) -> Candidate:
    when = unit.updated_at
    return Candidate(
        unit.id,
        unit.source,
        unit.target,
        Context(unit.prev_source, unit.next_source),
        when.timestamp() if isinstance(when, datetime) else 0.0,
    )


def _by_key(session: Session, memories: Sequence[int], keys: Sequence[str]) -> list[TmUnit]:
    if not memories or not keys:
        return []
    return list(
        session.scalars(
            select(TmUnit).where(
                TmUnit.memory_id.in_(memories),
                TmUnit.source_key.in_(set(keys)),
                TmUnit.withdrawn_at.is_(None),
            )
        )
    )


def lookup(
    session: Session,
    memories: Sequence[int],
    source: str,
    context: Context = NO_CONTEXT,
    *,
    exclude_segment: int | None = None,
) -> list[MemoryMatch]:
    """The best units of ``memories`` for ``source``, best first (``core.tm.best_matches``):
    exact ones by key, the rest from the trigram index, every one scored exactly."""
    if not memories or not source.strip():
        return []
    units = {unit.id: unit for unit in _by_key(session, memories, [source_key(source)])}
    normalized = normalize_source(source)
    if len(normalized) >= MIN_INDEXED_LENGTH:
        ids = search_index.similar(session, memories, normalized, CANDIDATES)
        missing = [unit_id for unit_id in ids if unit_id not in units]
        if missing:
            units.update(
                (unit.id, unit)
                for unit in session.scalars(select(TmUnit).where(TmUnit.id.in_(missing)))
            )
    candidates = [
        _as_candidate(unit)
        for unit in units.values()
        if exclude_segment is None or unit.segment_id != exclude_segment
    ]
    return _scored(units, best_matches(source, context, candidates))


def _scored(units: dict[int, TmUnit], matches: list[Match]) -> list[MemoryMatch]:
    return [MemoryMatch(units[m.candidate.key], m.score) for m in matches]


def matches_for_segment(session: Session, segment: Segment) -> list[MemoryMatch]:
    """Up to five matches for a segment from the memories its project reads."""
    memories = memory_ids(session, project_id_of(session, segment.document_id))
    return lookup(
        session, memories, segment.source, _context(session, segment), exclude_segment=segment.id
    )


def pretranslate(session: Session, project_id: int, rows: Sequence[Segment]) -> int:
    """Give each draft row with a 100 % or context match the memory's translation, with the
    match's score and origin; the machine draft stays as received. Returns how many."""
    memories = memory_ids(session, project_id)
    wanted = [row for row in rows if row.status == SegmentStatus.DRAFT.value and row.source]
    units = _by_key(session, memories, [source_key(row.source) for row in wanted])
    by_key: dict[str, list[TmUnit]] = {}
    for unit in units:
        by_key.setdefault(unit.source_key, []).append(unit)
    index = {id(row): number for number, row in enumerate(rows)}
    done = 0
    for row in wanted:
        found = by_key.get(source_key(row.source))
        if not found:
            continue
        number = index[id(row)]
        context = Context(
            rows[number - 1].source if number > 0 else "",
            rows[number + 1].source if number + 1 < len(rows) else "",
        )
        matches = best_matches(row.source, context, [_as_candidate(u) for u in found])
        best = pretranslation(matches)
        if best is None:
            continue
        unit = next(u for u in found if u.id == best.candidate.key)
        row.target, row.tm_score, row.tm_origin = unit.target, best.score, unit.origin[:300]
        done += 1
    return done


def pretranslated_count(session: Session, document_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Segment)
            .where(Segment.document_id == document_id, Segment.tm_score.is_not(None))
        )
        or 0
    )


def segment_changed(session: Session, actor: User, segment: Segment, old_status: str) -> None:
    """Keep the memory in step with a segment's new text or status (in the caller's unit of
    work): an approval writes its unit, losing approval withdraws it."""
    if segment.status == SegmentStatus.APPROVED.value:
        _write_unit(session, actor, segment)
    elif old_status == SegmentStatus.APPROVED.value:
        session.execute(
            update(TmUnit)
            .where(TmUnit.segment_id == segment.id, TmUnit.withdrawn_at.is_(None))
            .values(withdrawn_at=utcnow())
        )


def _write_unit(session: Session, actor: User, segment: Segment) -> None:
    if not segment.source.strip() or not segment.target.strip():
        return
    document = session.get(Document, segment.document_id)
    assert document is not None, "a segment's document exists"
    project_id = project_id_of(session, document.id)
    context = _context(session, segment)
    now = utcnow()
    existing = {
        unit.memory_id: unit
        for unit in session.scalars(select(TmUnit).where(TmUnit.segment_id == segment.id))
    }
    for memory_id in memory_ids(session, project_id, write=True):
        unit = existing.get(memory_id)
        if unit is None:
            unit = TmUnit(
                memory_id=memory_id,
                segment_id=segment.id,
                document_id=document.id,
                created_by=actor.username,
                created_at=now,
                props={},
            )
            session.add(unit)
        unit.source, unit.target = segment.source, segment.target
        unit.norm_source, unit.source_key = (
            normalize_source(segment.source),
            source_key(segment.source),
        )
        unit.prev_source, unit.next_source = context.previous, context.next
        unit.origin = f"approved in {document.title}"[:300]
        unit.updated_by, unit.updated_at, unit.withdrawn_at = actor.username, now, None
    session.flush()


def get_unit(session: Session, unit_id: int) -> TmUnit:
    unit = session.get(TmUnit, unit_id)
    if unit is None:
        raise NotFound(Message(N_("There is no translation-memory unit %(id)s."), id=unit_id))
    return unit


def delete_unit(session: Session, actor: User, unit_id: int) -> None:
    """An administrator deletes a unit; the audit log keeps what it said."""
    require(actor, "delete_memory_units")
    with unit_of_work(session):
        unit = get_unit(session, unit_id)
        memory = session.get(TranslationMemory, unit.memory_id)
        record(
            session,
            actor,
            None,
            "memory",
            f"unit {unit.id} deleted from memory {memory.name if memory else unit.memory_id}: "
            f"{unit.source} → {unit.target}",
            action="delete",
            memory=unit.memory_id,
            unit=unit.id,
            source=unit.source,
            target=unit.target,
            origin=unit.origin,
        )
        session.delete(unit)


@dataclass(frozen=True)
class ConcordanceHit:
    """A unit or segment whose source or target contains the query."""

    source: str
    target: str
    # The memory's name, or the document's title.
    where: str
    unit_id: int | None = None
    document_id: int | None = None
    segment_id: int | None = None


def concordance(
    session: Session, query: str, side: str = "source", project_id: int | None = None
) -> list[ConcordanceHit]:
    """Units and segments of the project (every project's with None) whose ``side`` contains
    ``query`` literally: Chinese as a substring, English case-insensitively. Memories first."""
    if side not in SIDES:
        raise InvalidInput(N_("Search the source or the target: side=source or side=target."))
    query = query.strip()
    if not query:
        return []
    if len(query) > MAX_CONCORDANCE_QUERY:
        raise InvalidInput(
            at_most(N_("A search has at most %(limit)s characters."), MAX_CONCORDANCE_QUERY)
        )
    wanted = normalize_source(query) if side == "source" else query
    memories = memory_ids(session, project_id)
    ids = search_index.containing(session, memories, side, wanted, CONCORDANCE_LIMIT)
    units: list[TmUnit] = (
        list(session.scalars(select(TmUnit).where(TmUnit.id.in_(ids)))) if ids else []
    )
    names = {m.id: m.name for m in session.scalars(select(TranslationMemory))}
    order = {unit_id: number for number, unit_id in enumerate(ids)}
    hits = [
        ConcordanceHit(u.source, u.target, names.get(u.memory_id, ""), unit_id=u.id)
        for u in sorted(units, key=lambda u: order[u.id])
    ]
    room = CONCORDANCE_LIMIT - len(hits)
    if room > 0:
        segment_ids = search_index.segments_containing(session, project_id, side, query, room)
        found = session.execute(
            select(Segment, Document.title)
            .join(Document, Document.id == Segment.document_id)
            .where(Segment.id.in_(segment_ids))
        ).all()
        order = {segment_id: number for number, segment_id in enumerate(segment_ids)}
        hits += [
            ConcordanceHit(s.source, s.target, title, document_id=s.document_id, segment_id=s.id)
            for s, title in sorted(found, key=lambda row: order[row[0].id])
        ]
    return hits


def unit_counts(session: Session) -> dict[int, int]:
    """How many units each memory holds (withdrawn ones included)."""
    rows = session.execute(select(TmUnit.memory_id, func.count()).group_by(TmUnit.memory_id))
    return {memory_id: count for memory_id, count in rows}
