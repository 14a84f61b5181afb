"""Statistics of a document or of all documents: post-editing metrics, progress, activity, QA.

Reads only. sacrebleu's statistics of each (draft, target) pair are stored at save time
(``store_statistics``, in the save's transaction); a pair the store lacks (an imported one, not
yet saved) is computed by the read and noted on the session, and ``store_computed_statistics``
keeps the noted ones in a transaction of its own, which the web layer runs just after the
response (web/deferred.py) and ``review-app stats`` once it has its figures. A read never
commits: the caller's session may hold work of its own, to be committed or not by the caller.
A document missing more than ``INLINE_PAIRS`` of them (an imported file, never saved) is not
read by a page at all until a job has stored them (``services.metric_jobs``).

The metrics cover the confirmed segments (translated or approved): their targets are the final
text the drafts are measured against; the per-segment table lists every segment. Progress over
time is ``core.progress``'s timeline over today's segments and their revisions.
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
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
from review_app.core.progress import ProgressPoint, SegmentNow, StatusChange, progress_timeline
from review_app.core.summaries import (
    MqmSummary,
    QaCount,
    mqm_summary,
    qa_counts,
    target_words,
)
from review_app.core.workflow import CONFIRMED, SegmentStatus
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

# Named columns of the activity table; any other kind of revision counts as "other".
ACTIVITY_KINDS = {
    "edit": "Edits",
    "confirm": "Confirmations",
    "revert": "Reverts",
    "approve": "Approvals",
    "reject": "Rejections",
}


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
        qa=_checked_qa_counts(session, ids),
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
    """The statistics of each pair: stored ones read, missing ones computed.

    Writes nothing: the computed ones are noted on ``session``, for a separate step that
    the read does not own (``take_computed_statistics``, ``store_computed_statistics``).
    """
    keys = [_pair_key(draft, target) for draft, target in pairs]
    stored = _stored(session, keys)
    found: dict[str, PairStatistics] = {}
    missing: dict[str, PairStatistics] = {}
    result = []
    for key, (draft, target) in zip(keys, pairs, strict=True):
        if key not in found:
            if key in stored:
                found[key] = _parsed(stored[key])
            else:
                found[key] = missing[key] = pair_statistics(draft, target)
        result.append(found[key])
    if missing:
        session.info.setdefault(_UNSTORED, {}).update(missing)
    return result


# A read computes at most this many missing pairs itself (about 2 ms each, so a second);
# a document with more (a long PO import) has them computed by a job first
# (``services.metric_jobs``), and its dashboard says so meanwhile.
INLINE_PAIRS = 500


def unstored_pairs(session: Session, document_ids: Sequence[int]) -> list[tuple[str, str]]:
    """The (draft, target) pairs of the documents' segments whose statistics the store
    lacks, each once."""
    rows = session.execute(
        select(Segment.draft, Segment.target).where(
            Segment.document_id.in_(document_ids), Segment.active
        )
    ).all()
    pairs = {_pair_key(draft, target): (draft, target) for draft, target in rows}
    stored = _stored(session, list(pairs))
    return [pair for key, pair in pairs.items() if key not in stored]


def store_pair_statistics(
    session: Session,
    pairs: Sequence[tuple[str, str]],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Compute the statistics of ``pairs`` and add them to the caller's transaction; a pair
    another process stored meanwhile is left as it is (the same pair has the same figures).
    The whole computation comes before the first write, so a SQLite database is locked only
    for the inserts."""
    computed = []
    for done, (draft, target) in enumerate(pairs, start=1):
        statistics = pair_statistics(draft, target)
        computed.append({"key": _pair_key(draft, target), "stats": statistics.to_json()})
        if progress is not None:
            progress(done, len(pairs))
    for start in range(0, len(computed), _KEYS_PER_QUERY):
        session.execute(_insert_new(session), computed[start : start + _KEYS_PER_QUERY])


def _insert_new(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(PairStatistic).on_conflict_do_nothing(index_elements=["key"])
    return sqlite.insert(PairStatistic).on_conflict_do_nothing(index_elements=["key"])


def take_computed_statistics(session: Session) -> dict[str, PairStatistics]:
    """The statistics that reads in ``session`` computed because the store lacked them."""
    return session.info.pop(_UNSTORED, {})


def store_computed_statistics(session: Session, computed: dict[str, PairStatistics]) -> int:
    """Store ``computed`` (from ``take_computed_statistics``) in a transaction of its own, so
    that the next read finds them; how many were new.

    A cache: pairs another request stored first are skipped, and a lost race costs only the
    work of computing them again next time.
    """
    if not computed:
        return 0
    try:
        with unit_of_work(session):
            known = _stored(session, list(computed))
            fresh = {key: s for key, s in computed.items() if key not in known}
            session.add_all(PairStatistic(key=k, stats=s.to_json()) for k, s in fresh.items())
    except IntegrityError:
        return 0  # another request stored some of the same pairs in between
    return len(fresh)


def _stored(session: Session, keys: Sequence[str]) -> dict[str, str]:
    """The stored statistics (JSON) of those of ``keys`` the store has."""
    unique = list(dict.fromkeys(keys))
    stored: dict[str, str] = {}
    for start in range(0, len(unique), _KEYS_PER_QUERY):
        chunk = unique[start : start + _KEYS_PER_QUERY]
        stored.update(
            session.execute(
                select(PairStatistic.key, PairStatistic.stats).where(PairStatistic.key.in_(chunk))
            ).all()
        )
    return stored


_UNSTORED = "review_app.unstored_pair_statistics"
# Statistics parsed from the store, by their JSON: parsing 10,000 of them takes about 120 ms of
# a dashboard's 300 (benchmarks/metrics_bench.py). lru_cache keeps its table coherent when the
# server's threads update it at once; a text never changes its meaning, so nothing goes stale.
_RECENT_PAIRS = 50_000
_parsed = lru_cache(maxsize=_RECENT_PAIRS)(PairStatistics.from_json)


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
        if change.new_status == SegmentStatus.TRANSLATED:
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
    created = {d.id: _utc(d.created_at) for d in documents}
    return progress_timeline(
        [SegmentNow(row.id, created[row.document_id], row.status) for row in segments],
        [StatusChange(c.segment_id, c.at, c.old_status, c.new_status) for c in revisions],
        SEGMENT_STATUSES,
    )


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


def _checked_qa_counts(session: Session, document_ids: list[int]) -> list[QaCount]:
    qa.ensure_checked(session, document_ids)
    return qa_summary(session, document_ids)


def qa_summary(session: Session, document_ids: list[int]) -> list[QaCount]:
    """Open QA issues of the documents' segments by check, from the stored issues."""
    rows = session.execute(
        select(QaIssue.check_id, QaIssue.severity, func.count())
        .join(Segment, Segment.id == QaIssue.segment_id)
        .where(QaIssue.document_id.in_(document_ids), Segment.active)
        .group_by(QaIssue.check_id, QaIssue.severity)
    )
    return qa_counts(rows, qa.check_titles())


def mqm_of(session: Session, document_ids: list[int], targets: Iterable[str]) -> MqmSummary:
    """The rejections recorded on the documents, scored per 1,000 words of ``targets`` (the
    current targets of their segments)."""
    rows = session.execute(
        select(Rejection.severity, Rejection.category)
        .where(Rejection.document_id.in_(document_ids))
        .order_by(Rejection.id)
    )
    return mqm_summary(list(rows), target_words(targets))


def _mqm(
    session: Session, document_ids: list[int], segments: list[SegmentRow]
) -> MqmSummary | None:
    """As the publication's review report counts them; None while nothing has been rejected."""
    summary = mqm_of(session, document_ids, (row.target for row in segments))
    return summary if summary.rejections else None
