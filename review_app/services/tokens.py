"""API tokens: created for a user, shown once, stored only as a SHA-256, revocable.

A token is 32 random bytes, so a plain SHA-256 is enough to store it: unlike a password it
cannot be guessed from a dictionary, and lookups by hash stay one indexed query.
"""

import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from review_app.store import ApiToken, User
from review_app.store.models import utcnow

from .errors import AuthenticationFailed, InvalidInput, NotFound
from .uow import unit_of_work

TOKEN_PREFIX = "rvw_"
MAX_NAME_LENGTH = 100


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, username: str, name: str = "api") -> tuple[ApiToken, str]:
    """A new token for ``username``: (the stored record, the token itself, shown only now)."""
    name = name.strip() or "api"
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"A token name has at most {MAX_NAME_LENGTH} characters.")
    with unit_of_work(session):
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"There is no user called {username}. Create one with `user add`.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        record = ApiToken(user_id=user.id, name=name, sha256=_digest(token), created_at=utcnow())
        session.add(record)
    return record, token


def list_tokens(session: Session, username: str | None = None) -> list[ApiToken]:
    query = select(ApiToken).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    if username:
        query = query.where(User.username == username)
    return list(session.scalars(query))


def revoke_token(session: Session, token_id: int) -> ApiToken:
    with unit_of_work(session):
        record = session.get(ApiToken, token_id)
        if record is None:
            raise NotFound(f"There is no token {token_id}; `token list` shows them.")
        if record.revoked_at is None:
            record.revoked_at = utcnow()
    return record


def revoke_tokens_of(session: Session, user: User) -> None:
    """Revoke every token of ``user``, inside the caller's transaction."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def authenticate_token(session: Session, token: str) -> User:
    """The user a bearer token belongs to, if the token is known, not revoked, and the user
    is active; ``AuthenticationFailed`` otherwise."""
    record = session.scalar(select(ApiToken).where(ApiToken.sha256 == _digest(token)))
    if record is None or record.revoked_at is not None or not record.user.is_active:
        raise AuthenticationFailed(
            "The API token is missing, unknown or revoked. Send `Authorization: Bearer <token>` "
            "with a token from `review-app token create USER`."
        )
    with unit_of_work(session):
        record.last_used_at = utcnow()
    return record.user
