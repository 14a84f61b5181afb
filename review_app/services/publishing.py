"""Publishing a signed-off document: the final English, its PO file and a review report.

Everything is rendered in memory first, then written into a temporary folder next to the
destination and renamed into place, so a failure at any point leaves no half-written version:
either ``published/<slug>/v<N>/`` appears complete or not at all. Earlier versions are kept.
"""

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.core.messages import N_
from review_app.core.metrics import corpus_from_statistics
from review_app.formats.publication import render_review_report
from review_app.store import Publication, Segment, SignOff, User
from review_app.store.locks import lock_document
from review_app.store.models import iso_utc, utcnow

from . import audit
from .access import require
from .documents import (
    FINAL_FORMATS,
    active_segments,
    export_docx,
    export_po,
    get_document,
    render_final,
)
from .errors import NotFound
from .metrics import mqm_of, qa_summary, statistics_for
from .pauses import PUBLICATION_WRITTEN, pause_point
from .review import SignOffRefused, checklist, ignored_issues, valid_sign_off
from .uow import unit_of_work

PUBLISHED = "published"
TRANSLATIONS = "translations"
_VERSION_DIR = re.compile(r"^v(\d+)$")


@dataclass(frozen=True)
class PublishResult:
    publication: Publication
    folder: Path
    files: list[str]
    po_copy: Path
    created: bool = True  # False: this sign-off was published already (perhaps just now,
    # by a publish that held the document's lock first), and nothing new was written


def publish(session: Session, actor: User, document_id: int, data_dir: Path) -> PublishResult:
    """Write version N+1 of the document under ``<data_dir>/published/<slug>/``.

    Refused (``SignOffRefused``) without a valid sign-off (the latest one not revoked and the
    content and statuses still hashing to what was signed) or with any segment not approved.
    Publishing the same sign-off again returns the version already written, with
    ``created`` False (two publishes at once: the document's lock serialises them, so the
    second finds the first one's version; the views answer it with 409).
    """
    require(actor, "publish")
    data_dir = Path(data_dir)
    with unit_of_work(session):
        document = get_document(session, document_id)
        lock_document(session, document_id)
        sign_off = publishable(session, document_id)
        root = data_dir / PUBLISHED / document.slug
        po_copy = data_dir / TRANSLATIONS / f"{document.slug}.po"
        existing = session.scalars(
            select(Publication).where(Publication.sign_off_id == sign_off.id)
        ).first()
        if existing is not None and Path(existing.folder).is_dir():
            return PublishResult(
                existing, Path(existing.folder), existing.files, po_copy, created=False
            )
        version = _next_version(session, document_id, root)
        now = utcnow()
        contents = _render(session, document, sign_off, actor, version, now)
        folder = root / f"v{version}"
        root.mkdir(parents=True, exist_ok=True)
        po_copy.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=f".v{version}-"))
        staged_po = po_copy.with_name(f".{po_copy.name}.{staging.name}.tmp")
        try:
            for name, text in contents.items():
                _write(staging / name, text)
            _write(staged_po, contents[f"{document.slug}.po"])
            publication = Publication(
                document_id=document_id,
                sign_off_id=sign_off.id,
                user_id=actor.id,
                created_at=now,
                version=version,
                folder=str(folder),
                files=sorted(contents),
            )
            session.add(publication)
            audit.record(
                session,
                actor,
                document_id,
                "publication",
                f"Published version {version}",
                version=version,
                sign_off=sign_off.id,
                sha256=sign_off.sha256,
                files=sorted(contents),
            )
            audit.refresh_status(session, document_id)
            session.flush()
            os.rename(staging, folder)
            os.replace(staged_po, po_copy)
            pause_point(session, PUBLICATION_WRITTEN)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            staged_po.unlink(missing_ok=True)
            raise
    return PublishResult(publication, folder, publication.files, po_copy)


def publishable(session: Session, document_id: int) -> SignOff:
    """The sign-off that publishing the document would publish; ``SignOffRefused`` (what is
    missing) when there is none, or when a segment is not approved. Asked again by
    ``publish`` under the document's lock, so an answer given before (a job queued on it)
    promises nothing."""
    sign_off = valid_sign_off(session, document_id)
    if sign_off is None:
        raise SignOffRefused(
            N_("Publishing needs a valid sign-off."),
            [
                N_(
                    "The document has not been signed off, or it changed after the "
                    "sign-off. Review it and sign it off, then publish."
                )
            ],
        )
    # The hash binds the sign-off to the statuses too; checking them again here, under the
    # lock, means no path that forgot to revoke can get unapproved text published.
    state = checklist(session, document_id)
    if state.approved < state.segments:
        raise SignOffRefused(N_("Publishing needs every segment approved."), state.reasons)
    return sign_off


def publications(session: Session, document_id: int) -> list[Publication]:
    """The document's published versions, oldest first."""
    return list(
        session.scalars(
            select(Publication)
            .where(Publication.document_id == document_id)
            .order_by(Publication.version)
        )
    )


def publication_file(session: Session, document_id: int, version: int, name: str) -> Path:
    """The path of file ``name`` of version ``version`` of the document, for a download.

    ``NotFound`` for an unknown document or version, and for any name that is not in the
    publication's own list of files: the list, not the request, decides what may be read, so
    no name (``../x``, an absolute path, a file added to the folder later) reaches outside it.
    """
    get_document(session, document_id)
    publication = session.scalars(
        select(Publication).where(
            Publication.document_id == document_id, Publication.version == version
        )
    ).first()
    if publication is None:
        raise NotFound(f"The document has no published version {version}.")
    if name not in publication.files:
        raise NotFound(
            f"Version {version} has no file {name!r}; it has {', '.join(publication.files)}."
        )
    path = Path(publication.folder) / name
    if not path.is_file():
        raise NotFound(
            f"The file {name} of version {version} is missing from the server's folder; "
            "ask an administrator to restore it, or publish again."
        )
    return path


def _write(path: Path, content: str | bytes) -> None:
    """Text as UTF-8 with ``\n`` line endings, bytes (the .docx) as they are; synced to disk
    before the version folder is renamed into place."""
    if isinstance(content, bytes):
        with open(path, "wb") as binary:
            binary.write(content)
            binary.flush()
            os.fsync(binary.fileno())
        return
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _next_version(session: Session, document_id: int, root: Path) -> int:
    stored = session.scalar(
        select(func.max(Publication.version)).where(Publication.document_id == document_id)
    )
    on_disk = [
        int(match.group(1))
        for entry in (root.iterdir() if root.is_dir() else ())
        if (match := _VERSION_DIR.match(entry.name))
    ]
    return max([stored or 0, *on_disk]) + 1


def _render(
    session, document, sign_off: SignOff, actor: User, version: int, now
) -> dict[str, str | bytes]:
    segments = active_segments(session, document.id)
    report = review_report(session, document, sign_off, segments)
    report["publication"] = {
        "version": version,
        "published_at": iso_utc(now),
        "published_by": actor.username,
    }
    slug = document.slug
    finals: dict[str, str | bytes] = {
        f"{slug}.{extension}": render_final(session, document.id, extension)[1]
        for extension in FINAL_FORMATS
    }
    return finals | {
        f"{slug}.docx": export_docx(session, document.id)[1],
        f"{slug}.po": export_po(session, document.id)[1],
        "review-report.json": json.dumps(report, ensure_ascii=False, indent=2) + "\n",
        "review-report.html": render_review_report(report),
    }


def review_report(session: Session, document, sign_off: SignOff, segments: list[Segment]) -> dict:
    """Sign-off record, QA summary, MQM score of the rejections, post-edit metrics: the sums
    the dashboard shows (services.metrics), as JSON."""
    qa = {
        count.check_id: {"error": count.errors, "warning": count.warnings}
        for count in qa_summary(session, [document.id])
    }
    mqm = mqm_of(session, [document.id], (s.target for s in segments))
    return {
        "document": {"id": document.id, "title": document.title, "slug": document.slug},
        "sign_off": {
            "id": sign_off.id,
            "signed_off_by": sign_off.user.username,
            "signed_off_at": iso_utc(sign_off.created_at),
            "sha256": sign_off.sha256,
        },
        "segments": len(segments),
        "words": mqm.words,
        "qa": {
            "by_check": dict(sorted(qa.items())),
            "errors": sum(c["error"] for c in qa.values()),
            "warnings": sum(c["warning"] for c in qa.values()),
            # Issues a person set aside, with who and why: the reader judges them too.
            "ignored": ignored_issues(session, document.id),
        },
        "mqm": {
            "rejections": mqm.rejections,
            # Published reports have always listed only the severities that occur.
            "by_severity": {s: n for s, n in mqm.by_severity.items() if n},
            "by_category": mqm.by_category,
            "score_per_1000_words": mqm.per_thousand_words,
        },
        "post_edit": _post_edit_metrics(session, segments),
    }


def _post_edit_metrics(session: Session, segments: list[Segment]) -> dict | None:
    """Corpus BLEU/chrF/TER of the drafts against the published text; None without segments."""
    statistics = statistics_for(session, [(s.draft, s.target) for s in segments])
    result = corpus_from_statistics(statistics)
    if result is None:
        return None
    return {
        "bleu": round(result.bleu, 2),
        "chrf": round(result.chrf, 2),
        "ter": round(result.ter, 2),
        "edit_shares": result.shares.as_dict(),
        "signature": result.signature,
    }
