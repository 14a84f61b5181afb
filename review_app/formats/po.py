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
    segments = []
    for number, entry in enumerate(po, start=1):
        if entry.obsolete:
            continue
        try:
            segments.append(_segment(entry, number))
        except ValueError as error:
            raise FormatError(filename, f"has a bad entry {number}: {error}") from None
    if not segments:
        raise FormatError(filename, "has no translation entries")
    return po.metadata.get("Project-Id-Version") or None, segments


_KEYWORD_LINE = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')


def _check_syntax(text: str, filename: str) -> None:
    """Refuse what polib would quietly misread (an unterminated string loses a character)."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
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


def _segment(entry: polib.POEntry, number: int) -> PoSegment:
    fields: dict[str, str] = {}
    for line in (entry.comment or "").splitlines():
        name, sep, value = line.partition(": ")
        if sep:
            fields[name.strip()] = value.strip()
    status = fields.get("status") or ("draft" if "fuzzy" in entry.flags else "translated")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    draft = json.loads(fields["draft"]) if "draft" in fields else entry.msgstr
    if not isinstance(draft, str):
        raise ValueError("the draft comment is not a string")
    source_paragraph, target_paragraph = _parse_paragraphs(fields.get("paragraphs"))
    confidence = float(fields["confidence"]) if "confidence" in fields else None
    return PoSegment(
        key=entry.msgctxt or str(number),
        source=entry.msgid,
        target=entry.msgstr,
        draft=draft,
        status=status,
        shape=fields.get("shape", "1-1"),
        confidence=confidence,
        source_paragraph=source_paragraph,
        target_paragraph=target_paragraph,
    )


def _parse_paragraphs(value: str | None) -> tuple[int | None, int | None]:
    if not value:
        return None, None
    parts = value.split()
    if len(parts) != 2:
        raise ValueError(f"paragraphs should be two numbers or '-', got {value!r}")
    return tuple(None if p == "-" else int(p) for p in parts)  # type: ignore[return-value]
