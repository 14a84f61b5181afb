"""What a segment row shows beyond its texts: glossary terms and QA issues, as marked parts.

A row's texts are cut into parts, each plain or marked (a glossary term with its tooltip, a
span a QA issue points at, or both), so the template writes every part through autoescaping
and no HTML is ever assembled from user text here. Rows ask ``row_annotations(segment)``; a
view that renders many rows calls ``prefetch`` first so their issues come in one query.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import g
from flask_babel import gettext as _

from review_app.core.termmatch import TermMatch, TermMatcher, matcher_for
from review_app.services import glossary as glossary_service
from review_app.services import qa
from review_app.services.projects import default_project
from review_app.store import QaIssue, Segment

from .db import get_db
from .i18n import term_status_name

_RANK = {"warning": 1, "error": 2}
_SEVERITY = {0: "", 1: "warning", 2: "error"}


@dataclass(frozen=True)
class Part:
    """A run of text with one marking: ``kind`` is "" or a CSS class for a glossary mark."""

    text: str
    kind: str = ""
    title: str = ""
    severity: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.kind or self.severity)

    @property
    def css(self) -> str:
        classes = [self.kind] if self.kind else []
        if self.severity:
            classes.append(f"issue-{self.severity}")
        return " ".join(classes)


@dataclass(frozen=True)
class RowAnnotations:
    issues: Sequence[QaIssue]
    source_parts: Sequence[Part]
    target_parts: Sequence[Part]

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "warning")

    @property
    def target_marked(self) -> bool:
        return any(part.marked for part in self.target_parts)


def _matcher(segment: Segment) -> TermMatcher:
    """The terms of the segment's project's glossaries, built once per request and project."""
    if "term_matchers" not in g:
        g.term_matchers = {}
    project_id = segment.document.project_id
    if project_id not in g.term_matchers:
        session = get_db()
        terms = glossary_service.project_terms(
            session, project_id if project_id is not None else default_project(session).id
        )
        g.term_matchers[project_id] = matcher_for(tuple(terms))
    return g.term_matchers[project_id]


def _cache() -> dict[int, list[QaIssue]]:
    if "qa_issues" not in g:
        g.qa_issues = {}
    return g.qa_issues


def prefetch(segments: Iterable[Segment]) -> None:
    """Load the stored issues of many rows in one query."""
    wanted = [s.id for s in segments if s.id not in _cache()]
    found = qa.issues_by_segment(get_db(), wanted)
    for segment_id in wanted:
        _cache()[segment_id] = found.get(segment_id, [])


def row_annotations(segment: Segment) -> RowAnnotations:
    if segment.id not in _cache():
        prefetch([segment])
    issues = _cache()[segment.id]
    matcher = _matcher(segment)
    source_matches = matcher.find_in_source(segment.source) if matcher else []
    source_marks = [(m.start, m.end, "term", _source_title(m)) for m in source_matches]
    terms = [term for m in source_matches for term in m.terms]
    target_marks = [
        (m.start, m.end, _target_kind(m), _target_title(m))
        for m in (matcher.find_in_target(segment.target, terms) if terms else [])
    ]
    return RowAnnotations(
        issues,
        marked_parts(segment.source, source_marks, [(i.source_spans, i.severity) for i in issues]),
        marked_parts(segment.target, target_marks, [(i.target_spans, i.severity) for i in issues]),
    )


def source_terms(segment: Segment) -> list[TermMatch]:
    """The glossary terms found in the segment's source, in text order, for the side pane."""
    matcher = _matcher(segment)
    return matcher.find_in_source(segment.source) if matcher else []


def _source_title(match: TermMatch) -> str:
    lines = [_("Glossary:")]
    for term in match.terms:
        line = _(
            "%(verdict)s: %(rendering)s (%(status)s)",
            verdict=_("use") if term.status.acceptable else _("avoid"),
            rendering=term.target,
            status=term_status_name(term.status.value),
        )
        lines.append(f"{line}. {term.note}" if term.note else line)
    return "\n".join(lines)


def _target_kind(match: TermMatch) -> str:
    return "term-ok" if any(t.status.acceptable for t in match.terms) else "term-bad"


def _target_title(match: TermMatch) -> str:
    return "\n".join(
        _(
            "Glossary: %(source)s → %(rendering)s (%(status)s)",
            source=t.source,
            rendering=t.target,
            status=term_status_name(t.status.value),
        )
        for t in match.terms
    )


def marked_parts(
    text: str,
    marks: list[tuple[int, int, str, str]],
    issue_spans: list[tuple[list, str]],
) -> list[Part]:
    """Cut ``text`` where its marking changes. The first mark wins where marks overlap
    (matches come longest first); overlapping issue spans show the most severe."""
    length = len(text)
    mark_at: list[int | None] = [None] * length
    for index, (start, end, _kind, _title) in enumerate(marks):
        for i in range(max(start, 0), min(end, length)):
            if mark_at[i] is None:
                mark_at[i] = index
    rank_at = [0] * length
    for spans, severity in issue_spans:
        for start, end in spans:
            for i in range(max(start, 0), min(end, length)):
                rank_at[i] = max(rank_at[i], _RANK.get(severity, 1))
    parts: list[Part] = []
    begin = 0
    for i in range(1, length + 1):
        if i == length or (mark_at[i], rank_at[i]) != (mark_at[begin], rank_at[begin]):
            mark = mark_at[begin]
            kind, title = ("", "") if mark is None else marks[mark][2:]
            parts.append(Part(text[begin:i], kind, title, _SEVERITY[rank_at[begin]]))
            begin = i
    return parts
