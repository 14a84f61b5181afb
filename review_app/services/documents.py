"""Documents: import (aligning the two texts), listing with progress, export."""

import os
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_app.core.alignment import AlignmentTimeout
from review_app.core.bilingual import BilingualSegment, draft_segments, label_of, segment_key
from review_app.core.bitext import Progress, align_sentences
from review_app.core.glossary import alignment_pairs
from review_app.core.headline import Article
from review_app.core.messages import N_, Message
from review_app.core.publication import (
    Block,
    FinalSegment,
    TrackedBlock,
    final_blocks,
    tracked_blocks,
)
from review_app.core.roles import imported_role
from review_app.core.segmentation import Sentence, iter_sentences
from review_app.core.workflow import SegmentRole, imported_status
from review_app.formats.bilingual import EXPORT_FORMATS, read_bilingual, write_bilingual
from review_app.formats.cedict_cache import cached_cedict_lexicon
from review_app.formats.publication import render_docx, render_html, render_markdown, render_text
from review_app.store import Document, DocumentFile, Revision, Segment, User
from review_app.store.models import iso_utc

from . import audit, tm
from .access import require
from .errors import InvalidInput, NotFound, at_most
from .glossary import project_terms
from .pauses import IMPORT_STORED, pause_point
from .projects import default_project, get_project
from .qa import ensure_checked, issue_counts, refresh_issues
from .segments import MAX_TARGET_LENGTH
from .uow import unit_of_work

# The final English's renderings, by file extension.
FINAL_FORMATS = {"txt": render_text, "md": render_markdown, "html": render_html}
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
class ImportOptions:
    """Where an import goes and what it may take from there: the project (None: Default),
    and whether segments with a 100 % or context match in its memories take that translation."""

    project_id: int | None = None
    use_memory: bool = True


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
    options: ImportOptions = ImportOptions(),
) -> Document:
    """``import_articles`` of two texts given as plain paragraphs."""
    return import_articles(
        session,
        actor,
        title=title,
        source=Article.of(source_paragraphs, "zh"),
        draft=Article.of(draft_paragraphs, "en"),
        term_pairs=term_pairs,
        limits=limits,
        progress=progress,
        options=options,
    )


def import_articles(
    session: Session,
    actor: User | None,
    *,
    title: str,
    source: Article,
    draft: Article,
    fallback_title: str = "",
    slug: str = "",
    term_pairs: Sequence[tuple[str, str]] | None = None,
    limits: ImportLimits | None = None,
    progress: Progress = None,
    options: ImportOptions = ImportOptions(),
) -> Document:
    """Align a Chinese text with its English draft and store one segment per bead.

    The title is ``title`` when given, else the draft's headline, else ``fallback_title``
    (a file name, say); the slug is ``slug`` when given, else made from the title. Each
    segment's role comes from ``core.roles``: page chrome and the
    headline the title carries are excluded, headings the files mark are headings.

    A draft that seems to translate some other article is still imported, flagged, so the
    user sees the warning next to the segments that prompted it. A pair beyond ``limits``
    (by default from the environment) is refused whole, before or during the alignment.
    ``progress`` is told how the alignment goes (see ``core.bitext.align_sentences``).
    ``term_pairs`` count as evidence of translation; by default the acceptable terms of the
    glossaries of the project ``options`` names. ``options`` also says whether the project's
    memories pre-translate (``services.tm.pretranslate``).
    """
    _require_import(actor)
    source_paragraphs, draft_paragraphs = source.paragraphs, draft.paragraphs
    title = title.strip() or (draft.headline.text if draft.headline else "") or fallback_title
    if not any(p.strip() for p in source_paragraphs):
        raise InvalidInput(N_("The Chinese source is empty. Paste or upload the source text."))
    if not any(p.strip() for p in draft_paragraphs):
        raise InvalidInput(N_("The English draft is empty. Paste or upload the draft."))
    limits = limits or ImportLimits.from_environment()
    project_id = _project_of(session, options)
    if term_pairs is None:
        term_pairs = alignment_pairs(project_terms(session, project_id))
    deadline = time.monotonic() + limits.seconds

    def out_of_time() -> bool:
        return time.monotonic() >= deadline

    try:
        source_sentences = _sentences(
            source_paragraphs, "zh", "Chinese source", limits, out_of_time
        )
        draft_sentences = _sentences(draft_paragraphs, "en", "English draft", limits, out_of_time)
        aligned = align_sentences(
            source_sentences,
            draft_sentences,
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
    roles = [
        imported_role(s.source, s.draft, s.source_paragraph, s.target_paragraph, source, draft)
        for s in segments
    ]
    return _store(
        session,
        actor,
        title,
        segments,
        looks_mismatched=aligned.looks_mismatched,
        roles=roles,
        slug=slug,
        options=ImportOptions(project_id, options.use_memory),
    )


def import_file(
    session: Session,
    actor: User | None,
    *,
    data: bytes,
    filename: str,
    title: str = "",
    options: ImportOptions = ImportOptions(),
) -> Document:
    """Store the segments of a bilingual file (PO, XLIFF 1.2 or 2.0), as ``import_segments``."""
    _require_import(actor)
    found = read_bilingual(data, filename)
    title = title.strip() or found.title or filename.rsplit(".", 1)[0]
    # An XLIFF file is kept as it came, to hand it back to its tool with the work written in.
    # (Only when its keys are unique: the write-back finds each segment by its key.)
    keys = [s.key for s in found.segments]
    writable = found.format == "xliff" and len(set(keys)) == len(keys)
    return import_segments(
        session,
        actor,
        title=title,
        segments=found.segments,
        obsolete=found.obsolete,
        options=options,
        original=(filename, data) if writable else None,
    )


def import_segments(
    session: Session,
    actor: User | None,
    *,
    title: str,
    segments: Sequence[BilingualSegment],
    obsolete: int = 0,
    options: ImportOptions = ImportOptions(),
    original: tuple[str, bytes] | None = None,
) -> Document:
    """Store segments that were aligned when their file was written.

    The file's states are not taken on trust (``workflow.imported_status``): whatever it
    claims beyond translated comes in as translated, and the claim is kept in the audit log,
    and on a revision when a user imported it, as "file said approved". ``original`` (name,
    bytes) is the file they came from, kept to write the work back into it.
    """
    _require_import(actor)
    options = ImportOptions(_project_of(session, options), options.use_memory)
    return _store(
        session,
        actor,
        title,
        segments,
        looks_mismatched=False,
        obsolete=obsolete,
        options=options,
        original=original,
    )


def _project_of(session: Session, options: ImportOptions) -> int:
    """The project an import goes to, checked before any work is done."""
    if options.project_id is None:
        return default_project(session).id
    return get_project(session, options.project_id).id


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


def _check_lengths(segments: Sequence[BilingualSegment]) -> None:
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
    segments: Sequence[BilingualSegment],
    *,
    looks_mismatched: bool,
    obsolete: int = 0,
    roles: Sequence[tuple[SegmentRole, int | None]] | None = None,
    slug: str = "",
    options: ImportOptions = ImportOptions(),
    original: tuple[str, bytes] | None = None,
) -> Document:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(N_("Give the document a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise InvalidInput(
            at_most(N_("A title has at most %(limit)s characters."), MAX_TITLE_LENGTH)
        )
    if not segments:
        raise InvalidInput(N_("Nothing to import: no segments were found."))
    _check_lengths(segments)
    attempt = 1
    while True:
        try:
            return _insert(
                session,
                actor,
                title,
                segments,
                looks_mismatched,
                obsolete,
                roles,
                slug,
                options,
                original,
            )
        except IntegrityError as error:
            if "slug" not in str(error.orig):
                raise
            # Two imports chose the same free slug at once; the loser picks again. A slug the
            # user chose was checked just before: taken since by someone else, it is theirs.
            if slug or attempt == _SLUG_ATTEMPTS:
                raise InvalidInput(
                    N_(
                        "Another import took this document's slug at the same moment; "
                        "import it again."
                    )
                ) from None
            attempt += 1


# Concurrent imports of one title, each retrying with the next free slug.
_SLUG_ATTEMPTS = 5


def _insert(
    session: Session,
    actor: User | None,
    title: str,
    segments: Sequence[BilingualSegment],
    looks_mismatched: bool,
    obsolete: int,
    roles: Sequence[tuple[SegmentRole, int | None]] | None,
    slug: str,
    options: ImportOptions,
    original: tuple[str, bytes] | None = None,
) -> Document:
    with unit_of_work(session):
        project_id = _project_of(session, options)
        document = Document(
            title=title,
            slug=checked_slug(session, slug) if slug else _unique_slug(session, title),
            looks_mismatched=looks_mismatched,
            created_by=actor,
            project_id=project_id,
        )
        session.add(document)
        session.flush()
        labels = _labels(segments)
        rows = [
            Segment(
                document_id=document.id,
                position=number * POSITION_GAP,
                label=labels[number - 1],
                source=s.source,
                draft=s.draft,
                target=s.target,
                status=imported_status(s.status, s.target).value,
                shape=s.shape,
                confidence=s.confidence,
                source_paragraph=s.source_paragraph,
                target_paragraph=s.target_paragraph,
                note=s.note,
                codes=dict(s.codes) or None,
                role=role.value,
                heading_level=level,
            )
            for number, (s, (role, level)) in enumerate(
                zip(segments, roles or [(SegmentRole.BODY, None)] * len(segments), strict=True),
                start=1,
            )
        ]
        from_memory = tm.pretranslate(session, project_id, rows) if options.use_memory else 0
        session.add_all(rows)
        if original is not None:
            filename, data = original
            session.add(
                DocumentFile(
                    document_id=document.id,
                    filename=filename,
                    data=data,
                    labels={s.key: label for s, label in zip(segments, labels, strict=True)},
                )
            )
        session.flush()
        excluded = sum(row.role == SegmentRole.EXCLUDED for row in rows)
        refresh_issues(session, document.id)
        claims = _record_claims(session, actor, rows, segments)
        audit.record(
            session,
            actor,
            document.id,
            "import",
            f"Imported “{title}” with {len(segments)} segments"
            + (f"; {obsolete} obsolete entries skipped" if obsolete else "")
            + (f"; {excluded} excluded as page chrome or the headline" if excluded else "")
            + (f"; {from_memory} from the translation memory" if from_memory else ""),
            segments=len(segments),
            excluded=excluded,
            from_memory=from_memory,
            obsolete=obsolete,
            claims=claims,
        )
        audit.refresh_status(session, document.id)
        pause_point(session, IMPORT_STORED)
    return document


# Labels are what people call segments by, so another tool's ids make good ones if short
# (36: a GUID, with room for the ".1" a split adds in a label column of 40).
_MAX_LABEL = 36


def _labels(segments: Sequence[BilingualSegment]) -> list[str]:
    """The file's ids as labels when they are short and unique, else the numbers 1, 2, 3:
    mixing the two could give two segments one label."""
    labels = [label_of(s.key) for s in segments]
    if len(set(labels)) == len(labels) and all(0 < len(label) <= _MAX_LABEL for label in labels):
        return labels
    return [str(number) for number in range(1, len(segments) + 1)]


def _record_claims(
    session: Session,
    actor: User | None,
    rows: Sequence[Segment],
    segments: Sequence[BilingualSegment],
) -> dict[str, int]:
    """Log each state the file claimed and the import did not grant, by the file's word."""
    claims: dict[str, int] = {}
    for row, segment in zip(rows, segments, strict=True):
        if row.status == segment.status:
            continue
        claim = segment.claim or segment.status
        claims[claim] = claims.get(claim, 0) + 1
        why = f"file said {claim}"
        audit.record(
            session,
            actor,
            row.document_id,
            "import",
            f"Segment {row.label}: {why}; imported as {row.status}",
            segment_id=row.id,
            file_status=claim,
            status=row.status,
        )
        if actor is not None:
            session.add(
                Revision(
                    segment_id=row.id,
                    document_id=row.document_id,
                    user_id=actor.id,
                    kind="import",
                    old_target=row.target,
                    new_target=row.target,
                    old_status=row.status,
                    new_status=row.status,
                    reason=why,
                )
            )
    return claims


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80] or "document"


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80


def checked_slug(session: Session, slug: str, document_id: int | None = None) -> str:
    """A slug a person chose, or ``InvalidInput``: it names the folder a document is
    published to, so only lower-case letters, digits and single hyphens (no slash, dot or
    backslash can reach the path), and no other document may have it."""
    slug = slug.strip()
    if not _SLUG.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise InvalidInput(
            Message(
                N_(
                    "A slug is lower-case letters, digits and hyphens (at most %(limit)s), "
                    "such as “%(example)s”; %(slug)s is not one."
                ),
                limit=MAX_SLUG_LENGTH,
                example=slugify(slug),
                slug=repr(slug),
            )
        )
    other = session.scalar(select(Document.id).where(Document.slug == slug))
    if other is not None and other != document_id:
        raise InvalidInput(
            Message(
                N_("Another document already has the slug %(slug)s; choose a different one."),
                slug=repr(slug),
            )
        )
    return slug


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
        raise NotFound(
            Message(N_("There is no document %(id)s. It may have been removed."), id=document_id)
        )
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


def export_document(session: Session, document_id: int, file_format: str) -> tuple[str, str]:
    """The document as a bilingual file (``formats.bilingual.EXPORT_FORMATS``): (file name,
    text). Segment ids are ``core.bilingual.segment_key`` of the labels, as ``align`` writes
    them, so a file goes back and forth between the tools without losing its ids."""
    if file_format not in EXPORT_FORMATS:
        raise InvalidInput(
            f"Unknown export format {file_format!r}; use one of {', '.join(EXPORT_FORMATS)}."
        )
    document = get_document(session, document_id)
    segments = [
        BilingualSegment(
            key=segment_key(s.label),
            source=s.source,
            target=s.target,
            draft=s.draft,
            status=s.status,
            shape=s.shape,
            confidence=s.confidence,
            source_paragraph=s.source_paragraph,
            target_paragraph=s.target_paragraph,
            note=s.note,
            codes=tuple(sorted((s.codes or {}).items())),
        )
        for s in active_segments(session, document_id)
    ]
    signed = audit.current_sign_off(session, document_id)
    sign_off = (
        f"{iso_utc(signed.created_at)} by {signed.user.username}; sha256 {signed.sha256}"
        if signed
        else ""
    )
    text, extension = write_bilingual(
        segments, file_format, title=document.title, sign_off=sign_off
    )
    return f"{document.slug}{extension}", text


def export_po(session: Session, document_id: int) -> tuple[str, str]:
    """The document as a PO file: (file name, text)."""
    return export_document(session, document_id, "po")


def final_copy(session: Session, document_id: int) -> tuple[str, list[Block]]:
    """The document's title and its final English as ``core.publication.final_blocks``: what
    is published, exported and previewed, computed in this one place."""
    document = get_document(session, document_id)
    return document.title, final_blocks(_final_segments(session, document_id))


def tracked_copy(session: Session, document_id: int) -> tuple[str, list[TrackedBlock]]:
    """The final copy's blocks beside the machine draft of the same segments (the preview's
    tracked changes)."""
    document = get_document(session, document_id)
    return document.title, tracked_blocks(_final_segments(session, document_id))


def _final_segments(session: Session, document_id: int) -> list[FinalSegment]:
    return [
        FinalSegment(
            s.target, s.source_paragraph, s.target_paragraph, s.role, s.heading_level, s.draft
        )
        for s in active_segments(session, document_id)
    ]


def render_final(session: Session, document_id: int, file_format: str) -> tuple[str, str]:
    """The final English in ``FINAL_FORMATS`` (txt, md, html): (file name, text), exactly
    as publishing writes it."""
    if file_format not in FINAL_FORMATS:
        raise InvalidInput(
            f"Unknown format {file_format!r}; use one of {', '.join(FINAL_FORMATS)}."
        )
    document = get_document(session, document_id)
    title, blocks = final_copy(session, document_id)
    return f"{document.slug}.{file_format}", FINAL_FORMATS[file_format](title, blocks)


def export_docx(session: Session, document_id: int) -> tuple[str, bytes]:
    """The final English as a Word document: (file name, bytes), exactly as publishing
    writes it."""
    document = get_document(session, document_id)
    return f"{document.slug}.docx", render_docx(*final_copy(session, document_id))


def export_text(session: Session, document_id: int) -> tuple[str, str]:
    """The current English as plain text: the published ``.txt`` of the document as it is."""
    document = get_document(session, document_id)
    return f"{document.slug}.en.txt", render_final(session, document_id, "txt")[1]
