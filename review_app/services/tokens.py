"""API tokens: created for a user, shown once, stored only as a SHA-256, revocable.

A token is 32 random bytes, so a plain SHA-256 is enough to store it: unlike a password it
cannot be guessed from a dictionary, and lookups by hash stay one indexed query.
"""

import hashlib
import secrets
import unicodedata

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from review_app.core.messages import N_
from review_app.core.workflow import AuditKind
from review_app.store import ApiToken, User
from review_app.store.models import utcnow

from .access import can
from .audit import record as audit
from .errors import AuthenticationFailed, InvalidInput, NotFound
from .uow import unit_of_work

TOKEN_PREFIX = "rvw_"
# The refusal below spells the limit out, so that the interface can translate it.
MAX_NAME_LENGTH = 100


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, username: str, name: str = "api", *, actor: User | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``username``: (the stored record, the token itself, shown only now).

    ``actor`` None is the command line; otherwise only for oneself, or by an administrator."""
    name = name.strip() or "api"
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(N_("A token name has at most 100 characters."))
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidInput(N_("A token name may not contain control characters such as tabs."))
    with unit_of_work(session):
        user = session.scalar(select(User).where(User.username == username))
        if user is None or not _may_manage(actor, user):
            raise NotFound(f"There is no user called {username}. Create one with `user add`.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        record = ApiToken(user_id=user.id, name=name, sha256=_digest(token), created_at=utcnow())
        session.add(record)
        session.flush()
        _audit(session, actor, record, f"token {record.id} ({name}) created for {username}")
    return record, token


def _may_manage(actor: User | None, user: User) -> bool:
    return actor is None or actor.id == user.id or can(actor, "manage_users")


def _audit(session: Session, actor: User | None, record: ApiToken, summary: str) -> None:
    audit(
        session,
        actor,
        None,
        AuditKind.ACCOUNT,
        summary,
        user=record.user.username,
        token=record.id,
    )


def list_tokens(session: Session, username: str | None = None) -> list[ApiToken]:
    query = select(ApiToken).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    if username:
        query = query.where(User.username == username)
    return list(session.scalars(query))


def revoke_token(session: Session, token_id: int, *, actor: User | None = None) -> ApiToken:
    """Revoke one token: one's own, or anyone's for an administrator (or the command line).
    Someone else's token is "not found" for others, so ids reveal nothing."""
    with unit_of_work(session):
        record = session.get(ApiToken, token_id)
        if record is None or not _may_manage(actor, record.user):
            raise NotFound(f"There is no token {token_id}; `token list` shows them.")
        if record.revoked_at is None:
            record.revoked_at = utcnow()
            _audit(session, actor, record, f"token {record.id} ({record.name}) revoked")
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
