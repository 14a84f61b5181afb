"""The final English copy: segments joined back into the source's paragraphs, as blocks.

One function, ``final_blocks``, decides what the published article holds; every rendering of
it (the published md/html/txt/docx, "Download text", the preview) starts from its blocks, so
they cannot disagree on paragraphs, headings or whitespace.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from .workflow import SegmentRole


@dataclass(frozen=True)
class FinalSegment:
    target: str
    source_paragraph: int | None
    target_paragraph: int | None
    role: str = SegmentRole.BODY.value
    heading_level: int | None = None
    draft: str = ""  # the machine draft, for the tracked-changes view


@dataclass(frozen=True)
class Block:
    """A paragraph, or (``heading`` set: its level, 1 the top section) a heading."""

    text: str
    heading: int | None = None


def final_blocks(segments: Sequence[FinalSegment]) -> list[Block]:
    """The article's headings and paragraphs in the order and grouping of the Chinese source.

    A body segment joins the paragraph of the one before it when both come from the same
    source paragraph; a segment with no source (an English sentence the source lacks) stays
    with its neighbour unless it began a paragraph of its own in the draft. A heading is a
    block of its own. Excluded segments, and segments a reviewer emptied, leave nothing.
    Whitespace inside a text is collapsed to single spaces.
    """
    blocks = []
    for heading, group in _grouped(segments):
        text = _joined(s.target for s in group)
        if text:
            blocks.append(Block(text, heading))
    return blocks


@dataclass(frozen=True)
class TrackedBlock:
    """A block of the final copy beside the machine draft of the same segments."""

    text: str
    draft: str
    heading: int | None = None


def tracked_blocks(segments: Sequence[FinalSegment]) -> list[TrackedBlock]:
    """``final_blocks`` with each block's machine draft, grouped the same way, for a view of
    the changes against the draft. A block a reviewer emptied stays, as a deletion."""
    blocks = []
    for heading, group in _grouped(segments):
        text, draft = _joined(s.target for s in group), _joined(s.draft for s in group)
        if text or draft:
            blocks.append(TrackedBlock(text, draft, heading))
    return blocks


def _grouped(segments: Sequence[FinalSegment]) -> list[tuple[int | None, list[FinalSegment]]]:
    groups: list[tuple[int | None, list[FinalSegment]]] = []
    previous: FinalSegment | None = None
    for segment in segments:
        if segment.role == SegmentRole.EXCLUDED:
            continue
        heading = (segment.heading_level or 1) if segment.role == SegmentRole.HEADING else None
        if (
            previous is None
            or heading is not None
            or previous.role == SegmentRole.HEADING
            or _starts_paragraph(segment, previous)
        ):
            groups.append((heading, []))
        groups[-1][1].append(segment)
        previous = segment
    return groups


def _joined(texts) -> str:
    return " ".join(" ".join(text.split()) for text in texts if text.strip())


def rebuild_paragraphs(segments: Sequence[FinalSegment]) -> list[str]:
    """The texts of ``final_blocks``, headings and paragraphs alike."""
    return [block.text for block in final_blocks(segments)]


def _starts_paragraph(segment: FinalSegment, previous: FinalSegment) -> bool:
    if segment.source_paragraph is not None and previous.source_paragraph is not None:
        return segment.source_paragraph != previous.source_paragraph
    return segment.target_paragraph != previous.target_paragraph
