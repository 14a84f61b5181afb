"""Every file a document can be downloaded as, by one format name: the bilingual files (PO,
XLIFF 1.2, XLIFF 2.0), the imported file itself with this app's work written back into it
(``original``), and the final English (txt, md, html, docx) exactly as publishing writes it.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from review_app.core.messages import N_
from review_app.core.workflow import SegmentStatus
from review_app.formats.bilingual import EXPORT_FORMATS
from review_app.formats.errors import FormatError
from review_app.formats.xliff import Translation, merge_xliff
from review_app.store import DocumentFile, Segment

from .documents import (
    FINAL_FORMATS,
    active_segments,
    export_document,
    export_docx,
    get_document,
    render_final,
)
from .errors import InvalidInput

ORIGINAL = "original"
_MIME = {
    "txt": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ORIGINAL: "application/xliff+xml",
}
FORMATS = (*EXPORT_FORMATS, ORIGINAL, *FINAL_FORMATS, "docx")


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    mimetype: str


def export_file(session: Session, document_id: int, file_format: str) -> Export:
    """The document as ``file_format`` (one of FORMATS)."""
    if file_format in EXPORT_FORMATS:
        filename, text = export_document(session, document_id, file_format)
        return Export(filename, text.encode("utf-8"), EXPORT_FORMATS[file_format][1])
    if file_format == ORIGINAL:
        filename, data = export_original(session, document_id)
        return Export(filename, data, _MIME[ORIGINAL])
    if file_format == "docx":
        filename, data = export_docx(session, document_id)
        return Export(filename, data, _MIME["docx"])
    if file_format in FINAL_FORMATS:
        filename, text = render_final(session, document_id, file_format)
        return Export(filename, text.encode("utf-8"), _MIME[file_format])
    raise InvalidInput(f"Unknown export format {file_format!r}; use one of {', '.join(FORMATS)}.")


def has_original(session: Session, document_id: int) -> str | None:
    """The name of the file the document was imported from, if it can be written back."""
    stored = session.get(DocumentFile, document_id)
    return stored.filename if stored else None


def export_original(session: Session, document_id: int) -> tuple[str, bytes]:
    """The XLIFF file the document was imported from, with each segment's current target and
    status written into it and everything else as the file had it."""
    get_document(session, document_id)
    stored = session.get(DocumentFile, document_id)
    if stored is None:
        raise InvalidInput(
            N_(
                "This document was not imported from an XLIFF file, so there is no original to "
                "write back into; export it as xliff, xliff2 or po."
            )
        )
    translations = _translations(stored.labels, active_segments(session, document_id))
    try:
        return stored.filename, merge_xliff(stored.data, stored.filename, translations)
    except FormatError as error:  # the stored file was read once; it cannot change since
        raise InvalidInput(str(error)) from None


# Weakest first: a unit made of parts is only as far along as its least finished part.
_PROGRESS = [SegmentStatus.DRAFT, SegmentStatus.REJECTED, SegmentStatus.TRANSLATED]


def _translations(labels: dict[str, str], segments: list[Segment]) -> dict[str, Translation]:
    """Each of the file's segments as it stands here. A segment split here gives its unit
    the parts' texts joined by a space; one merged into its predecessor here gives its unit
    an empty target with the merged segment's status (the text is in the unit before)."""
    file_labels = set(labels.values())
    parts_of: dict[str, list[Segment]] = {}
    for segment in segments:  # in document order, so the parts of a split stay in order
        base = segment.label
        while base not in file_labels and "." in base:
            base = base.rsplit(".", 1)[0]  # "12.1.1" was split off "12.1", split off "12"
        parts_of.setdefault(base, []).append(segment)
    translations: dict[str, Translation] = {}
    previous: Translation | None = None
    for key, label in labels.items():
        parts = parts_of.get(label)
        if not parts:
            status = previous.status if previous else SegmentStatus.DRAFT.value
            translations[key] = Translation("", status, {})
            continue
        codes: dict = {}
        for part in parts:
            codes.update(part.codes or {})
        statuses = [SegmentStatus(p.status) for p in parts]
        weakest = next((s for s in _PROGRESS if s in statuses), SegmentStatus.APPROVED)
        target = " ".join(p.target.strip() for p in parts if p.target.strip())
        translations[key] = previous = Translation(target, weakest.value, codes)
    return translations
