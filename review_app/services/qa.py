"""QA on save: run the checks of ``core.checks`` and keep their issues in ``qa_issues``.

Stored rather than computed on each view: the rows, the "has issues" filter and the documents
list then read an indexed table, and a 5,000-segment document is filtered without checking it.
The cost moves to the writes, which keep it small: a save re-runs the segment checks of the
changed segments and the document checks (consistency, length ratio, lists) of the whole
document, and only rows that differ are deleted or inserted. A glossary change marks the
documents of the projects using it stale; a stale document is checked in full before its
issues are next read. Each document is checked with its own project's glossaries.
"""

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from review_app.core.checks import (
    CheckContext,
    DocumentCheck,
    Issue,
    check_document,
    check_segment,
    registered_checks,
)
from review_app.core.messages import N_, Message, encode_params
from review_app.core.termmatch import matcher_for
from review_app.core.workflow import SegmentRole
from review_app.store import Document, QaIssue, Segment
from review_app.store.locks import lock_document

from .glossary import project_terms
from .projects import project_id_of
from .uow import unit_of_work

DOCUMENT_CHECKS = frozenset(
    check_id for check_id, cls in registered_checks().items() if issubclass(cls, DocumentCheck)
)
SEVERITIES = ("error", "warning")

# The checks that read the whole document cost about 5 ms per 1,000 segments on every save.
# Up to this size a save runs them at once; above it, the save checks its own segments and
# leaves the document checks to run_deferred_checks, which the web layer calls just after the
# response is sent, so typing in a long document stays fast. Until they have run, the stored
# document-check issues (consistency, length ratio, lists) are those of the previous save.
SYNC_DOCUMENT_CHECKS_LIMIT = 1_000
_DEFERRED = "review_app.deferred_document_checks"


class _Text(NamedTuple):  # a tuple: thousands are built on every save
    """A segment as the checks read it; ``key`` names it in messages about other segments."""

    id: int
    key: str
    source: str
    target: str


def check_context(session: Session, document_id: int) -> CheckContext:
    """The checks' setting for a document: the terms of its project's glossaries."""
    return _project_context(session, project_id_of(session, document_id))


def _project_context(session: Session, project_id: int) -> CheckContext:
    terms = project_terms(session, project_id)
    return CheckContext(glossary=matcher_for(tuple(terms)) if terms else None)


class _Contexts:
    """Check contexts by project, for a run over many documents."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_project: dict[int, CheckContext] = {}

    def of(self, document_id: int) -> CheckContext:
        project_id = project_id_of(self.session, document_id)
        if project_id not in self.by_project:
            self.by_project[project_id] = _project_context(self.session, project_id)
        return self.by_project[project_id]


def refresh_issues(
    session: Session,
    document_id: int,
    segment_ids: Iterable[int] | None = None,
    *,
    context: CheckContext | None = None,
) -> None:
    """Bring the stored issues of a document up to date, inside the caller's transaction.

    With ``segment_ids``, only those segments changed: their segment checks run again, and the
    document checks run over the whole document. Without, every check runs on every segment.
    """
    context = context or check_context(session, document_id)
    if segment_ids is not None and _size(session, document_id) > SYNC_DOCUMENT_CHECKS_LIMIT:
        _refresh_segment_checks(session, document_id, set(segment_ids), context)
        session.info.setdefault(_DEFERRED, set()).add(document_id)
        return
    texts = _texts(session, document_id)
    stored = select(QaIssue).where(QaIssue.document_id == document_id)
    fresh: list[tuple[int, Issue]] = []
    if segment_ids is None:
        for text, issues in zip(texts, check_document(texts, context), strict=True):
            fresh += [(text.id, issue) for issue in issues]
    else:
        changed = set(segment_ids)
        for text in texts:
            if text.id in changed:
                fresh += [(text.id, i) for i in check_segment(text.source, text.target, context)]
        document_checks = DOCUMENT_CHECKS - context.disabled
        if document_checks:
            results = check_document(texts, context, checks=document_checks)
            for text, issues in zip(texts, results, strict=True):
                fresh += [(text.id, issue) for issue in issues]
        stored = stored.where(
            QaIssue.segment_id.in_(changed) | QaIssue.check_id.in_(DOCUMENT_CHECKS)
        )
    _replace(session, document_id, list(session.scalars(stored)), fresh)
    if segment_ids is None:
        document = session.get(Document, document_id)
        # The callers check a document they hold the lock of; no use case deletes one.
        assert document is not None, f"document {document_id} vanished under its lock"
        document.qa_stale = False
    session.flush()


def run_deferred_checks(session: Session, document_ids: Iterable[int]) -> None:
    """Run the document checks that saves on long documents left for later (see above)."""
    contexts = _Contexts(session)
    for document_id in sorted(set(document_ids)):
        with unit_of_work(session):
            context = contexts.of(document_id)
            texts = _texts(session, document_id)
            checks = DOCUMENT_CHECKS - context.disabled
            results = check_document(texts, context, checks=checks) if checks else []
            fresh = [
                (text.id, issue)
                for text, issues in zip(texts, results, strict=True)
                for issue in issues
            ]
            stored = select(QaIssue).where(
                QaIssue.document_id == document_id, QaIssue.check_id.in_(DOCUMENT_CHECKS)
            )
            _replace(session, document_id, list(session.scalars(stored)), fresh)


def take_deferred_checks(session: Session) -> set[int]:
    """The documents whose document checks a save in this session left for later."""
    return session.info.pop(_DEFERRED, set())


def _size(session: Session, document_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Segment)
            .where(Segment.document_id == document_id, Segment.active)
        )
        or 0
    )


def _texts(session: Session, document_id: int, ids: set[int] | None = None) -> list[_Text]:
    query = (
        select(Segment.id, Segment.label, Segment.source, Segment.target)
        # Excluded segments are not published, so nothing about them is checked: a changed
        # segment that is excluded now simply loses the issues it had.
        .where(
            Segment.document_id == document_id,
            Segment.active,
            Segment.role != SegmentRole.EXCLUDED.value,
        )
        .order_by(Segment.position)
    )
    if ids is not None:
        query = query.where(Segment.id.in_(ids))
    return [
        _Text(id_, Message(N_("segment %(number)s"), number=label), source, target)
        for id_, label, source, target in session.execute(query)
    ]


def _refresh_segment_checks(
    session: Session, document_id: int, changed: set[int], context: CheckContext
) -> None:
    fresh = [
        (text.id, issue)
        for text in _texts(session, document_id, changed)
        for issue in check_segment(text.source, text.target, context)
    ]
    stored = select(QaIssue).where(
        QaIssue.segment_id.in_(changed), QaIssue.check_id.not_in(DOCUMENT_CHECKS)
    )
    _replace(session, document_id, list(session.scalars(stored)), fresh)
    session.flush()


def _replace(
    session: Session, document_id: int, stored: list[QaIssue], fresh: list[tuple[int, Issue]]
) -> None:
    """Delete the stored issues that are gone and insert the new ones; keep the rest."""
    wanted = Counter(_key_of_issue(segment_id, issue) for segment_id, issue in fresh)
    messages = {_key_of_issue(segment_id, issue): issue.message for segment_id, issue in fresh}
    obsolete = []
    for row in stored:
        key = _key_of_row(row)
        if wanted[key] > 0:
            wanted[key] -= 1
            if row.message_id is None:
                # Stored before messages had templates: kept (with its ignore), now translatable.
                _set_message(row, messages[key])
        else:
            obsolete.append(row.id)
    if obsolete:
        session.execute(delete(QaIssue).where(QaIssue.id.in_(obsolete)))
    new = []
    for segment_id, issue in fresh:
        key = _key_of_issue(segment_id, issue)
        if wanted[key] > 0:
            wanted[key] -= 1
            new.append(_row(document_id, segment_id, issue))
    session.add_all(new)


def _key_of_issue(segment_id: int, issue: Issue) -> tuple:
    term = issue.term
    return (
        segment_id,
        issue.check_id,
        issue.severity.value,
        issue.message,
        tuple(tuple(span) for span in issue.source_spans),
        tuple(tuple(span) for span in issue.target_spans),
        term.source if term else None,
        term.target if term else None,
    )


def _key_of_row(row: QaIssue) -> tuple:
    return (
        row.segment_id,
        row.check_id,
        row.severity,
        row.message,
        tuple(tuple(span) for span in row.source_spans),
        tuple(tuple(span) for span in row.target_spans),
        row.term_source,
        row.term_target,
    )


def _row(document_id: int, segment_id: int, issue: Issue) -> QaIssue:
    row = QaIssue(
        document_id=document_id,
        segment_id=segment_id,
        check_id=issue.check_id,
        severity=issue.severity.value,
        source_spans=[list(span) for span in issue.source_spans],
        target_spans=[list(span) for span in issue.target_spans],
        term_source=issue.term.source if issue.term else None,
        term_target=issue.term.target if issue.term else None,
    )
    _set_message(row, issue.message)
    return row


def _set_message(row: QaIssue, message: str) -> None:
    """The English text, and the template and values the interface translates it from."""
    row.message = str(message)
    if isinstance(message, Message) and message.params:
        row.message_id, row.message_params = message.template, encode_params(message.params)
    else:
        row.message_id, row.message_params = str(message), None


def ensure_checked(session: Session, document_ids: Iterable[int] | None = None) -> None:
    """Check in full every stale document (of ``document_ids``, or all), before reading.

    Reads call this, so it must not commit (or flush) whatever their session holds: the
    re-check is a unit of work of its own, in a session of its own, each document under its
    lock (a save may be refreshing the same issues) and checked again there, since another
    request may have done it meanwhile.
    """
    query = select(Document.id).where(Document.qa_stale)
    if document_ids is not None:
        query = query.where(Document.id.in_(list(document_ids)))
    with session.no_autoflush:
        stale = list(session.scalars(query))
    if not stale:
        return
    with Session(session.get_bind()) as own:
        contexts = _Contexts(own)
        for document_id in stale:
            with unit_of_work(own):
                lock_document(own, document_id)
                document = own.get(Document, document_id)
                # Its id was just read from the table, and no use case deletes a document.
                assert document is not None, f"document {document_id} vanished"
                if document.qa_stale:
                    refresh_issues(own, document_id, context=contexts.of(document_id))
    # The caller's session may hold these documents as loaded before the check.
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Document) and loaded.id in stale:
            session.expire(loaded, ["qa_stale"])


def issues_by_segment(session: Session, segment_ids: Iterable[int]) -> dict[int, list[QaIssue]]:
    """Stored issues of the given segments, errors first, then by check id."""
    found: dict[int, list[QaIssue]] = {}
    ids = list(segment_ids)
    if not ids:
        return found
    rows = session.scalars(select(QaIssue).where(QaIssue.segment_id.in_(ids)).order_by(QaIssue.id))
    for row in rows:
        found.setdefault(row.segment_id, []).append(row)
    for issues in found.values():
        issues.sort(key=lambda i: (i.severity != "error", i.check_id))
    return found


def issue_counts(session: Session, document_id: int | None = None) -> dict[int, dict[str, int]]:
    """Open issues by document and severity: ``{document_id: {"error": n, "warning": m}}``."""
    query = select(QaIssue.document_id, QaIssue.severity, func.count()).group_by(
        QaIssue.document_id, QaIssue.severity
    )
    if document_id is not None:
        query = query.where(QaIssue.document_id == document_id)
    counts: dict[int, dict[str, int]] = {}
    for doc_id, severity, count in session.execute(query):
        counts.setdefault(doc_id, {})[severity] = count
    return counts


def check_titles() -> dict[str, str]:
    """Every check id with the one-line title a reviewer sees, for filters and tooltips."""
    return {check_id: cls.title() for check_id, cls in registered_checks().items()}
