"""QA checks: each finds one kind of problem and says where it is on both sides.

The entry points::

    context = CheckContext(glossary=TermMatcher(terms))          # once per document
    check_segment(source, target, context)    -> list[Issue]        # one row, on save
    check_document(segments, context)         -> list[list[Issue]]  # every row, all checks

``check_segment`` runs the checks that read one segment; ``check_document`` also runs the
document checks (inconsistent, length_ratio, enumeration) and returns the issues of each
segment in the order of ``segments`` (anything with ``.source`` and ``.target``).
"""

from collections.abc import Iterable, Sequence

from . import codes, document, glossary, numbers, punctuation, text  # noqa: F401  (registration)
from .base import (
    Check,
    CheckContext,
    DocumentCheck,
    Issue,
    SegmentText,
    Severity,
    register,
    registered_checks,
)

__all__ = [
    "Check",
    "CheckContext",
    "DocumentCheck",
    "Issue",
    "SegmentText",
    "Severity",
    "check_document",
    "check_segment",
    "register",
    "registered_checks",
]


def _enabled(context: CheckContext, ids: Iterable[str] | None) -> list[Check]:
    wanted = None if ids is None else set(ids)
    unknown = (wanted or set()) - set(registered_checks())
    if unknown:
        raise ValueError(f"unknown check id(s): {', '.join(sorted(unknown))}")
    return [
        cls()
        for check_id, cls in registered_checks().items()
        if check_id not in context.disabled and (wanted is None or check_id in wanted)
    ]


def check_segment(
    source: str,
    target: str,
    context: CheckContext | None = None,
    *,
    checks: Iterable[str] | None = None,
) -> list[Issue]:
    """Issues of one segment from the segment checks (not the document checks)."""
    context = context or CheckContext()
    issues = []
    for check in _enabled(context, checks):
        if not isinstance(check, DocumentCheck):
            issues += check.check(source, target, context)
    return issues


def check_document(
    segments: Sequence[SegmentText],
    context: CheckContext | None = None,
    *,
    checks: Iterable[str] | None = None,
) -> list[list[Issue]]:
    """Issues of every segment from every check, one list per segment, in segment order."""
    context = context or CheckContext()
    enabled = _enabled(context, checks)
    result: list[list[Issue]] = [[] for _ in segments]
    segment_checks = [c for c in enabled if not isinstance(c, DocumentCheck)]
    # Segment by segment, so that checks reading the same texts share the work (the glossary
    # matcher remembers the last source it scanned).
    for index, segment in enumerate(segments):
        for check in segment_checks:
            result[index] += check.check(segment.source, segment.target, context)
    for check in enabled:
        if isinstance(check, DocumentCheck):
            for index, issue in check.check_document(segments, context):
                result[index].append(issue)
    return result
