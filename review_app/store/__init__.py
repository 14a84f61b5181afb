"""Persistence: SQLAlchemy models, sessions and Alembic migrations. No business rules here."""

from .db import make_engine, make_session_factory, sqlite_url, upgrade
from .models import (
    ROLES,
    SEGMENT_STATUSES,
    Base,
    Comment,
    Document,
    Glossary,
    GlossaryTerm,
    Operation,
    QaIssue,
    Revision,
    Segment,
    User,
)

__all__ = [
    "ROLES",
    "SEGMENT_STATUSES",
    "Base",
    "Comment",
    "Document",
    "Glossary",
    "GlossaryTerm",
    "Operation",
    "QaIssue",
    "Revision",
    "Segment",
    "User",
    "make_engine",
    "make_session_factory",
    "sqlite_url",
    "upgrade",
]
