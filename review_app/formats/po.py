"""PO files: one entry per aligned segment, readable by Poedit, msgfmt -c and other PO tools.

Layout of an entry::

    #. shape: 1-2
    #. confidence: 0.87
    #. status: translated
    #. paragraphs: 4 6
    #. draft: "The untouched machine draft, as a JSON string"
    #, fuzzy
    msgctxt "seg-0007"
    msgid "Chinese source"
    msgstr "Current English"

``msgctxt`` is the segment's stable id; ``fuzzy`` marks text that still needs a human (the
untouched machine draft, or a rejected segment). The machine draft is written only when it
differs from ``msgstr``, so an untouched file stays small and reads naturally.
"""

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from ..core.bitext import SegmentPair
from ..core.workflow import SegmentStatus
from .errors import FormatError
from .text import decode_bytes

STATUSES = tuple(status.value for status in SegmentStatus)
_NEEDS_WORK = {SegmentStatus.DRAFT, SegmentStatus.REJECTED}
_LINE_BREAKS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"


@dataclass(frozen=True)
class PoSegment:
    key: str
    source: str
    target: str
    draft: str
    status: str = "draft"
    shape: str = "1-1"
    confidence: float | None = None
    source_paragraph: int | None = None
    target_paragraph: int | None = None


def draft_segments(pairs: Iterable[SegmentPair]) -> list[PoSegment]:
    """Aligned segments as they come from the aligner: the machine draft, untouched."""
    return [
        PoSegment(
            key=f"seg-{number:04d}",
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


def write_po(segments: Iterable[PoSegment], *, title: str) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": title,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "en",
        "X-Source-Language": "zh",
        "X-Generator": "review-app",
    }
    for segment in segments:
        po.append(_entry(segment))
    return str(po)


def _entry(segment: PoSegment) -> polib.POEntry:
    if segment.status not in STATUSES:
        raise ValueError(f"unknown status {segment.status!r}")
    comments = [f"shape: {segment.shape}"]
    if segment.confidence is not None:
        comments.append(f"confidence: {segment.confidence:.3f}")
    comments.append(f"status: {segment.status}")
    comments.append(
        f"paragraphs: {_paragraph_text(segment.source_paragraph)} "
        f"{_paragraph_text(segment.target_paragraph)}"
    )
    if segment.draft != segment.target:
        comments.append("draft: " + _one_line_json(segment.draft))
    return polib.POEntry(
        msgctxt=segment.key,
        msgid=segment.source,
        msgstr=segment.target,
        comment="\n".join(comments),
        flags=["fuzzy"] if segment.status in _NEEDS_WORK else [],
    )


def _one_line_json(text: str) -> str:
    """JSON that stays on one comment line: polib splits comments at every line boundary
    Python knows, so those beyond \\n are escaped too (JSON reads them back unchanged)."""
    encoded = json.dumps(text, ensure_ascii=False)
    for char in _LINE_BREAKS:
        encoded = encoded.replace(char, f"\\u{ord(char):04x}")
    return encoded


def _paragraph_text(paragraph: int | None) -> str:
    return "-" if paragraph is None else str(paragraph)


def read_po(data: bytes, filename: str) -> tuple[str | None, list[PoSegment]]:
    """Segments of a PO file written by review-app or any PO tool, and its title if known.

    Entries from other tools (no review-app comments) become segments whose machine draft is
    their current translation, fuzzy ones as drafts and the others as translated.
    """
    text = decode_bytes(data, filename)
    _check_syntax(text, filename)
    try:
        po = _parse(text)
    except (OSError, ValueError) as error:
        raise FormatError(filename, f"is not a valid PO file: {error}") from None
    segments = [
        _segment(entry, number) for number, entry in enumerate(po, start=1) if not entry.obsolete
    ]
    if not segments:
        raise FormatError(filename, "has no translation entries")
    return po.metadata.get("Project-Id-Version") or None, segments


_KEYWORD_LINE = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')


def _check_syntax(text: str, filename: str) -> None:
    """Refuse what polib would quietly misread (an unterminated string loses a character),
    and review-app comments with values nothing downstream can use."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.split(None, 1)[:1] == ["#."]:
            _check_comment(stripped, number, filename)
            continue
        if not stripped or stripped.startswith("#") and not stripped.startswith("#~"):
            continue
        keyword = _KEYWORD_LINE.match(stripped)
        string = keyword.group(1) if keyword else stripped
        if stripped.startswith("#~") and not keyword:
            string = stripped[2:].strip()
        if not _STRING.match(string):
            raise FormatError(
                filename,
                f"is not a valid PO file: line {number} is not a keyword with a quoted string "
                f"({stripped[:60]!r}). Check that the file is a PO file and not cut short.",
            )


def _parse(text: str) -> polib.POFile:
    """Parse PO text through a file: polib splits text given as a string with
    ``str.splitlines``, which also breaks lines at U+2028 and U+0085 inside messages and loses
    text; reading a file splits at line feeds only."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input.po")
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return polib.pofile(path, wrapwidth=0, encoding="utf-8")


def _check_comment(line: str, number: int, filename: str) -> None:
    """Refuse a review-app comment whose value would be stored as it is and break a later
    merge, split or statistic; other extracted comments are free text and pass."""
    name, value = _comment_field(line[3:])
    read = _COMMENT_READERS.get(name)
    if read is None:
        return
    try:
        read(value)
    except ValueError as error:
        raise FormatError(
            filename,
            f"is not a valid PO file: line {number} has a bad {name} comment: {error}. "
            "Correct the value or delete the line.",
        ) from None


def _comment_field(line: str) -> tuple[str, str]:
    """``("name", "value")`` of a ``name: value`` comment line, ``("", "")`` for others."""
    name, sep, value = line.partition(": ")
    return (name.strip(), value.strip()) if sep else ("", "")


def _segment(entry: polib.POEntry, number: int) -> PoSegment:
    """The segment of an entry whose comments ``_check_comment`` has accepted."""
    fields = {}
    for line in (entry.comment or "").splitlines():
        name, value = _comment_field(line)
        if name in _COMMENT_READERS:
            fields[name] = _COMMENT_READERS[name](value)
    source_paragraph, target_paragraph = fields.get("paragraphs", (None, None))
    return PoSegment(
        key=entry.msgctxt or str(number),
        source=entry.msgid,
        target=entry.msgstr,
        draft=fields.get("draft", entry.msgstr),
        status=fields.get("status") or ("draft" if "fuzzy" in entry.flags else "translated"),
        shape=fields.get("shape", "1-1"),
        confidence=fields.get("confidence"),
        source_paragraph=source_paragraph,
        target_paragraph=target_paragraph,
    )


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


_COMMENT_READERS = {
    "shape": _read_shape,
    "confidence": _read_confidence,
    "status": _read_status,
    "paragraphs": _read_paragraphs,
    "draft": _read_draft,
}
