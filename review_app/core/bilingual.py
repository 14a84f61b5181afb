"""Segments as bilingual files (PO, XLIFF) carry them, before the store gives them ids.

A reader fills ``status`` with what the file says in this app's words and ``claim`` with the
file's own word for it ("signed-off", "final", "approved"), so that the import can say what
the file claimed when it gives the segment a lower status (``workflow.imported_status``).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .bitext import SegmentPair

_KEY = re.compile(r"seg-0*([0-9]+)((?:\.[0-9]+)*)")


@dataclass(frozen=True)
class BilingualSegment:
    key: str
    source: str
    target: str
    draft: str
    status: str = "draft"
    shape: str = "1-1"
    confidence: float | None = None
    source_paragraph: int | None = None
    target_paragraph: int | None = None
    # The file's own word for the state, when it said more than "needs work" or "translated".
    claim: str = ""
    # Notes and translator comments that came with the segment, one per line.
    note: str = ""
    # Inline codes behind the segment's tokens (``core.inline``): (token, markup) pairs.
    codes: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class BilingualFile:
    """What a reader found: the title if the file names one, the segments in file order, and
    how many entries it skipped as obsolete (gettext keeps old entries at the end)."""

    title: str | None
    segments: list[BilingualSegment]
    format: str
    obsolete: int = 0


def segment_key(label: str) -> str:
    """The id a segment has in every file the app writes: ``seg-0004`` for label 4,
    ``seg-0012.1`` for a part split off segment 12, the label itself when it came from another
    tool's file. One scheme, so that ``align --format po`` and the export merge cleanly."""
    number, dot, rest = label.partition(".")
    if number.isascii() and number.isdigit():
        return f"seg-{int(number):04d}{dot}{rest}"
    return label


def label_of(key: str) -> str:
    """The label a segment imported under ``key`` gets: the inverse of ``segment_key``."""
    match = _KEY.fullmatch(key)
    return f"{int(match.group(1))}{match.group(2)}" if match else key


def draft_segments(pairs: Iterable[SegmentPair]) -> list[BilingualSegment]:
    """Aligned segments as they come from the aligner: the machine draft, untouched."""
    return [
        BilingualSegment(
            key=segment_key(str(number)),
            source=pair.source,
            target=pair.target,
            draft=pair.target,
            shape=pair.shape,
            confidence=pair.confidence,
            source_paragraph=pair.source_paragraph,
            target_paragraph=pair.target_paragraph,
        )
        for number, pair in enumerate(pairs, start=1)
    ]
