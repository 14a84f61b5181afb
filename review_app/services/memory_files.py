"""TMX import into a memory and export of one, streamed both ways.

An import reads the file unit by unit (``formats.tmx``) and writes in batches, in one
transaction: a file refused halfway (not XML, no Chinese and English) leaves the memory as it
was. A unit already in the memory (same normalised source, same translation) is updated (its
props, notes and dates), not doubled. Progress is reported every 10,000 units.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from review_app.core.tm import normalize_source, source_key
from review_app.formats.tmx import TmxReport, TmxUnit, read_tmx, write_tmx
from review_app.store import TmUnit, User
from review_app.store.models import utcnow

from .access import require
from .audit import record
from .projects import get_memory
from .uow import unit_of_work

BATCH = 2_000


@dataclass
class TmxImportResult:
    added: int = 0
    updated: int = 0
    skipped_empty: int = 0
    skipped_languages: int = 0
    warnings: list[str] = field(default_factory=list)


def import_tmx(
    session: Session,
    actor: User | None,
    memory_id: int,
    stream: IO[bytes],
    filename: str,
    *,
    progress: Callable[[int], None] | None = None,
) -> TmxImportResult:
    """Read a TMX file into the memory, in one transaction; ``actor`` None is the command
    line."""
    report = TmxReport()
    with unit_of_work(session):
        units = read_tmx(stream, filename, report, progress=progress)
        return store_tmx_units(session, actor, memory_id, units, report, filename)


def store_tmx_units(
    session: Session,
    actor: User | None,
    memory_id: int,
    units: Iterable[TmxUnit],
    report: TmxReport,
    filename: str,
) -> TmxImportResult:
    """Write the units read from a TMX file (``report`` is its reader's) into the memory, in
    the caller's transaction, which the caller commits: ``import_tmx``, or a job together
    with its "done"."""
    if actor is not None:
        require(actor, "manage_projects")
    result = TmxImportResult()
    memory = get_memory(session, memory_id)
    batch: list[TmxUnit] = []
    analyze_at = BATCH
    for unit in units:
        batch.append(unit)
        if len(batch) == BATCH:
            _store(session, memory.id, filename, actor, batch, result)
            batch = []
            if result.added >= analyze_at:
                _refresh_statistics(session)
                analyze_at = 2 * result.added
    _store(session, memory.id, filename, actor, batch, result)
    result.skipped_empty = report.skipped_empty
    result.skipped_languages = report.skipped_languages
    result.warnings = report.warnings
    record(
        session,
        actor,
        None,
        "memory",
        f"memory {memory.name}: {filename} imported, {result.added} units added, "
        f"{result.updated} updated, {result.skipped_empty} empty skipped",
        action="import",
        memory=memory.id,
        filename=filename,
        added=result.added,
        updated=result.updated,
        skipped_empty=result.skipped_empty,
        skipped_languages=result.skipped_languages,
    )
    return result


def _refresh_statistics(session: Session) -> None:
    """On PostgreSQL, let the planner see the rows this import has added so far (ANALYZE
    counts the rows of its own open transaction). Without it, a memory filled by this
    transaction looks empty, the lookup of a batch's keys filters every row of the memory
    instead of using the (memory, key) index, and each batch costs more than the last: a
    200,000-unit import took over ten minutes. Run at doubling sizes, so a handful of times."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE tm_units"))


def _store(
    session: Session,
    memory_id: int,
    filename: str,
    actor: User | None,
    units: list[TmxUnit],
    result: TmxImportResult,
) -> None:
    if not units:
        return
    keys = [source_key(unit.source) for unit in units]
    existing = {
        (row.source_key, row.target): row
        for row in session.scalars(
            select(TmUnit).where(TmUnit.memory_id == memory_id, TmUnit.source_key.in_(set(keys)))
        )
    }
    now, who = utcnow(), actor.username if actor is not None else ""
    new = []
    for unit, key in zip(units, keys, strict=True):
        props = {"props": [list(p) for p in unit.props], "notes": list(unit.notes)}
        row = existing.get((key, unit.target))
        if row is not None:
            row.props, row.updated_at = props, unit.changed_at or now
            row.updated_by = unit.changed_by or who
            result.updated += 1
            continue
        new.append(
            {
                "memory_id": memory_id,
                "source": unit.source,
                "target": unit.target,
                "source_lang": unit.source_lang[:20],
                "target_lang": unit.target_lang[:20],
                "norm_source": normalize_source(unit.source),
                "source_key": key,
                "prev_source": unit.prev_source,
                "next_source": unit.next_source,
                "origin": filename[:300],
                "created_by": (unit.created_by or who)[:80],
                "created_at": unit.created_at or now,
                "updated_by": (unit.changed_by or unit.created_by or who)[:80],
                "updated_at": unit.changed_at or unit.created_at or now,
                "props": props,
            }
        )
        # A file may repeat a unit: the second copy updates the first.
        existing[(key, unit.target)] = TmUnit(props=props)
    if new:
        session.execute(insert(TmUnit), new)
        result.added += len(new)
    session.flush()


def memory_units(session: Session, memory_id: int) -> Iterator[TmxUnit]:
    """The memory's units (withdrawn ones left out) in the order they came, for export."""
    rows = session.scalars(
        select(TmUnit)
        .where(TmUnit.memory_id == memory_id, TmUnit.withdrawn_at.is_(None))
        .order_by(TmUnit.id)
        .execution_options(yield_per=1_000)
    )
    for row in rows:
        kept = row.props or {}
        yield TmxUnit(
            row.source,
            row.target,
            row.source_lang,
            row.target_lang,
            row.prev_source,
            row.next_source,
            row.origin,
            tuple((kind, value) for kind, value in kept.get("props", [])),
            tuple(kept.get("notes", [])),
            row.created_by,
            row.created_at,
            row.updated_by,
            row.updated_at,
            str(row.id),
        )


def export_tmx(session: Session, memory_id: int, out: IO[bytes]) -> int:
    """Write the memory as TMX 1.4b to ``out``; returns how many units."""
    memory = get_memory(session, memory_id)
    return write_tmx(memory_units(session, memory.id), out)
