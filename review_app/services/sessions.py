"""Login sessions kept on the server, so that ending one works whoever holds the cookie.

Flask's session cookie is signed, not secret, and a signed cookie stays valid wherever it is
copied to. So the cookie carries a random key, the database keeps the key's SHA-256 (the key
is 32 random bytes: a dictionary cannot guess it, and the lookup stays one indexed query), and
a request counts as logged in only while that row is open and its user is active.
"""

import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from review_app.store import User, UserSession
from review_app.store.models import utcnow

from .uow import unit_of_work

MAX_ADDRESS_LENGTH = 64
MAX_USER_AGENT_LENGTH = 200


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def start_session(session: Session, user: User, *, address: str = "", user_agent: str = "") -> str:
    """Open a session for ``user``; returns the key for the cookie (stored only as a hash)."""
    key = secrets.token_urlsafe(32)
    with unit_of_work(session):
        session.add(
            UserSession(
                sha256=_digest(key),
                user_id=user.id,
                created_at=utcnow(),
                address=address[:MAX_ADDRESS_LENGTH],
                user_agent=user_agent[:MAX_USER_AGENT_LENGTH],
            )
        )
    return key


def session_user(session: Session, key: str) -> User | None:
    """The user of an open session with this key, if that user is active."""
    record = session.scalar(select(UserSession).where(UserSession.sha256 == _digest(key)))
    if record is None or record.ended_at is not None or not record.user.is_active:
        return None
    return record.user


def end_session(session: Session, key: str) -> None:
    with unit_of_work(session):
        session.execute(
            update(UserSession)
            .where(UserSession.sha256 == _digest(key), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_sessions_of(session: Session, user: User) -> None:
    """End every open session of ``user``, inside the caller's transaction."""
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
