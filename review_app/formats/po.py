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

``msgctxt`` is the segment's stable id (``core.bilingual.segment_key``); ``fuzzy`` marks text
that still needs a human (the untouched machine draft, or a rejected segment). The machine
draft is written only when it differs from ``msgstr``, so an untouched file stays small and
reads naturally. A segment's note is written as translator comments (``# ...``).

Reading, the ``fuzzy`` flag is what PO tools edit, so it decides: a fuzzy entry (or one with
an empty ``msgstr``) needs work whatever its ``status:`` comment says, and an entry a
translator un-fuzzied is translated. The comment can only tell needs-work statuses apart
(draft, rejected) and say "approved", which the import does not take on trust.

Plural entries are one segment whose forms are joined by ``core.inline.PLURAL_SEPARATOR`` on
both sides (msgid and msgid_plural; msgstr[0], msgstr[1]): a translator expects to see and
edit every English form, and the inline-code check then counts the forms. Obsolete entries
(``#~``) are skipped and counted; previous-msgid lines (``#|``, ``#~|``) are accepted.
"""

import os
import re
import tempfile
from collections.abc import Iterable

import polib

from ..core.bilingual import BilingualFile
from ..core.bilingual import BilingualSegment as PoSegment
from ..core.inline import PLURAL_SEPARATOR
from ..core.workflow import SegmentStatus
from .errors import FormatError
from .segment_fields import (
    FIELD_READERS,
    STATUSES,
    field,
    one_line_json,
    placement_lines,
    read_fields,
)
from .text import decode_bytes

__all__ = ["PoSegment", "read_po", "write_po"]

_NEEDS_WORK = {SegmentStatus.DRAFT, SegmentStatus.REJECTED}
# English has two forms; msgfmt -c checks plural entries against this.
_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


SIGN_OFF_HEADER = "X-Review-App-Sign-Off"


def write_po(segments: Iterable[PoSegment], *, title: str, sign_off: str = "") -> str:
    """The segments as a PO file; ``sign_off`` (who signed the document off, when, and the
    content's hash) goes in the header for people to read. Reading never trusts it."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": title,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": "en",
        "Plural-Forms": _PLURAL_FORMS,
        "X-Source-Language": "zh",
        "X-Generator": "review-app",
    }
    if sign_off:
        po.metadata[SIGN_OFF_HEADER] = sign_off
    for segment in segments:
        po.append(_entry(segment))
    return str(po)


def _entry(segment: PoSegment) -> polib.POEntry:
    if segment.status not in STATUSES:
        raise ValueError(f"unknown status {segment.status!r}")
    # The status line sits between confidence and paragraphs, where it always has.
    placement = placement_lines(segment)
    comments = placement[:-1] + [f"status: {segment.status}", placement[-1]]
    if segment.draft != segment.target:
        comments.append("draft: " + one_line_json(segment.draft))
    entry = polib.POEntry(
        msgctxt=segment.key,
        msgid=segment.source,
        msgstr=segment.target,
        comment="\n".join(comments),
        tcomment=segment.note,
        flags=["fuzzy"] if segment.status in _NEEDS_WORK else [],
    )
    if PLURAL_SEPARATOR in segment.source:
        entry.msgid, entry.msgid_plural = segment.source.split(PLURAL_SEPARATOR, 1)
        entry.msgstr = ""
        entry.msgstr_plural = dict(enumerate(_plural_forms(segment.target)))
    return entry


def _plural_forms(target: str) -> list[str]:
    """The two English forms of a plural target; a form lost in editing is written empty
    (and the inline-code check has already flagged the segment)."""
    forms = target.split(PLURAL_SEPARATOR)
    return (forms + [""])[:2] if len(forms) < 2 else [forms[0], "\n".join(forms[1:])]


def read_po(data: bytes, filename: str) -> BilingualFile:
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
    current = [entry for entry in po if not entry.obsolete]
    segments = [_segment(entry, number) for number, entry in enumerate(current, start=1)]
    if not segments:
        raise FormatError(filename, "has no translation entries")
    return BilingualFile(
        po.metadata.get("Project-Id-Version") or None,
        segments,
        "po",
        obsolete=len(po) - len(current),
    )


_KEYWORD_LINE = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')
# An obsolete entry's own lines ("#~ msgid ..." and its continuations), not "#~| ...".
_OBSOLETE_STRING = re.compile(r"^#~(?!\|)")


def _check_syntax(text: str, filename: str) -> None:
    """Refuse what polib would quietly misread (an unterminated string loses a character),
    and review-app comments with values nothing downstream can use."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.split(None, 1)[:1] == ["#."]:
            _check_comment(stripped, number, filename)
            continue
        # Comments pass, previous msgids (#| and the obsolete #~|) included.
        if not stripped or stripped.startswith("#") and not _OBSOLETE_STRING.match(stripped):
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
    name, value = field(line[3:])
    read = FIELD_READERS.get(name)
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


def _segment(entry: polib.POEntry, number: int) -> PoSegment:
    """The segment of an entry whose comments ``_check_comment`` has accepted."""
    fields = read_fields((entry.comment or "").splitlines())
    source_paragraph, target_paragraph = fields.get("paragraphs", (None, None))
    source, target = entry.msgid, entry.msgstr
    if entry.msgid_plural:
        source = entry.msgid + PLURAL_SEPARATOR + entry.msgid_plural
        forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
        target = PLURAL_SEPARATOR.join(forms)
    needs_work = "fuzzy" in entry.flags or not target.strip()
    if entry.msgid_plural and not all(form.strip() for form in forms):
        needs_work = True
    return PoSegment(
        key=entry.msgctxt or str(number),
        source=source,
        target=target,
        draft=fields.get("draft", target),
        status=_status(fields.get("status"), needs_work),
        shape=fields.get("shape", "1-1"),
        confidence=fields.get("confidence"),
        source_paragraph=source_paragraph,
        target_paragraph=target_paragraph,
        note=entry.tcomment or "",
    )


def _status(said: str | None, needs_work: bool) -> str:
    """The flag decides whether the entry needs work; the comment only refines it."""
    if needs_work:
        return said if said in _NEEDS_WORK else SegmentStatus.DRAFT.value
    return said if said == SegmentStatus.APPROVED else SegmentStatus.TRANSLATED.value
