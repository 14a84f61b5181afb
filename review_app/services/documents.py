"""Documents: import (aligning the two texts), listing with progress, export."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.core.bitext import align_paragraphs
from review_app.formats.po import PoSegment, draft_segments, write_po
from review_app.store import Document, Segment, User

from . import audit
from .access import require
from .errors import InvalidInput, NotFound
from .qa import ensure_checked, issue_counts, refresh_issues
from .uow import unit_of_work

# Positions leave room between neighbours so a split can insert without renumbering.
POSITION_GAP = 1024
MAX_TITLE_LENGTH = 300


@dataclass(frozen=True)
class DocumentSummary:
    document: Document
    counts: dict[str, int]
    # Open QA issues by severity ("error", "warning").
    issues: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, status: str) -> float:
        """Percentage of segments in ``status``, for the progress bar."""
        return 100 * self.counts.get(status, 0) / self.total if self.total else 0.0


def import_document(
    session: Session,
    actor: User | None,
    *,
    title: str,
    source_paragraphs: Sequence[str],
    draft_paragraphs: Sequence[str],
    term_pairs: Sequence[tuple[str, str]] = (),
) -> Document:
    """Align a Chinese text with its English draft and store one segment per bead.

    A draft that seems to translate some other article is still imported, flagged, so the
    user sees the warning next to the segments that prompted it.
    """
    _require_import(actor)
    if not any(p.strip() for p in source_paragraphs):
        raise InvalidInput("The Chinese source is empty. Paste or upload the source text.")
    if not any(p.strip() for p in draft_paragraphs):
        raise InvalidInput("The English draft is empty. Paste or upload the draft.")
    aligned = align_paragraphs(list(source_paragraphs), list(draft_paragraphs), term_pairs)
    segments = draft_segments(aligned.segments())
    return _store(session, actor, title, segments, looks_mismatched=aligned.looks_mismatched)


def import_po(
    session: Session, actor: User | None, *, title: str, segments: Sequence[PoSegment]
) -> Document:
    """Store the segments of a PO file as they are: it was aligned when it was written."""
    _require_import(actor)
    return _store(session, actor, title, segments, looks_mismatched=False)


def _require_import(actor: User | None) -> None:
    # No actor means the command line, whose user already has the database in hand.
    if actor is not None:
        require(actor, "import")


def _store(
    session: Session,
    actor: User | None,
    title: str,
    segments: Sequence[PoSegment],
    *,
    looks_mismatched: bool,
) -> Document:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("Give the document a title.")
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidInput(f"A title has at most {MAX_TITLE_LENGTH} characters.")
    if not segments:
        raise InvalidInput("Nothing to import: no segments were found.")
    with unit_of_work(session):
        document = Document(
            title=title,
            slug=_unique_slug(session, title),
            looks_mismatched=looks_mismatched,
            created_by=actor,
        )
        session.add(document)
        session.flush()
        session.add_all(
            Segment(
                document_id=document.id,
                position=number * POSITION_GAP,
                label=str(number),
                source=s.source,
                draft=s.draft,
                target=s.target,
                status=s.status,
                shape=s.shape,
                confidence=s.confidence,
                source_paragraph=s.source_paragraph,
                target_paragraph=s.target_paragraph,
            )
            for number, s in enumerate(segments, start=1)
        )
        session.flush()
        refresh_issues(session, document.id)
        audit.record(
            session,
            actor,
            document.id,
            "import",
            f"Imported “{title}” with {len(segments)} segments",
            segments=len(segments),
        )
        audit.refresh_status(session, document.id)
    return document


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80] or "document"


def _unique_slug(session: Session, title: str) -> str:
    base = slugify(title)
    taken = set(session.scalars(select(Document.slug).where(Document.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def get_document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"There is no document {document_id}. It may have been removed.")
    return document


def list_documents(session: Session) -> list[DocumentSummary]:
    """Every document, most recently changed first, with its segment counts by status and
    its open QA issues (stale documents are checked first)."""
    ensure_checked(session)
    documents = session.scalars(select(Document).order_by(Document.updated_at.desc())).all()
    counts: dict[int, dict[str, int]] = {d.id: {} for d in documents}
    rows = session.execute(
        select(Segment.document_id, Segment.status, func.count())
        .where(Segment.active)
        .group_by(Segment.document_id, Segment.status)
    )
    for document_id, status, count in rows:
        counts.setdefault(document_id, {})[status] = count
    issues = issue_counts(session)
    return [DocumentSummary(d, counts[d.id], issues.get(d.id, {})) for d in documents]


def document_summary(session: Session, document_id: int) -> DocumentSummary:
    document = get_document(session, document_id)
    ensure_checked(session, [document_id])
    rows = session.execute(
        select(Segment.status, func.count())
        .where(Segment.document_id == document_id, Segment.active)
        .group_by(Segment.status)
    )
    issues = issue_counts(session, document_id).get(document_id, {})
    return DocumentSummary(document, {status: count for status, count in rows}, issues)


def active_segments(session: Session, document_id: int) -> list[Segment]:
    return list(
        session.scalars(
            select(Segment)
            .where(Segment.document_id == document_id, Segment.active)
            .order_by(Segment.position)
        )
    )


def export_po(session: Session, document_id: int) -> tuple[str, str]:
    """The document as a PO file: (file name, text). msgctxt is the segment's stable id."""
    document = get_document(session, document_id)
    entries = (
        PoSegment(
            key=f"seg-{s.id:06d}",
            source=s.source,
            target=s.target,
            draft=s.draft,
            status=s.status,
            shape=s.shape,
            confidence=s.confidence,
            source_paragraph=s.source_paragraph,
            target_paragraph=s.target_paragraph,
        )
        for s in active_segments(session, document_id)
    )
    return f"{document.slug}.po", write_po(entries, title=document.title)


def export_text(session: Session, document_id: int) -> tuple[str, str]:
    """The current English as plain text, one paragraph per source paragraph."""
    document = get_document(session, document_id)
    paragraphs: list[list[str]] = []
    current: int | None = None
    for segment in active_segments(session, document_id):
        paragraph = segment.source_paragraph if segment.source_paragraph is not None else current
        if not paragraphs or paragraph != current:
            paragraphs.append([])
            current = paragraph
        if segment.target.strip():
            paragraphs[-1].append(segment.target.strip())
    text = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return f"{document.slug}.en.txt", text + "\n"
