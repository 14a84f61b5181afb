"""Regular-expression search over segment texts, bounded in time.

A pattern a user types runs here, in Python, on every database: one dialect everywhere (the
``regex`` package's, a superset of Python's ``re``: ``\\b``, ``\\d``, ``(?i)``, Unicode
classes such as ``\\p{Han}``), rather than SQLite's user function on one store and
PostgreSQL's POSIX expressions on the other. ``regex`` avoids much of the catastrophic
backtracking ``re`` falls into, releases the GIL while it matches (other requests go on), and
takes a timeout, so a pattern such as ``(a|aa)+$`` costs at most the budget, then fails cleanly.
"""

import time
from dataclasses import dataclass, field

import regex

# Seconds one search may spend matching, over all the segments it reads.
SEARCH_BUDGET_SECONDS = 2.0


class PatternError(ValueError):
    """The pattern is not a valid regular expression; the message says where."""


class PatternTooSlow(Exception):
    """The pattern ran out of its time budget: it is too complex for this document."""


@dataclass
class SearchPattern:
    """A compiled pattern with a deadline shared by every ``search`` and ``replace`` made
    through it."""

    pattern: str
    budget: float = SEARCH_BUDGET_SECONDS
    ignore_case: bool = False
    _compiled: regex.Pattern = field(init=False, repr=False)
    _deadline: float | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        try:
            self._compiled = regex.compile(
                self.pattern, regex.IGNORECASE if self.ignore_case else 0
            )
        except regex.error as error:
            raise PatternError(str(error)) from None

    @classmethod
    def literal(cls, text: str, **options) -> "SearchPattern":
        """The pattern that finds ``text`` as written (find and replace without regex)."""
        return cls(regex.escape(text), **options)

    def _remaining(self) -> float:
        """Seconds left of the budget, which starts at the first call."""
        now = time.monotonic()
        if self._deadline is None:
            self._deadline = now + self.budget
        if self._deadline - now <= 0:
            raise PatternTooSlow(self.pattern)
        return self._deadline - now

    def search(self, *texts: str) -> bool:
        """Whether the pattern occurs in any of ``texts``."""
        for text in texts:
            try:
                if self._compiled.search(text, timeout=self._remaining()):
                    return True
            except TimeoutError:
                raise PatternTooSlow(self.pattern) from None
        return False

    def replace(self, text: str, replacement: str, *, template: bool) -> tuple[str, int]:
        """``text`` with every match replaced, and how many there were. With ``template``,
        ``replacement`` may name groups (``\\1``, ``\\g<name>``); otherwise it is put in as
        written. A template naming a group the pattern lacks is a ``PatternError``."""
        value = replacement if template else (lambda _match: replacement)
        try:
            return self._compiled.subn(value, text, timeout=self._remaining())
        except TimeoutError:
            raise PatternTooSlow(self.pattern) from None
        except (regex.error, IndexError) as error:
            raise PatternError(str(error)) from None
