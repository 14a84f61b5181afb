"""The final English copy: segments joined back into the source's paragraphs."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FinalSegment:
    target: str
    source_paragraph: int | None
    target_paragraph: int | None


def rebuild_paragraphs(segments: Sequence[FinalSegment]) -> list[str]:
    """English paragraphs in the order and grouping of the Chinese source.

    A segment joins the paragraph of the one before it when both come from the same source
    paragraph; a segment with no source (an English sentence the source lacks) stays with its
    neighbour unless it began a paragraph of its own in the draft. Segments a reviewer
    emptied (web boilerplate, say) leave nothing behind.
    """
    paragraphs: list[list[str]] = []
    previous: FinalSegment | None = None
    for segment in segments:
        text = " ".join(segment.target.split())
        if previous is None or _starts_paragraph(segment, previous):
            paragraphs.append([])
        if text:
            paragraphs[-1].append(text)
        previous = segment
    return [" ".join(parts) for parts in paragraphs if parts]


def _starts_paragraph(segment: FinalSegment, previous: FinalSegment) -> bool:
    if segment.source_paragraph is not None and previous.source_paragraph is not None:
        return segment.source_paragraph != previous.source_paragraph
    return segment.target_paragraph != previous.target_paragraph
