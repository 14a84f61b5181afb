"""The termbase: Chinese terms, their acceptable and unacceptable English renderings."""

from dataclasses import dataclass
from enum import StrEnum


class TermStatus(StrEnum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"

    @property
    def acceptable(self) -> bool:
        return self in _ACCEPTABLE


_ACCEPTABLE = frozenset({TermStatus.PREFERRED, TermStatus.ADMITTED})


@dataclass(frozen=True)
class Term:
    """One rendering of a Chinese term. A term with several renderings has several rows."""

    source: str
    target: str
    status: TermStatus = TermStatus.PREFERRED
    note: str = ""
    case_sensitive: bool = False
    pos: str = ""

    @property
    def keep_as_is(self) -> bool:
        """A term written the same in both languages (CANTOOP, 5G)."""
        return self.source == self.target


def alignment_pairs(terms: list[Term]) -> list[tuple[str, str]]:
    """(Chinese, English) pairs that count as translation evidence: acceptable renderings only."""
    return [(t.source, t.target) for t in terms if t.status.acceptable]
