"""Fixing an alignment by hand: merge, split, move a sentence, give a side an empty partner.

Pure functions over ``Unit`` values (what a fix reads of a segment): each takes the segments
a fix reads and returns them as they are afterwards; the service loads the rows, calls one of
these, writes the values back and records the operation. Sources are Chinese, drafts and
targets English, so text is joined and split by each side's own rules. A segment's ``shape``
("2-1": two source sentences, one target sentence) always counts the sentences it holds
afterwards.
"""

from dataclasses import dataclass, replace

from .segmentation import split_sentences
from .workflow import SegmentRole, status_after_realignment

SIDES = ("source", "target")
DIRECTIONS = ("previous", "next")
_LANG = {"source": "zh", "target": "en"}
# Chinese runs sentences together; English needs a space between them.
_SEPARATOR = {"source": "", "target": " "}


class RealignError(ValueError):
    """The fix cannot be made on these segments; the message says why, in the user's terms."""


@dataclass(frozen=True)
class Unit:
    """What an alignment fix reads and writes of one segment."""

    label: str
    source: str
    draft: str
    target: str
    status: str
    source_paragraph: int | None = None
    target_paragraph: int | None = None
    role: str = SegmentRole.BODY.value
    heading_level: int | None = None

    @property
    def shape(self) -> str:
        return shape_of(self.source, self.target)

    @property
    def empty(self) -> bool:
        """Nothing on either side: such a segment has no reason to exist."""
        return not self.source.strip() and not self.target.strip()


def shape_of(source: str, target: str) -> str:
    return f"{len(split_sentences(source, 'zh'))}-{len(split_sentences(target, 'en'))}"


def merge(first: Unit, second: Unit) -> Unit:
    """``first`` with ``second`` appended: sources, drafts and targets each joined.

    The merged segment has the first one's role, unless only the first is excluded: text
    joined to page chrome is still text to publish, so the second's role wins then.
    """
    role = first if first.role != SegmentRole.EXCLUDED else second
    return replace(
        first,
        role=role.role,
        heading_level=role.heading_level,
        source=_join(first.source, second.source, "source"),
        draft=_join(first.draft, second.draft, "target"),
        target=_join(first.target, second.target, "target"),
        status=status_after_realignment(first.status, second.status),
        source_paragraph=_first_known(first.source_paragraph, second.source_paragraph),
        target_paragraph=_first_known(first.target_paragraph, second.target_paragraph),
    )


def split(unit: Unit, source_cut: int, target_cut: int) -> tuple[Unit, Unit]:
    """The first ``source_cut`` source and ``target_cut`` target sentences, and the rest.

    The draft is cut where the target is, as far as it has sentences. The first part keeps
    the segment's status; the new part starts as a realigned one. Both keep the role.
    """
    source = split_sentences(unit.source, "zh")
    target = split_sentences(unit.target, "en")
    draft = split_sentences(unit.draft, "en")
    if not (0 <= source_cut <= len(source) and 0 <= target_cut <= len(target)):
        raise RealignError("Choose a split point between two sentences of the segment.")
    if not (source[:source_cut] or target[:target_cut]) or not (
        source[source_cut:] or target[target_cut:]
    ):
        raise RealignError("Both parts of a split need some text; choose another point.")
    first = replace(
        unit,
        source=_text(source[:source_cut]),
        target=_text(target[:target_cut]),
        draft=_text(draft[:target_cut]),
    )
    rest = replace(
        unit,
        source=_text(source[source_cut:]),
        target=_text(target[target_cut:]),
        draft=_text(draft[target_cut:]),
        status=status_after_realignment(unit.status),
    )
    return first, rest


def move(unit: Unit, neighbour: Unit, side: str, direction: str) -> tuple[Unit, Unit]:
    """Move the first sentence of ``side`` to the previous segment, or the last to the next.

    On the target side the draft's matching sentence moves with it, when the draft has one.
    Both segments need review again afterwards.
    """
    if side not in SIDES or direction not in DIRECTIONS:
        raise RealignError("Move a source or target sentence to the previous or next segment.")
    fields = ("source",) if side == "source" else ("target", "draft")
    mine: dict[str, str] = {}
    theirs: dict[str, str] = {}
    for field in fields:
        sentences = split_sentences(getattr(unit, field), _LANG[side])
        if not sentences:
            if field == "draft":
                continue
            raise RealignError(f"Segment {unit.label} has no {side} sentence to move.")
        moved = sentences.pop(0 if direction == "previous" else -1).strip()
        mine[field] = _text(sentences)
        other = getattr(neighbour, field)
        theirs[field] = (
            _join(other, moved, side) if direction == "previous" else _join(moved, other, side)
        )
    return _moved(unit, mine), _moved(neighbour, theirs)


def _moved(unit: Unit, texts: dict[str, str]) -> Unit:
    """``unit`` with the texts a move gave it, to be reviewed again."""
    return replace(
        unit,
        source=texts.get("source", unit.source),
        draft=texts.get("draft", unit.draft),
        target=texts.get("target", unit.target),
        status=status_after_realignment(unit.status),
    )


def insert_empty(unit: Unit, side: str) -> tuple[Unit, Unit]:
    """Give one side of the segment an empty counterpart.

    ``side="target"``: the source has no translation; it stays with an empty target and the
    target (with its draft) moves to a new segment below with an empty source.
    ``side="source"``: the translation has no source; it stays with an empty source and the
    source moves to a new segment below with an empty target.
    """
    if side not in SIDES:
        raise RealignError("Insert an empty source or an empty target.")
    if not unit.source.strip() or not unit.target.strip():
        raise RealignError(f"Segment {unit.label} already has an empty side.")
    status = status_after_realignment(unit.status)
    if side == "target":
        return (
            replace(unit, target="", draft=""),
            replace(unit, source="", status=status),
        )
    return (
        replace(unit, source=""),
        replace(unit, target="", draft="", status=status),
    )


def _join(first: str, second: str, side: str) -> str:
    first, second = first.strip(), second.strip()
    if first and second:
        return first + _SEPARATOR[side] + second
    return first or second


def _text(sentences: list[str]) -> str:
    return "".join(sentences).strip()


def _first_known(first: int | None, second: int | None) -> int | None:
    return first if first is not None else second


__all__ = [
    "DIRECTIONS",
    "SIDES",
    "Unit",
    "RealignError",
    "insert_empty",
    "merge",
    "move",
    "shape_of",
    "split",
]
