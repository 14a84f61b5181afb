"""The review-app fields a segment carries in a file (shape, confidence, status, paragraphs,
draft), written as ``name: value`` lines: PO extracted comments, an XLIFF note of review-app.

Each reader turns a value back into what the store keeps or raises ValueError saying why it
cannot: the values come from files anyone may have edited.
"""

import json
import re

from ..core.bilingual import BilingualSegment
from ..core.workflow import SegmentStatus

STATUSES = tuple(status.value for status in SegmentStatus)
_LINE_BREAKS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"


def placement_lines(segment: BilingualSegment) -> list[str]:
    """Where the segment sits in the aligned text: its shape, confidence and paragraphs."""
    lines = [f"shape: {segment.shape}"]
    if segment.confidence is not None:
        lines.append(f"confidence: {segment.confidence:.3f}")
    lines.append(
        f"paragraphs: {_paragraph_text(segment.source_paragraph)} "
        f"{_paragraph_text(segment.target_paragraph)}"
    )
    return lines


def _paragraph_text(paragraph: int | None) -> str:
    return "-" if paragraph is None else str(paragraph)


def one_line_json(text: str) -> str:
    """JSON that stays on one comment line: polib splits comments at every line boundary
    Python knows, so those beyond \\n are escaped too (JSON reads them back unchanged)."""
    encoded = json.dumps(text, ensure_ascii=False)
    for char in _LINE_BREAKS:
        encoded = encoded.replace(char, f"\\u{ord(char):04x}")
    return encoded


def field(line: str) -> tuple[str, str]:
    """``("name", "value")`` of a ``name: value`` line, ``("", "")`` for others."""
    name, sep, value = line.partition(": ")
    return (name.strip(), value.strip()) if sep else ("", "")


def read_fields(lines: list[str]) -> dict:
    """The review-app fields among ``lines``; ValueError names the first bad one."""
    fields = {}
    for line in lines:
        name, value = field(line)
        if name in FIELD_READERS:
            try:
                fields[name] = FIELD_READERS[name](value)
            except ValueError as error:
                raise ValueError(f"a bad {name} field: {error}") from None
    return fields


# Merges add shapes up, so a reviewed file holds more than the aligner's four sentences a
# side; a segment of more than this many is no alignment anyone reviews, but a typo.
MAX_SHAPE_SENTENCES = 50
_SHAPE = re.compile(r"([0-9]{1,3})-([0-9]{1,3})")
# Nine digits fit every integer column a database offers.
_PARAGRAPH = re.compile(r"[0-9]{1,9}")


def _read_shape(value: str) -> str:
    match = _SHAPE.fullmatch(value)
    if not match:
        raise ValueError(f"a shape is two sentence counts like 1-1 or 2-1, not {value!r}")
    source, target = int(match.group(1)), int(match.group(2))
    if max(source, target) > MAX_SHAPE_SENTENCES:
        raise ValueError(f"a segment has at most {MAX_SHAPE_SENTENCES} sentences a side")
    if source + target == 0:
        raise ValueError("a segment has at least one sentence")
    return f"{source}-{target}"


def _read_confidence(value: str) -> float:
    try:
        confidence = float(value)
    except ValueError:
        raise ValueError(f"a confidence is a number, not {value!r}") from None
    if not 0.0 <= confidence <= 1.0:  # also refuses nan
        raise ValueError(f"a confidence is between 0 and 1, not {value!r}")
    return confidence


def _read_status(value: str) -> str:
    if value not in STATUSES:
        raise ValueError(f"unknown status {value!r} (use {', '.join(STATUSES)})")
    return value


def _read_paragraphs(value: str) -> tuple[int | None, int | None]:
    parts = value.split()
    if len(parts) != 2 or not all(p == "-" or _PARAGRAPH.fullmatch(p) for p in parts):
        raise ValueError(f"paragraphs are two numbers or '-', like '4 6', not {value!r}")
    source, target = (None if p == "-" else int(p) for p in parts)
    return source, target


def _read_draft(value: str) -> str:
    # Only a string literal is parsed: nested arrays would make json recurse without bound.
    if not value.startswith('"'):
        raise ValueError("the draft is not a JSON string")
    try:
        draft = json.loads(value)
    except ValueError:
        raise ValueError("the draft is not a JSON string (a quote or escape is broken)") from None
    return draft


FIELD_READERS = {
    "shape": _read_shape,
    "confidence": _read_confidence,
    "status": _read_status,
    "paragraphs": _read_paragraphs,
    "draft": _read_draft,
}
