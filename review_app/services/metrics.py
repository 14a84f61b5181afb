"""Statistics of a document or of all documents: post-editing metrics, progress, activity, QA.

Reads, but for one cache: sacrebleu's statistics per (draft, target) pair, stored at save time
(``store_statistics``) or the first time a pair is measured. The metrics cover the confirmed
segments (translated or approved): their targets are the final text the drafts are measured
against; the per-segment table lists every segment. Progress over time is rebuilt from the
revisions of today's segments: each starts, at its document's import, in the status its first
revision left, and moves with each revision.
"""

import hashlib
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_app.core.metrics import (
    CorpusMetrics,
    HistogramBin,
    PairStatistics,
    SegmentMetrics,
    corpus_from_statistics,
    pair_statistics,
    ter_histogram,
)
from review_app.core.workflow import MqmSeverity, mqm_score
from review_app.store import (
    Comment,
    Document,
    PairStatistic,
    QaIssue,
    Rejection,
    Revision,
    Segment,
    User,
)
from review_app.store.models import SEGMENT_STATUSES

from . import qa
from .errors import NotFound
from .uow import unit_of_work

CONFIRMED = ("translated", "approved")
# Named columns of the activity table; any other kind of revision counts as "other".
ACTIVITY_KINDS = {
    "edit": "Edits",
    "confirm": "Confirmations",
    "revert": "Reverts",
    "approve": "Approvals",
    "reject": "Rejections",
}
# At most this many points on the progress chart: the time step grows until they fit.
MAX_PROGRESS_POINTS = 48
_STEPS = (
    (timedelta(minutes=1), "%Y-%m-%d %H:%M"),
    (timedelta(hours=1), "%Y-%m-%d %H:00"),
    (timedelta(days=1), "%Y-%m-%d"),
    (timedelta(weeks=1), "week of %Y-%m-%d"),
    (timedelta(days=30), "%Y-%m"),
)


@dataclass(frozen=True)
class SegmentRow:
    id: int
    document_id: int
    label: str
    status: str
    source: str
    draft: str
    target: str
    metrics: SegmentMetrics
    statistics: PairStatistics = field(repr=False, compare=False)


@dataclass(frozen=True)
class ProgressPoint:
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PersonActivity:
    username: str
    by_kind: dict[str, int]
    comments: int
    last_active: datetime | None

    def count(self, kind: str) -> int:
        """Revisions of ``kind``; ``other`` counts the kinds without a column of their own."""
        if kind == "other":
            return sum(n for k, n in self.by_kind.items() if k not in ACTIVITY_KINDS)
        return self.by_kind.get(kind, 0)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values()) + self.comments


@dataclass(frozen=True)
class QaCount:
    check_id: str
    title: str
    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


@dataclass(frozen=True)
class MqmSummary:
    """The MQM errors editors recorded when rejecting segments, and their score."""

    rejections: int
    by_severity: dict[str, int]
    by_category: dict[str, int]
    words: int
    per_thousand_words: float


@dataclass(frozen=True)
class TranslatorMetrics:
    username: str
    metrics: CorpusMetrics


@dataclass(frozen=True)
class DocumentMetrics:
    """One line of the all-documents table."""

    document: Document
    counts: dict[str, int]
    metrics: CorpusMetrics | None


@dataclass(frozen=True)
class Stats:
    """Everything the dashboard and ``review-app stats`` show, for one document or all."""

    title: str
    counts: dict[str, int]
    segments: list[SegmentRow]
    metrics: CorpusMetrics | None
    histogram: list[HistogramBin]
    translators: list[TranslatorMetrics]
    progress: list[ProgressPoint]
    activity: list[PersonActivity]
    qa: list[QaCount]
    mqm: MqmSummary | None
    documents: list[DocumentMetrics] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.segments)

    @property
    def confirmed(self) -> int:
        return sum(self.counts.get(status, 0) for status in CONFIRMED)


def find_document(session: Session, reference: str) -> Document:
    """A document by its id or its slug, as a person types it on the command line."""
    document = None
    if reference.isdigit():
        document = session.get(Document, int(reference))
    if document is None:
        document = session.scalars(select(Document).where(Document.slug == reference)).first()
    if document is None:
        raise NotFound(
            f"There is no document {reference!r}. Give a document id or slug "
            "(the documents list shows both in its links)."
        )
    return document


def document_stats(session: Session, document_id: int) -> Stats:
    """The statistics of one document."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"There is no document {document_id}. It may have been removed.")
    return _stats(session, document.title, [document])


def all_documents_stats(session: Session) -> Stats:
    """The statistics of every document together, with a line per document."""
    documents = list(session.scalars(select(Document).order_by(Document.updated_at.desc())))
    stats = _stats(session, "All documents", documents)
    by_document: dict[int, list[SegmentRow]] = defaultdict(list)
    for row in stats.segments:
        by_document[row.document_id].append(row)
    lines = [
        DocumentMetrics(
            document,
            dict(Counter(row.status for row in by_document[document.id])),
            _metrics_of(r for r in by_document[document.id] if r.status in CONFIRMED),
        )
        for document in documents
    ]
    return replace(stats, documents=lines)


def _stats(session: Session, title: str, documents: Sequence[Document]) -> Stats:
    ids = [d.id for d in documents]
    segments = _segment_rows(session, ids)
    revisions = _revisions(session, ids)
    names = dict(session.execute(select(User.id, User.username)).all())
    confirmed = [row for row in segments if row.status in CONFIRMED]
    metrics = _metrics_of(confirmed)
    return Stats(
        title=title,
        counts=dict(Counter(row.status for row in segments)),
        segments=segments,
        metrics=metrics,
        histogram=ter_histogram(row.metrics.ter for row in confirmed),
        translators=_by_translator(confirmed, revisions, names),
        progress=_progress(documents, segments, revisions),
        activity=_activity(session, ids, revisions, names),
        qa=_qa_counts(session, ids),
        mqm=_mqm(session, ids, segments),
    )


def _segment_rows(session: Session, document_ids: list[int]) -> list[SegmentRow]:
    # Plain column rows rather than ORM objects: a 10,000-segment document is read in a blink.
    rows = session.execute(
        select(
            Segment.id,
            Segment.document_id,
            Segment.label,
            Segment.status,
            Segment.source,
            Segment.draft,
            Segment.target,
        )
        .where(Segment.document_id.in_(document_ids), Segment.active)
        .order_by(Segment.document_id, Segment.position)
    ).all()
    stats = statistics_for(session, [(row.draft, row.target) for row in rows])
    return [
        SegmentRow(*row, metrics=pair.segment, statistics=pair)
        for row, pair in zip(rows, stats, strict=True)
    ]


def _metrics_of(rows: Iterable[SegmentRow]) -> CorpusMetrics | None:
    return corpus_from_statistics([row.statistics for row in rows])


# Keys looked up per query: SQLite allows a few hundred bound parameters comfortably.
_KEYS_PER_QUERY = 500


def store_statistics(session: Session, draft: str, target: str) -> None:
    """Compute and keep the statistics of a pair a save has just made (about 1–2 ms), so that
    no dashboard has to: a document's figures are then sums of stored statistics."""
    key = _pair_key(draft, target)
    if session.get(PairStatistic, key) is None:
        session.add(PairStatistic(key=key, stats=pair_statistics(draft, target).to_json()))


def statistics_for(session: Session, pairs: Sequence[tuple[str, str]]) -> list[PairStatistics]:
    """The statistics of each pair: stored ones read, missing ones computed and stored."""
    keys = [_pair_key(draft, target) for draft, target in pairs]
    unique = list(dict.fromkeys(keys))
    stored: dict[str, str] = {}
    for start in range(0, len(unique), _KEYS_PER_QUERY):
        chunk = unique[start : start + _KEYS_PER_QUERY]
        stored.update(
            session.execute(
                select(PairStatistic.key, PairStatistic.stats).where(PairStatistic.key.in_(chunk))
            ).all()
        )
    found: dict[str, PairStatistics] = {}
    missing: dict[str, PairStatistics] = {}
    result = []
    for key, (draft, target) in zip(keys, pairs, strict=True):
        if key not in found:
            known = _recent.get(key)
            if key not in stored:
                known = missing[key] = known or pair_statistics(draft, target)
            elif known is None:
                known = PairStatistics.from_json(stored[key])
            found[key] = known
        result.append(found[key])
    if missing:
        _keep(session, missing)
    _remember(found)
    return result


# The statistics read last, so that a dashboard shown again does not parse them again (the
# store is still asked which pairs it has, and given the ones it lacks). Keyed by a hash of
# the texts, which never change under a key: nothing here can go stale.
_RECENT_PAIRS = 50_000
_recent: OrderedDict[str, PairStatistics] = OrderedDict()


def _remember(found: dict[str, PairStatistics]) -> None:
    for key, statistics in found.items():
        _recent[key] = statistics
        _recent.move_to_end(key)
    while len(_recent) > _RECENT_PAIRS:
        _recent.popitem(last=False)


def _keep(session: Session, computed: dict[str, PairStatistics]) -> None:
    """Store freshly computed statistics; a cache, so a lost race only costs the work."""
    try:
        with unit_of_work(session):
            session.add_all(PairStatistic(key=k, stats=s.to_json()) for k, s in computed.items())
    except IntegrityError:
        pass  # another request stored the same pairs first


def _pair_key(draft: str, target: str) -> str:
    return hashlib.sha256(f"{draft}\x00{target}".encode()).hexdigest()


@dataclass(frozen=True)
class _Change:
    segment_id: int
    user_id: int
    at: datetime
    kind: str
    old_status: str
    new_status: str
    changed_text: bool


def _revisions(session: Session, document_ids: list[int]) -> list[_Change]:
    rows = session.execute(
        select(
            Revision.segment_id,
            Revision.user_id,
            Revision.created_at,
            Revision.kind,
            Revision.old_status,
            Revision.new_status,
            Revision.old_target != Revision.new_target,
        )
        .where(Revision.document_id.in_(document_ids))
        .order_by(Revision.id)
    )
    return [
        _Change(segment_id, user_id, _utc(at), kind, old, new, bool(changed))
        for segment_id, user_id, at, kind, old, new, changed in rows
    ]


def _utc(value: datetime) -> datetime:
    # SQLite hands datetimes back without a zone; they were stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _by_translator(
    confirmed: list[SegmentRow], revisions: list[_Change], names: dict[int, str]
) -> list[TranslatorMetrics]:
    """Each confirmed segment counts for whoever last changed its text, or else confirmed it."""
    wrote: dict[int, int] = {}
    confirmed_by: dict[int, int] = {}
    for change in revisions:
        if change.changed_text:
            wrote[change.segment_id] = change.user_id
        if change.new_status == "translated":
            confirmed_by[change.segment_id] = change.user_id
    groups: dict[str, list[SegmentRow]] = defaultdict(list)
    for row in confirmed:
        user_id = wrote.get(row.id, confirmed_by.get(row.id))
        if user_id is not None:
            groups[names.get(user_id, f"user {user_id}")].append(row)
    return [
        TranslatorMetrics(name, metrics)
        for name, rows in sorted(groups.items())
        if (metrics := _metrics_of(rows)) is not None
    ]


def _progress(
    documents: Sequence[Document], segments: list[SegmentRow], revisions: list[_Change]
) -> list[ProgressPoint]:
    """Segments by status after each step of time that saw a change, from the first import."""
    active = {row.id: row for row in segments}
    first_status: dict[int, str] = {}
    events: list[tuple[datetime, str, str]] = []
    for change in revisions:
        if change.segment_id not in active:
            continue
        first_status.setdefault(change.segment_id, change.old_status)
        if change.old_status != change.new_status:
            events.append((change.at, change.old_status, change.new_status))
    created = {d.id: _utc(d.created_at) for d in documents}
    starts = Counter(
        (created[row.document_id], first_status.get(row.id, row.status)) for row in segments
    )
    if not starts:
        return []
    timeline = [(at, None, status, n) for (at, status), n in starts.items()]
    timeline += [(at, old, new, 1) for at, old, new in events]
    timeline.sort(key=lambda event: event[0])
    step, label_format = _step(timeline[0][0], timeline[-1][0])
    counts = dict.fromkeys(SEGMENT_STATUSES, 0)
    points: list[ProgressPoint] = []
    bucket = None
    for at, old, new, n in timeline:
        this_bucket = _floor(at, step)
        if bucket is not None and this_bucket != bucket:
            points.append(ProgressPoint(bucket.strftime(label_format), dict(counts)))
        elif not points and old is not None and bucket == this_bucket:
            # Work began within the first step of time: show the imported state before it.
            points.append(ProgressPoint("import", dict(counts)))
        bucket = this_bucket
        if old is not None:
            counts[old] -= n
        counts[new] += n
    points.append(ProgressPoint(bucket.strftime(label_format), dict(counts)))
    return points


def _step(first: datetime, last: datetime) -> tuple[timedelta, str]:
    for step, label_format in _STEPS:
        if (last - first) / step <= MAX_PROGRESS_POINTS:
            return step, label_format
    return _STEPS[-1]


def _floor(at: datetime, step: timedelta) -> datetime:
    epoch = datetime(1970, 1, 5, tzinfo=UTC)  # a Monday, so weeks start on Mondays
    return epoch + (at - epoch) // step * step


def _activity(
    session: Session, document_ids: list[int], revisions: list[_Change], names: dict[int, str]
) -> list[PersonActivity]:
    kinds: dict[int, Counter] = defaultdict(Counter)
    last: dict[int, datetime] = {}
    for change in revisions:
        kinds[change.user_id][change.kind] += 1
        last[change.user_id] = max(change.at, last.get(change.user_id, change.at))
    comments: Counter = Counter()
    rows = session.execute(
        select(Comment.user_id, func.count(), func.max(Comment.created_at))
        .join(Segment, Segment.id == Comment.segment_id)
        .where(Segment.document_id.in_(document_ids))
        .group_by(Comment.user_id)
    )
    for user_id, count, newest in rows:
        comments[user_id] = count
        last[user_id] = max(_utc(newest), last.get(user_id, _utc(newest)))
    people = [
        PersonActivity(
            names.get(user_id, f"user {user_id}"),
            dict(kinds[user_id]),
            comments[user_id],
            last.get(user_id),
        )
        for user_id in set(kinds) | set(comments)
    ]
    return sorted(people, key=lambda p: (-p.total, p.username))


def _qa_counts(session: Session, document_ids: list[int]) -> list[QaCount]:
    """Open QA issues by check, from the stored issues (checked first where stale)."""
    qa.ensure_checked(session, document_ids)
    counts: dict[str, Counter] = defaultdict(Counter)
    rows = session.execute(
        select(QaIssue.check_id, QaIssue.severity, func.count())
        .where(QaIssue.document_id.in_(document_ids))
        .group_by(QaIssue.check_id, QaIssue.severity)
    )
    for check_id, severity, count in rows:
        counts[check_id][severity] = count
    titles = qa.check_titles()
    found = [
        QaCount(check_id, titles.get(check_id, check_id), c["error"], c["warning"])
        for check_id, c in counts.items()
    ]
    return sorted(found, key=lambda q: (-q.total, q.check_id))


def _mqm(
    session: Session, document_ids: list[int], segments: list[SegmentRow]
) -> MqmSummary | None:
    """Penalty per 1,000 words of the current targets from the recorded rejections, as the
    publication's review report counts them; None while nothing has been rejected."""
    rows = session.execute(
        select(Rejection.severity, Rejection.category).where(
            Rejection.document_id.in_(document_ids)
        )
    ).all()
    if not rows:
        return None
    words = sum(len(row.target.split()) for row in segments)
    by_severity = Counter(severity for severity, _ in rows)
    return MqmSummary(
        rejections=len(rows),
        by_severity={s.value: by_severity[s.value] for s in MqmSeverity},
        by_category=dict(Counter(category for _, category in rows).most_common()),
        words=words,
        per_thousand_words=mqm_score([severity for severity, _ in rows], words),
    )
