"""Persistence: SQLAlchemy models, sessions and Alembic migrations. No business rules here."""

from .db import make_engine, make_session_factory, sqlite_url, upgrade
from .models import (
    ROLES,
    SEGMENT_STATUSES,
    Base,
    Comment,
    Document,
    Operation,
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
    "Operation",
    "Revision",
    "Segment",
    "User",
    "make_engine",
    "make_session_factory",
    "sqlite_url",
    "upgrade",
]
