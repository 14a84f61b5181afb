"""Review workflow rules: segment and document statuses, who may move them, sign-off.

Pure rules, no storage: services ask these functions what is allowed and what follows, then
record it. Every rule lives here once, so the web UI and the API enforce the same thing.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .messages import N_, Listing, Message


class SegmentStatus(StrEnum):
    DRAFT = "draft"  # the machine text, untouched or edited but not confirmed
    TRANSLATED = "translated"  # a translator confirmed it
    APPROVED = "approved"  # an editor accepted it
    REJECTED = "rejected"  # an editor sent it back, with a reason


# How the refusals name a status (the interface translates them with the message).
_STATUS_NAMES = {
    SegmentStatus.DRAFT: N_("draft"),
    SegmentStatus.TRANSLATED: N_("translated"),
    SegmentStatus.APPROVED: N_("approved"),
    SegmentStatus.REJECTED: N_("rejected"),
}


class DocumentStatus(StrEnum):
    IN_TRANSLATION = "in_translation"
    IN_REVIEW = "in_review"
    SIGNED_OFF = "signed_off"
    PUBLISHED = "published"


class SegmentRole(StrEnum):
    """What a segment is in the published article."""

    BODY = "body"  # running text
    HEADING = "heading"  # a section heading, with a level
    EXCLUDED = "excluded"  # not for publication: page chrome, a headline the title carries


# Heading levels a segment may have: 1 is a top-level section (the page's own <h1> is the
# document's title), as deep as Word's built-in heading styles people use.
HEADING_LEVELS = (1, 2, 3, 4)


class Role(StrEnum):
    TRANSLATOR = "translator"
    EDITOR = "editor"
    ADMIN = "admin"


# Named sets, used by the rules below, the filters, the store's counts, the templates and the
# workspace's script (which reads them from the page), so each is spelled once.
# Still with the translator: what "confirm and go to the next" jumps to.
UNCONFIRMED = (SegmentStatus.DRAFT, SegmentStatus.REJECTED)
# Confirmed by a translator (and perhaps approved): what counts as done in progress figures.
CONFIRMED = (SegmentStatus.TRANSLATED, SegmentStatus.APPROVED)
# Who may approve, reject, sign off and publish.
REVIEWERS = (Role.EDITOR, Role.ADMIN)


class RevisionKind(StrEnum):
    """What a revision of a segment records."""

    EDIT = "edit"
    CONFIRM = "confirm"
    APPROVE = "approve"
    REJECT = "reject"
    REVERT = "revert"
    MERGE = "merge"
    SPLIT = "split"
    MOVE = "move"
    INSERT = "insert"
    UNDO = "undo"
    ROLE = "role"


class AuditKind(StrEnum):
    """What an audit event records."""

    IMPORT = "import"
    EDIT = "edit"
    STATUS = "status"
    COMMENT = "comment"
    MERGE = "merge"
    SPLIT = "split"
    ALIGNMENT = "alignment"
    SIGN_OFF = "sign-off"
    REVOCATION = "revocation"
    PUBLICATION = "publication"
    GLOSSARY = "glossary"
    ROLE = "role"
    METADATA = "metadata"
    REOPEN = "reopen"
    QA = "qa"
    PROJECT = "project"
    MEMORY = "memory"
    ACCOUNT = "account"


# MQM error typology (the subset reviewers pick from) and the usual severity weights.
MQM_CATEGORIES = (
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Terminology",
    "Fluency/Grammar",
    "Fluency/Punctuation",
    "Style",
    "Locale convention",
)


class MqmSeverity(StrEnum):
    MINOR = "Minor"
    MAJOR = "Major"
    CRITICAL = "Critical"

    @property
    def weight(self) -> int:
        return {"Minor": 1, "Major": 5, "Critical": 10}[self.value]


class WorkflowError(Exception):
    """A step the rules do not allow; the message says why and what to do instead."""

    def __init__(self, message: str, *, forbidden: bool = False) -> None:
        super().__init__(message)
        self.forbidden = forbidden  # the role may never do this (HTTP 403), vs not now (409/422)


@dataclass(frozen=True)
class Rejection:
    comment: str
    category: str
    severity: MqmSeverity


def may_review(role: Role | str) -> bool:
    return Role(role) in REVIEWERS


def status_after_edit(current: SegmentStatus | str) -> SegmentStatus:
    """An edit of approved text needs approving again; other statuses keep theirs."""
    current = SegmentStatus(current)
    return SegmentStatus.TRANSLATED if current is SegmentStatus.APPROVED else current


def may_ignore_issue(role: Role | str, severity: str) -> bool:
    """Anyone may judge a warning wrong for a segment; an error blocks sign-off, so setting
    one aside is a reviewer's call."""
    return severity != "error" or may_review(role)


def status_after_realignment(*statuses: SegmentStatus | str) -> SegmentStatus:
    """A segment made by merging, splitting or moving sentences needs review again: approval
    is lost, unfinished work (draft first, then rejected) stays."""
    for status in UNCONFIRMED:
        if status in statuses:
            return status
    return SegmentStatus.TRANSLATED


def imported_status(claimed: SegmentStatus | str, target: str) -> SegmentStatus:
    """The status a segment gets from a file that says it is ``claimed``.

    A file is not a reviewer: it can bring a segment at most to translated, so only an
    editor in this app approves. A rejection is an editor's judgement with a reason, which a
    file cannot carry, so it comes in as needing work; so does an empty translation.
    """
    claimed = SegmentStatus(claimed)
    if not target.strip() or claimed in UNCONFIRMED:
        return SegmentStatus.DRAFT
    return SegmentStatus.TRANSLATED


def change_status(
    current: SegmentStatus | str,
    wanted: SegmentStatus | str,
    role: Role | str,
    *,
    target: str,
    rejection: Rejection | None = None,
) -> SegmentStatus:
    """The status a segment moves to, or WorkflowError when the move is not allowed."""
    current, wanted, role = SegmentStatus(current), SegmentStatus(wanted), Role(role)
    if wanted is SegmentStatus.DRAFT:
        raise WorkflowError(N_("A segment cannot be set back to draft; edit or reject it instead."))
    if wanted is SegmentStatus.TRANSLATED:
        if not target.strip():
            raise WorkflowError(N_("An empty translation cannot be confirmed; write it first."))
        return wanted
    if not may_review(role):
        message = (
            N_("Only editors may approve segments.")
            if wanted is SegmentStatus.APPROVED
            else N_("Only editors may reject segments.")
        )
        raise WorkflowError(message, forbidden=True)
    if wanted is SegmentStatus.APPROVED:
        if current not in (SegmentStatus.TRANSLATED, SegmentStatus.APPROVED):
            raise WorkflowError(
                Message(
                    N_(
                        "A %(status)s segment cannot be approved: the translator confirms it first."
                    ),
                    status=Message(_STATUS_NAMES[current]),
                )
            )
        if not target.strip():
            raise WorkflowError(N_("An empty translation cannot be approved; reject it instead."))
        return wanted
    if current not in (SegmentStatus.TRANSLATED, SegmentStatus.APPROVED):
        raise WorkflowError(
            Message(
                N_("Only translated or approved segments can be rejected, not %(status)s."),
                status=Message(_STATUS_NAMES[current]),
            )
        )
    validate_rejection(rejection)
    return wanted


def validate_rejection(rejection: Rejection | None) -> None:
    if rejection is None or not rejection.comment.strip():
        raise WorkflowError(
            N_("A rejection needs a comment that tells the translator what to fix.")
        )
    if rejection.category not in MQM_CATEGORIES:
        raise WorkflowError(
            Message(
                N_("Unknown error category %(category)s; choose one of %(categories)s."),
                category=repr(rejection.category),
                categories=Listing(MQM_CATEGORIES),
            )
        )
    MqmSeverity(rejection.severity)


def document_status(
    statuses: Iterable[SegmentStatus | str], signed_off: bool, published: bool
) -> DocumentStatus:
    """A document is in review once every segment is at least translated."""
    if published:
        return DocumentStatus.PUBLISHED
    if signed_off:
        return DocumentStatus.SIGNED_OFF
    statuses = [SegmentStatus(s) for s in statuses]
    if statuses and all(s in CONFIRMED for s in statuses):
        return DocumentStatus.IN_REVIEW
    return DocumentStatus.IN_TRANSLATION


@dataclass(frozen=True)
class SignOffChecklist:
    """What an editor sees before signing off, and why sign-off may be refused."""

    segments: int
    approved: int
    blocking_issues: int
    low_confidence: int

    @property
    def reasons(self) -> list[str]:
        reasons: list[str] = []
        if self.segments == 0:
            reasons.append(N_("The document has no segments."))
        if self.approved < self.segments:
            reasons.append(
                Message(
                    N_("%(open)s of %(total)s segments are not approved."),
                    open=self.segments - self.approved,
                    total=self.segments,
                )
            )
        if self.blocking_issues:
            reasons.append(
                Message(N_("%(count)s blocking QA issues are open."), count=self.blocking_issues)
            )
        return reasons

    @property
    def ready(self) -> bool:
        return not self.reasons


def checked_role(role: SegmentRole | str, level: int | None) -> tuple[SegmentRole, int | None]:
    """A role and heading level as stored: a heading has a level (1 unless given), nothing
    else has one. WorkflowError for an unknown role or level."""
    try:
        role = SegmentRole(role)
    except ValueError:
        raise WorkflowError(
            f"Unknown segment role {role!r}; use one of {', '.join(SegmentRole)}."
        ) from None
    if role is not SegmentRole.HEADING:
        return role, None
    level = 1 if level is None else level
    if level not in HEADING_LEVELS:
        raise WorkflowError(
            f"A heading level is one of {', '.join(map(str, HEADING_LEVELS))}, not {level!r}."
        )
    return role, level


def content_hash(segments: Sequence[tuple]) -> str:
    """SHA-256 of the approved state, in document order: per segment (id, source, target,
    status, role, heading level).

    Any later change to a text, to a status, or to which segments there are, changes the
    hash: a sign-off records it and stays valid only while the document still hashes to it.
    The status is part of it so that a rejection can never leave a sign-off standing, even
    one that raced it; the role and level, because they decide what is published and how
    (an excluded paragraph is not in the copy the editor signed).
    """
    canonical = json.dumps([list(s) for s in segments], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def mqm_score(severities: Iterable[MqmSeverity | str], words: int) -> float:
    """Penalty points per 1,000 words of the translation (Minor 1, Major 5, Critical 10)."""
    penalty = sum(MqmSeverity(s).weight for s in severities)
    return 0.0 if words <= 0 else round(penalty * 1000 / words, 2)
