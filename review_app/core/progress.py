"""The progress timeline: how many segments stood in each status over time.

Rebuilt from what is known now, the segments of today and the status changes their revisions
record: each segment starts, at its document's import, in the status its first change left
(or its current status if nothing changed it), and moves with each change. Time is cut into
steps of a minute, an hour, a day, a week or a month, the smallest that keeps the chart to
``MAX_PROGRESS_POINTS`` points, and each step that saw a change is one point.

    progress_timeline(segments, changes, statuses) -> list[ProgressPoint]
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# At most this many points on the progress chart: the time step grows until they fit.
MAX_PROGRESS_POINTS = 48
STEPS = (
    (timedelta(minutes=1), "%Y-%m-%d %H:%M"),
    (timedelta(hours=1), "%Y-%m-%d %H:00"),
    (timedelta(days=1), "%Y-%m-%d"),
    (timedelta(weeks=1), "week of %Y-%m-%d"),
    (timedelta(days=30), "%Y-%m"),
)
_EPOCH = datetime(1970, 1, 5, tzinfo=UTC)  # a Monday, so weeks start on Mondays


@dataclass(frozen=True)
class SegmentNow:
    """A segment as it stands: its current status and when its document was imported."""

    segment_id: int
    imported_at: datetime
    status: str


@dataclass(frozen=True)
class StatusChange:
    """One revision's move of a segment from one status to another (or to the same)."""

    segment_id: int
    at: datetime
    old_status: str
    new_status: str


@dataclass(frozen=True)
class ProgressPoint:
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def progress_timeline(
    segments: Sequence[SegmentNow], changes: Iterable[StatusChange], statuses: Iterable[str]
) -> list[ProgressPoint]:
    """Segments by status after each step of time that saw a change, from the first import.

    ``changes`` come in the order they were recorded; changes of segments not in ``segments``
    (removed since) are left out. Every point counts each of ``statuses``, 0 included.
    """
    current = {segment.segment_id for segment in segments}
    first_status: dict[int, str] = {}
    events: list[tuple[datetime, str, str]] = []
    for change in changes:
        if change.segment_id not in current:
            continue
        first_status.setdefault(change.segment_id, change.old_status)
        if change.old_status != change.new_status:
            events.append((change.at, change.old_status, change.new_status))
    starts = Counter((s.imported_at, first_status.get(s.segment_id, s.status)) for s in segments)
    if not starts:
        return []
    timeline: list[tuple[datetime, str | None, str, int]] = [
        (at, None, status, n) for (at, status), n in starts.items()
    ]
    timeline += [(at, old, new, 1) for at, old, new in events]
    timeline.sort(key=lambda event: event[0])
    step, label_format = time_step(timeline[0][0], timeline[-1][0])
    counts = dict.fromkeys(statuses, 0)
    points: list[ProgressPoint] = []
    bucket = None
    for at, old, new, n in timeline:
        this_bucket = floor_time(at, step)
        if bucket is not None and this_bucket != bucket:
            points.append(ProgressPoint(bucket.strftime(label_format), dict(counts)))
        elif not points and old is not None and bucket == this_bucket:
            # Work began within the first step of time: show the imported state before it.
            points.append(ProgressPoint("import", dict(counts)))
        bucket = this_bucket
        if old is not None:
            counts[old] = counts.get(old, 0) - n
        counts[new] = counts.get(new, 0) + n
    assert bucket is not None  # the timeline has at least one import
    points.append(ProgressPoint(bucket.strftime(label_format), dict(counts)))
    return points


def time_step(first: datetime, last: datetime) -> tuple[timedelta, str]:
    """The smallest step (and its label format) that cuts ``first``–``last`` into at most
    ``MAX_PROGRESS_POINTS`` steps; a month when none does."""
    for step, label_format in STEPS:
        if (last - first) / step <= MAX_PROGRESS_POINTS:
            return step, label_format
    return STEPS[-1]


def floor_time(at: datetime, step: timedelta) -> datetime:
    """The start of the step ``at`` falls in (an aware UTC datetime); weeks start on Monday."""
    return _EPOCH + (at - _EPOCH) // step * step
