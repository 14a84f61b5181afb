"""Checks that read the whole document: consistency, length against the document's own ratio,
and lists that run across segments."""

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..messages import N_, Listing, Message
from ..quantities import list_markers_zh
from ..text import normalize_for_matching
from .base import CheckContext, DocumentCheck, Issue, SegmentText, Severity, register


def _name(segments: Sequence[SegmentText], index: int) -> str:
    """How a message names another segment: its ``key`` (a ``Message`` such as "segment 12"
    from the store, which stays translatable), else its position."""
    key = getattr(segments[index], "key", None)
    if key:
        return key if isinstance(key, str) else str(key)
    return Message(N_("segment %(number)s"), number=index + 1)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A save re-runs the document checks over every segment, of which one has changed: the
# per-text work below is cached so that the other segments cost a dictionary lookup.
_CACHE = 65_536


@lru_cache(maxsize=_CACHE)
def _normalized(text: str) -> str:
    return normalize_for_matching(text)


@lru_cache(maxsize=_CACHE)
def _comparable(text: str) -> str:
    return _normalized(text).rstrip(".!?,;:…。！？，；：").casefold()


@register
class Inconsistent(DocumentCheck):
    """Same source translated differently, or different sources translated the same

    The later segment is flagged and names the earlier one. Targets are compared without case,
    spacing or final punctuation. A repeated source counts from five characters (你好 may be
    "Hi." or "Hello,"); a shared target only when it is a real sentence (four words or more):
    "Thank you." may answer 谢谢 and 谢谢大家.
    """

    check_id = "inconsistent"
    severity = Severity.WARNING
    min_shared_target_words = 4
    # 你好 may be "Hi." here and "Hello," there; a sentence should not change.
    min_source_chars = 5

    def check_document(
        self, segments: Sequence[SegmentText], context: CheckContext
    ) -> list[tuple[int, Issue]]:
        by_source: dict[str, int] = {}
        by_target: dict[str, int] = {}
        found = []
        targets = [_comparable(segment.target) for segment in segments]
        for index, segment in enumerate(segments):
            source = _normalized(segment.source)
            target = targets[index]
            if not source or not target:
                continue
            first = by_source.setdefault(source, index)
            if (
                first != index
                and targets[first]
                and targets[first] != target
                and len(source) >= self.min_source_chars
            ):
                message = Message(
                    N_("the same source is translated differently in %(segment)s: “%(target)s”"),
                    segment=_name(segments, first),
                    target=_shorten(segments[first].target),
                )
                found.append((index, self.issue(context, message, [(0, len(segment.source))])))
            first = by_target.setdefault(target, index)
            if (
                first != index
                and _normalized(segments[first].source) != source
                and len(target.split()) >= self.min_shared_target_words
            ):
                message = Message(
                    N_("%(segment)s has the same translation for a different source: “%(source)s”"),
                    segment=_name(segments, first),
                    source=_shorten(segments[first].source, 30),
                )
                found.append((index, self.issue(context, message, [], [(0, len(segment.target))])))
        return found


_LATIN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'&-]*")


@lru_cache(maxsize=_CACHE)
def _lengths(source: str, target: str) -> tuple[int, int]:
    """Non-space characters of each side, without the Latin words and numbers of the source
    (names, product codes, quoted English), which pass through at their own length."""
    source_length = len("".join(source.split()))
    target_length = len("".join(target.split()))
    for m in _LATIN_RE.finditer(source):
        source_length -= len(m.group())
        if m.group() in target:
            target_length -= len(m.group())
    return source_length, target_length


_SHORTER = N_(
    "the translation is %(ratio)s× the document's usual length for its source (shorter): "
    "content may be missing"
)
_LONGER = N_(
    "the translation is %(ratio)s× the document's usual length for its source (longer): "
    "content may have been added"
)


@register
class LengthRatio(DocumentCheck):
    """Translation much shorter or longer than the document's usual ratio

    The document's own English-to-Chinese length ratio (the median over its segments) is the
    yardstick, so a terse or a wordy translator is not flagged everywhere; a segment far outside
    it has probably lost or gained content. Short sources are skipped: their ratio is noise.
    """

    check_id = "length_ratio"
    severity = Severity.WARNING
    min_source_chars = 15
    min_segments = 5
    # English characters per Chinese character in news and talks, for documents too short to
    # learn their own ratio.
    default_ratio = 2.6
    factor = 2.5

    def check_document(
        self, segments: Sequence[SegmentText], context: CheckContext
    ) -> list[tuple[int, Issue]]:
        ratios = {}
        for index, segment in enumerate(segments):
            source, target = _lengths(segment.source, segment.target)
            if source >= self.min_source_chars and target > 0:
                ratios[index] = target / source
        if not ratios:
            return []
        usual = (
            statistics.median(ratios.values())
            if len(ratios) >= self.min_segments
            else self.default_ratio
        )
        found = []
        for index, ratio in ratios.items():
            if abs(math.log(ratio / usual)) <= math.log(self.factor):
                continue
            template = _SHORTER if ratio < usual else _LONGER
            message = Message(template, ratio=f"{ratio / usual:.1f}")
            found.append((index, self.issue(context, message)))
        return found


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORDINAL = "|".join(_ORDINALS)
_ADVERB_RE = re.compile(rf"(?<!\bat )(?<!\ba )(?<!\bone )\b({_ORDINAL})(?:ly)?\s*,", re.I)
_CLAUSE_RE = re.compile(rf"\bthe\s+({_ORDINAL})\s+(?:one\s+)?(?:is|was|are|were)(?:\s+to)?\b", re.I)
_ANY_ORDINAL_RE = re.compile(_ORDINAL, re.I)  # a cheap test before the costly patterns
_STYLE_NAMES = {"adverb": "“First, …”", "clause": "“the first is to …”"}


@dataclass(frozen=True)
class _Marker:
    segment: int
    start: int
    end: int
    ordinal: int
    style: str
    capitalised_mid_sentence: bool


@register
class Enumeration(DocumentCheck):
    """List items written in different ways

    The machine-translation tell "First, … the second is to … The third is … Fourth, …": one
    list (ordinals 1, 2, 3… within a few segments) whose items switch between "First," and
    "the second is to", or capitalise an item after a semicolon.
    """

    check_id = "enumeration"
    severity = Severity.WARNING
    max_gap_segments = 3

    def check_document(
        self, segments: Sequence[SegmentText], context: CheckContext
    ) -> list[tuple[int, Issue]]:
        found = []
        for items in self._lists(segments):
            styles = [m.style for m in items]
            mixed = len(set(styles)) > 1
            if not mixed and not any(m.capitalised_mid_sentence for m in items):
                continue
            usual = max(set(styles), key=lambda s: (styles.count(s), -styles.index(s)))
            quoted = Listing(
                (f"“{segments[m.segment].target[m.start : m.end]}”" for m in items), N_(" … ")
            )
            by_segment: dict[int, list[_Marker]] = {}
            for marker in items:
                if marker.style != usual or marker.capitalised_mid_sentence:
                    by_segment.setdefault(marker.segment, []).append(marker)
            for index, markers in by_segment.items():
                if mixed:
                    message = Message(
                        N_(
                            "the list is written in two ways: %(items)s; "
                            "write every item as %(style)s"
                        ),
                        items=quoted,
                        style=_STYLE_NAMES[usual],
                    )
                else:
                    message = Message(
                        N_("a list item is capitalised after a semicolon: %(items)s"), items=quoted
                    )
                source_spans = [(m.start, m.end) for m in list_markers_zh(segments[index].source)]
                target_spans = [(m.start, m.end) for m in markers]
                found.append((index, self.issue(context, message, source_spans, target_spans)))
        return found

    def _lists(self, segments: Sequence[SegmentText]) -> list[list[_Marker]]:
        lists: list[list[_Marker]] = []
        current: list[_Marker] = []
        for marker in self._markers(segments):
            if current and (
                marker.ordinal == current[-1].ordinal + 1
                and marker.segment - current[-1].segment <= self.max_gap_segments
            ):
                current.append(marker)
                continue
            if len(current) >= 2:
                lists.append(current)
            current = [marker] if marker.ordinal == 1 else []
        if len(current) >= 2:
            lists.append(current)
        return lists

    def _markers(self, segments: Sequence[SegmentText]):
        for index, segment in enumerate(segments):
            for start, end, ordinal, style, capitalised in _ordinal_markers(segment.target):
                yield _Marker(index, start, end, ordinal, style, capitalised)


@lru_cache(maxsize=_CACHE)
def _ordinal_markers(text: str) -> tuple[tuple[int, int, int, str, bool], ...]:
    """(start, end, ordinal, style, capitalised after ; or ,) of each list marker in text."""
    if not _ANY_ORDINAL_RE.search(text):
        return ()
    markers = [(m, "adverb") for m in _ADVERB_RE.finditer(text)]
    markers += [(m, "clause") for m in _CLAUSE_RE.finditer(text)]
    found = []
    for m, style in sorted(markers, key=lambda pair: pair[0].start()):
        before = text[: m.start()].rstrip()
        capitalised = m.group()[0].isupper() and before.endswith((";", ","))
        found.append((m.start(), m.end(), _ORDINALS[m.group(1).lower()], style, capitalised))
    return tuple(found)
