"""Accounts: creating, disabling and enabling users, and their passwords (werkzeug's salted
hashes).

Disabling a user or giving them a new password ends their login sessions and revokes their
API tokens at once: whoever held a copy of either is shut out, and the person logs in again
(or asks for a new token) once they may.
"""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from review_app.store import ROLES, User

from .access import require
from .errors import AuthenticationFailed, InvalidInput, NotFound
from .sessions import end_sessions_of
from .tokens import revoke_tokens_of
from .uow import unit_of_work

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"[A-Za-z0-9_.@-]{1,80}")
# Checked when the username is unknown, so that a wrong name and a wrong password take
# equally long and response times do not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not a real password")


def create_user(session: Session, username: str, password: str, role: str) -> User:
    if not _USERNAME.fullmatch(username):
        raise InvalidInput("A username is 1 to 80 letters, digits, dots, dashes, underscores or @.")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    _check_password(password)
    with unit_of_work(session):
        if session.scalar(select(User).where(User.username == username)):
            raise InvalidInput(f"There is already a user called {username}.")
        user = User(username=username, password_hash=generate_password_hash(password), role=role)
        session.add(user)
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"There is no user called {username}. Create one with `user add`.")
    return user


def set_active(session: Session, actor: User | None, user: User, active: bool) -> User:
    """Enable or disable ``user``; disabling ends their sessions and revokes their tokens."""
    if actor is not None:  # None: the command line, whose user holds the database already
        require(actor, "manage_users")
    with unit_of_work(session):
        user.active = active
        if not active:
            _shut_out(session, user)
    return user


def change_password(session: Session, actor: User | None, user: User, password: str) -> User:
    """Give ``user`` a new password; every session and token made with the old one ends."""
    if actor is not None and actor.id != user.id:
        require(actor, "manage_users")
    _check_password(password)
    with unit_of_work(session):
        user.password_hash = generate_password_hash(password)
        _shut_out(session, user)
    return user


def _shut_out(session: Session, user: User) -> None:
    end_sessions_of(session, user)
    revoke_tokens_of(session, user)


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    elif user.active and check_password_hash(user.password_hash, password):
        return user
    raise AuthenticationFailed("Wrong username or password.")
