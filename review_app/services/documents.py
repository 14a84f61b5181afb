"""Documents: import (aligning the two texts), listing with progress, export."""

import os
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.core.alignment import AlignmentTimeout
from review_app.core.bitext import Progress, align_sentences
from review_app.core.glossary import alignment_pairs
from review_app.core.segmentation import Sentence, iter_sentences
from review_app.formats.cedict_cache import cached_cedict_lexicon
from review_app.formats.po import PoSegment, draft_segments, write_po
from review_app.store import Document, Segment, User

from . import audit
from .access import require
from .errors import InvalidInput, NotFound
from .glossary import all_terms
from .qa import ensure_checked, issue_counts, refresh_issues
from .segments import MAX_TARGET_LENGTH
from .uow import unit_of_work

# Positions leave room between neighbours so a split can insert without renumbering.
POSITION_GAP = 1024
MAX_TITLE_LENGTH = 300
# The import budget. A 19 MB pair once ran for over 300 s in the server and grew it by 2 GB.
# Alignment time grows about linearly (5,000 sentences: about 5 s, benchmarks/align_bench.py),
# so 20,000 a side, a long book, fit in the time budget.
MAX_IMPORT_SENTENCES = 20_000
IMPORT_SECONDS = 120


@dataclass(frozen=True)
class ImportLimits:
    """How much alignment work one import may cost."""

    max_sentences: int = MAX_IMPORT_SENTENCES
    seconds: int = IMPORT_SECONDS

    @classmethod
    def from_environment(cls) -> "ImportLimits":
        """REVIEW_APP_MAX_IMPORT_SENTENCES and REVIEW_APP_IMPORT_SECONDS, where set."""
        return cls(
            _setting("REVIEW_APP_MAX_IMPORT_SENTENCES", MAX_IMPORT_SENTENCES),
            _setting("REVIEW_APP_IMPORT_SECONDS", IMPORT_SECONDS),
        )


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ValueError(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


_SIDE_NAMES = {
    "source": "Chinese source",
    "target": "English translation",
    "draft": "machine draft",
}


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
    term_pairs: Sequence[tuple[str, str]] | None = None,
    limits: ImportLimits | None = None,
    progress: Progress = None,
) -> Document:
    """Align a Chinese text with its English draft and store one segment per bead.

    A draft that seems to translate some other article is still imported, flagged, so the
    user sees the warning next to the segments that prompted it. A pair beyond ``limits``
    (by default from the environment) is refused whole, before or during the alignment.
    ``progress`` is told how the alignment goes (see ``core.bitext.align_sentences``).
    ``term_pairs`` count as evidence of translation; by default the acceptable terms of every
    glossary, since any glossary may apply to any document until documents belong to
    projects.
    """
    _require_import(actor)
    if not any(p.strip() for p in source_paragraphs):
        raise InvalidInput("The Chinese source is empty. Paste or upload the source text.")
    if not any(p.strip() for p in draft_paragraphs):
        raise InvalidInput("The English draft is empty. Paste or upload the draft.")
    limits = limits or ImportLimits.from_environment()
    if term_pairs is None:
        term_pairs = alignment_pairs(all_terms(session))
    deadline = time.monotonic() + limits.seconds

    def out_of_time() -> bool:
        return time.monotonic() >= deadline

    try:
        source = _sentences(source_paragraphs, "zh", "Chinese source", limits, out_of_time)
        draft = _sentences(draft_paragraphs, "en", "English draft", limits, out_of_time)
        aligned = align_sentences(
            source,
            draft,
            term_pairs,
            should_stop=out_of_time,
            lexicon=cached_cedict_lexicon(),
            progress=progress,
        )
    except AlignmentTimeout:
        raise InvalidInput(
            f"The alignment of this pair took longer than {limits.seconds} s, the most one "
            "import may take. Split the article into parts and import each one."
        ) from None
    segments = draft_segments(aligned.segments())
    return _store(session, actor, title, segments, looks_mismatched=aligned.looks_mismatched)


def import_po(
    session: Session, actor: User | None, *, title: str, segments: Sequence[PoSegment]
) -> Document:
    """Store the segments of a PO file as they are: it was aligned when it was written."""
    _require_import(actor)
    return _store(session, actor, title, segments, looks_mismatched=False)


def _sentences(
    paragraphs: Sequence[str],
    lang: str,
    side: str,
    limits: ImportLimits,
    out_of_time: Callable[[], bool],
) -> list[Sentence]:
    """The sentences of one side, refused as soon as one is too long or there are too many:
    segmenting a whole oversized upload would itself cost a minute."""
    sentences = []
    for sentence in iter_sentences(paragraphs, lang):
        sentences.append(sentence)
        if len(sentences) > limits.max_sentences:
            raise InvalidInput(
                f"The {side} has more than {limits.max_sentences:,} sentences, the most one "
                "import aligns. Split the article into parts and import each one."
            )
        text = sentence.stripped
        if len(text) > MAX_TARGET_LENGTH:
            raise InvalidInput(
                f"The pair is refused: sentence {len(sentences)} of the {side} (paragraph "
                f"{sentence.paragraph + 1}: {_opening(text)}) has {len(text):,} characters, "
                f"and a segment has at most {MAX_TARGET_LENGTH:,}. Split that sentence or "
                "paragraph in the file and import again."
            )
        if out_of_time():
            raise AlignmentTimeout
    return sentences


def _check_lengths(segments: Sequence[PoSegment]) -> None:
    """Refuse a segment nobody could edit or confirm (the editor's limit) before storing any."""
    for number, segment in enumerate(segments, start=1):
        for side, name in _SIDE_NAMES.items():
            text = getattr(segment, side)
            if len(text) > MAX_TARGET_LENGTH:
                raise InvalidInput(
                    f"Segment {number} is refused: its {name} ({_opening(text)}) has "
                    f"{len(text):,} characters, and a segment has at most "
                    f"{MAX_TARGET_LENGTH:,}. Split that paragraph or sentence in the file "
                    "and import again."
                )


def _opening(text: str) -> str:
    """The first few words of a text, to find it by (Chinese has no spaces: characters)."""
    return f"“{' '.join(text.split()[:8])[:40]}…”"


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
    _check_lengths(segments)
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
