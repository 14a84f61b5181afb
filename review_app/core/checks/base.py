"""What every check shares: the issue it reports, its severity, the context it runs in, and the
registry that lists the checks by their stable ids."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Protocol

from ..glossary import Term
from ..termmatch import TermMatcher

Span = tuple[int, int]


class Severity(StrEnum):
    """``error`` blocks sign-off, ``warning`` does not. Ordered: error is the more severe."""

    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return 1 if self is Severity.ERROR else 0


@dataclass(frozen=True)
class Issue:
    """One problem found by a check, with the character spans to highlight on each side.

    ``message`` is English; a check that composes it with values gives a
    ``core.messages.Message``, which the interface translates from its template."""

    check_id: str
    severity: Severity
    message: str
    source_spans: tuple[Span, ...] = ()
    target_spans: tuple[Span, ...] = ()
    term: Term | None = None


class SegmentText(Protocol):
    """Anything with a Chinese ``source`` and an English ``target`` (PoSegment, a store row)."""

    @property
    def source(self) -> str: ...

    @property
    def target(self) -> str: ...


@dataclass(frozen=True)
class CheckContext:
    """What a check may know beyond the two texts: the glossary and the project's settings.

    ``severities`` overrides a check's default severity by check id; ``disabled`` turns checks
    off by id. Build one per document (the glossary matcher indexes every term once).
    """

    glossary: TermMatcher | None = None
    severities: Mapping[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()


class Check:
    """A check of one segment. Subclasses set ``check_id`` and ``severity`` and implement
    ``check``; the first line of the subclass docstring is the title a reviewer sees."""

    check_id: ClassVar[str]
    severity: ClassVar[Severity]

    @classmethod
    def title(cls) -> str:
        return (cls.__doc__ or cls.check_id).strip().splitlines()[0]

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        raise NotImplementedError

    def issue(
        self,
        context: CheckContext,
        message: str,
        source_spans: Sequence[Span] = (),
        target_spans: Sequence[Span] = (),
        term: Term | None = None,
    ) -> Issue:
        severity = Severity(context.severities.get(self.check_id, self.severity))
        return Issue(
            self.check_id, severity, message, tuple(source_spans), tuple(target_spans), term
        )


class DocumentCheck(Check):
    """A check that needs the whole document (consistency, ratios, lists running across
    segments). It returns (segment index, issue) pairs."""

    def check(self, source: str, target: str, context: CheckContext) -> list[Issue]:
        return [issue for _, issue in self.check_document([_Pair(source, target)], context)]

    def check_document(
        self, segments: Sequence[SegmentText], context: CheckContext
    ) -> list[tuple[int, Issue]]:
        raise NotImplementedError


@dataclass(frozen=True)
class _Pair:
    source: str
    target: str


_REGISTRY: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    """Class decorator: make a check known by its id (ids are unique and never reused)."""
    if cls.check_id in _REGISTRY:
        raise ValueError(f"two checks share the id {cls.check_id!r}")
    _REGISTRY[cls.check_id] = cls
    return cls


def registered_checks() -> dict[str, type[Check]]:
    """Every check by id, in the order they were registered."""
    return dict(_REGISTRY)
