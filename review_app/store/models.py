"""The working store: users, documents, segments, their revisions and comments.

Tables only; the rules about who may change what, and how, live in ``review_app.services``.
"""

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from review_app.core.checks.base import Severity
from review_app.core.glossary import TermStatus
from review_app.core.jobs import JobState
from review_app.core.workflow import (
    DocumentStatus,
    MqmSeverity,
    Role,
    SegmentRole,
    SegmentStatus,
)

# The vocabularies come from the core, spelled once there; the check constraints below (and
# the migrations that created them) hold the same values.
ROLES = tuple(v.value for v in Role)
SEGMENT_STATUSES = tuple(v.value for v in SegmentStatus)
TERM_STATUSES = tuple(v.value for v in TermStatus)
SEVERITIES = tuple(v.value for v in Severity)
DOCUMENT_STATUSES = tuple(v.value for v in DocumentStatus)
MQM_SEVERITIES = tuple(v.value for v in MqmSeverity)
JOB_STATES = tuple(v.value for v in JobState)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 with the zone: SQLite hands datetimes back without one, stored in UTC."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    pass


class User(Base):
    """A person who logs in. The attributes below the columns are what Flask-Login asks for."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="ck_users_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The interface language the user chose; "" follows the browser's Accept-Language.
    language: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # Set by a password reset: every page asks for a new password until one is chosen.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)


class Project(Base):
    """A client's or subject's work: its documents, the glossaries that apply to them and the
    translation memories they read from and write to."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(_one_of("status", DOCUMENT_STATUSES), name="ck_documents_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="in_translation")
    # Set at import when the draft looks like a translation of some other text.
    looks_mismatched: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Last change of any kind, kept here so the documents list needs no scan of revisions.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The stored QA issues may be out of date (the glossary changed): check again before use.
    qa_stale: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the article came from, for the published copy's byline; editors may correct them.
    source_url: Mapped[str] = mapped_column(Text, default="", server_default="")
    publisher: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The article's own date (not the import's), ISO 8601 "YYYY-MM-DD", or "" when unknown.
    article_date: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # Never None once stored: services.projects gives every new document one, and 0010 gave
    # every existing one the Default project. Neither NOT NULL nor a foreign key in the
    # schema: SQLite adds neither to a table others reference without copying it (which its
    # foreign keys refuse), nor drops such a column again; no use case deletes a project.
    project_id: Mapped[int | None] = mapped_column(Integer, index=True)

    created_by: Mapped[User | None] = relationship()
    project: Mapped[Project | None] = relationship(
        primaryjoin="foreign(Document.project_id) == Project.id"
    )


class Segment(Base):
    """One aligned bead: Chinese source, the machine draft as received, the current target.

    ``position`` orders the segments of a document and has gaps so that a split can insert
    without renumbering. ``label`` is the number people see; like Trados, it stays stable
    across merges and splits ("12", then "12.1" for a part split off), so a reviewer's note
    about "segment 12" still points at the same text. Segments removed by a merge are kept
    inactive, with their revisions, so that the merge can be undone.
    """

    __tablename__ = "segments"
    __table_args__ = (
        CheckConstraint(_one_of("status", SEGMENT_STATUSES), name="ck_segments_status"),
        Index("ix_segments_document_position", "document_id", "active", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text)
    draft: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=SegmentStatus.DRAFT.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    shape: Mapped[str] = mapped_column(String(10), default="1-1")
    confidence: Mapped[float | None] = mapped_column(Float)
    source_paragraph: Mapped[int | None] = mapped_column(Integer)
    target_paragraph: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What an imported PO or XLIFF file said about the segment, written back on export.
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The markup behind each inline-code token of source and target (core.inline), or None.
    codes: Mapped[dict | None] = mapped_column(JSON)
    # What the segment is in the published article (core.workflow.SegmentRole), and for a
    # heading its level; excluded segments need no translation, review or checks. No check
    # constraint: SQLite cannot drop a column one names, so 0008 could not be downgraded;
    # core.workflow.checked_role guards every write.
    role: Mapped[str] = mapped_column(
        String(10), default=SegmentRole.BODY.value, server_default=SegmentRole.BODY.value
    )
    heading_level: Mapped[int | None] = mapped_column(Integer)
    # Set when import took the target from the translation memory: the match's score (100, or
    # 101 for a context match) and where its unit came from ("approved in …", a TMX file).
    tm_score: Mapped[int | None] = mapped_column(Integer)
    tm_origin: Mapped[str | None] = mapped_column(String(300))

    document: Mapped[Document] = relationship()

    # The ORM adds "AND version = <what was read>" to every UPDATE and raises StaleDataError
    # when another writer got there first: optimistic locking without holding a lock.
    __mapper_args__ = {"version_id_col": version}


class Operation(Base):
    """An alignment fix (merge, split, move, insert) or the undo of one.

    ``before`` holds the affected segments as they were and ``after`` their ids and versions
    afterwards, so an undo can check that nobody changed them since and restore them exactly.
    """

    __tablename__ = "operations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[list] = mapped_column(JSON)
    after: Mapped[list] = mapped_column(JSON)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"))

    user: Mapped[User] = relationship()


class Revision(Base):
    """An append-only record of one change to one segment: who, when, what and why."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_segment", "segment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    old_target: Mapped[str] = mapped_column(Text)
    new_target: Mapped[str] = mapped_column(Text)
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    # The source changes only through alignment fixes; kept so history can show it.
    old_source: Mapped[str | None] = mapped_column(Text)
    new_source: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operations.id"))

    user: Mapped[User] = relationship()


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_segment", "segment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


class Glossary(Base):
    """A termbase. It applies to the documents of the projects that use it."""

    __tablename__ = "glossaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GlossaryTerm(Base):
    """One rendering of a Chinese term (``core.glossary.Term`` with an id and a glossary)."""

    __tablename__ = "glossary_terms"
    __table_args__ = (
        CheckConstraint(_one_of("status", TERM_STATUSES), name="ck_glossary_terms_status"),
        UniqueConstraint("glossary_id", "source", "target", name="uq_glossary_terms_rendering"),
        Index("ix_glossary_terms_source", "source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    glossary_id: Mapped[int] = mapped_column(ForeignKey("glossaries.id"))
    source: Mapped[str] = mapped_column(String(500))
    target: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="preferred")
    note: Mapped[str] = mapped_column(Text, default="")
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    pos: Mapped[str] = mapped_column(String(40), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    glossary: Mapped[Glossary] = relationship()


PROPOSAL_STATUSES = ("pending", "accepted", "rejected")


class TermProposal(Base):
    """A term a translator proposes from a segment's source, until an editor accepts it (it
    becomes a glossary term) or rejects it; kept afterwards as the record of the decision."""

    __tablename__ = "term_proposals"
    __table_args__ = (
        CheckConstraint(_one_of("status", PROPOSAL_STATUSES), name="ck_term_proposals_status"),
        Index("ix_term_proposals_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    source: Mapped[str] = mapped_column(String(500))
    target: Mapped[str] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The glossary an accepted term went to (no link to the term: it may be edited or deleted).
    glossary_id: Mapped[int | None] = mapped_column(ForeignKey("glossaries.id"))
    reason: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship()
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])


class ProjectGlossary(Base):
    """A glossary a project uses: its terms are checked and count as alignment evidence in
    the project's documents."""

    __tablename__ = "project_glossaries"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    glossary_id: Mapped[int] = mapped_column(ForeignKey("glossaries.id"), primary_key=True)


class TranslationMemory(Base):
    """A collection of translation units, shared by the projects that use it."""

    __tablename__ = "translation_memories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProjectMemory(Base):
    """A memory a project uses: read (matches, pre-translation, concordance) and/or written
    (approved segments)."""

    __tablename__ = "project_memories"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    memory_id: Mapped[int] = mapped_column(ForeignKey("translation_memories.id"), primary_key=True)
    can_read: Mapped[bool] = mapped_column(Boolean, default=True)
    can_write: Mapped[bool] = mapped_column(Boolean, default=False)

    memory: Mapped[TranslationMemory] = relationship()


class TmUnit(Base):
    """One translation unit: a Chinese source, its English, where and by whom it was made.

    ``norm_source`` (``core.tm.normalize_source``) is what the trigram index covers (SQLite
    FTS5 table ``tm_units_fts`` kept by triggers, or a pg_trgm GIN index, both made by 0010
    and outside these models); ``source_key`` finds short sources, which have no trigram.
    A unit made from an approved segment keeps the segment's id: approving it again updates
    the unit, and rejecting or editing it withdraws the unit (``withdrawn_at``) until it is
    approved again. Nothing deletes a unit except an administrator, with an audit event.
    """

    __tablename__ = "tm_units"
    __table_args__ = (
        Index("ix_tm_units_key", "memory_id", "source_key"),
        Index("ix_tm_units_segment", "segment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    memory_id: Mapped[int] = mapped_column(ForeignKey("translation_memories.id"))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    source_lang: Mapped[str] = mapped_column(String(20), default="zh-CN")
    target_lang: Mapped[str] = mapped_column(String(20), default="en")
    norm_source: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(String(40))
    # The sources before and after it where it was translated ("" at an edge or unknown).
    prev_source: Mapped[str] = mapped_column(Text, default="")
    next_source: Mapped[str] = mapped_column(Text, default="")
    # "approved in <document title>" or "<file name>" of a TMX import.
    origin: Mapped[str] = mapped_column(String(300))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"))
    # A user's name, or a TMX file's creationid/changeid.
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A TMX unit's <prop type=…> values and <note>s, written back on export.
    props: Mapped[dict] = mapped_column(JSON, default=dict)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    memory: Mapped[TranslationMemory] = relationship()


class QaIssue(Base):
    """One open QA issue of a segment, as the checks last reported it.

    A cache of ``core.checks`` output, rewritten (only where it changed) on every save, so the
    row markers, the "has issues" filter and the documents list read it without re-checking.
    """

    __tablename__ = "qa_issues"
    __table_args__ = (
        CheckConstraint(_one_of("severity", SEVERITIES), name="ck_qa_issues_severity"),
        Index("ix_qa_issues_segment", "segment_id", "severity", "check_id"),
        Index("ix_qa_issues_document", "document_id", "severity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    check_id: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    # English, for the API and the CLI; the interface translates ``message_id`` (the check's
    # template) filled with ``message_params``. Rows from before templates have neither.
    message: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(Text)
    message_params: Mapped[dict | None] = mapped_column(JSON)
    source_spans: Mapped[list] = mapped_column(JSON)
    target_spans: Mapped[list] = mapped_column(JSON)
    term_source: Mapped[str | None] = mapped_column(String(500))
    term_target: Mapped[str | None] = mapped_column(String(500))
    # An issue a person judged wrong for this segment: kept, shown, but no longer blocking.
    ignored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ignored_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_qa_issues_ignored_by")
    )
    ignored_reason: Mapped[str | None] = mapped_column(Text)


class Rejection(Base):
    """An editor's reason for sending a segment back: a comment and an MQM error."""

    __tablename__ = "rejections"
    __table_args__ = (
        CheckConstraint(_one_of("severity", MQM_SEVERITIES), name="ck_rejections_severity"),
        Index("ix_rejections_segment", "segment_id", "id"),
        Index("ix_rejections_document", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    comment: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))

    user: Mapped[User] = relationship()


class SignOff(Base):
    """An editor's sign-off: who, when and the SHA-256 of the approved content.

    Valid while not revoked and while the document still hashes to ``sha256``.
    """

    __tablename__ = "sign_offs"
    __table_args__ = (Index("ix_sign_offs_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])


class Publication(Base):
    """One published version of a document: the folder written and its files."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("document_id", "version", name="uq_publications_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    sign_off_id: Mapped[int] = mapped_column(ForeignKey("sign_offs.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer)
    folder: Mapped[str] = mapped_column(Text)
    files: Mapped[list] = mapped_column(JSON)

    user: Mapped[User] = relationship()
    sign_off: Mapped[SignOff] = relationship()


class AuditEvent(Base):
    """One entry of the append-only audit log: of a document, or (``document_id`` None) of
    something that belongs to no document, such as a glossary.

    Rows are only ever inserted (``services.audit.record``); no service updates or deletes
    them, and the mapper refuses to flush a change to a stored one.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()


class ApiToken(Base):
    """A bearer token for the REST API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class UserSession(Base):
    """One login in a browser. The cookie carries a random key; only its SHA-256 is stored,
    and a session counts only while ``ended_at`` is empty, so logging out (or disabling the
    user) ends it for every copy of the cookie."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """One failed login, kept for the rate limit's window (``services.logins``); in the
    database so that every server process counts the same failures."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username", "username", "created_at"),
        Index("ix_login_attempts_address", "address", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper, _connection, target: AuditEvent) -> None:
    raise PermissionError(f"The audit log is append-only; event {target.id} cannot change.")


class PairStatistic(Base):
    """sacrebleu's statistics of one (machine draft, target) pair, keyed by a hash of both.

    A cache, not a record: any row may be dropped and is computed again when needed. Shared by
    every segment whose draft and target are the same pair.
    """

    __tablename__ = "pair_statistics"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    stats: Mapped[str] = mapped_column(Text)


class DocumentFile(Base):
    """The bilingual file a document was imported from, as it came, so that the export can
    hand the same file back to its tool (Trados, memoQ…) with this app's translations in.

    ``labels`` maps each of the file's segment keys to the label its segment got here.
    """

    __tablename__ = "document_files"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    labels: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Job(Base):
    """Long work done by a worker (``services.jobs``): what it is, how far it got, and what
    came of it. Kept here, not in the task queue, so that every server process and worker
    reports the same progress, and a job outlives the queue entry that started it."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_one_of("state", JOB_STATES), name="ck_jobs_state"),
        Index("ix_jobs_state", "state", "heartbeat_at"),
        Index("ix_jobs_key", "key", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    # Jobs of one key ("document-checks:12") are coalesced: while one waits, no other queues.
    key: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10), default=JobState.QUEUED.value)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    # The job's input, as its kind reads it; dropped once the job is done.
    params: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User | None] = relationship()
