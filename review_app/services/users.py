"""Accounts: creating users, their role, whether they may log in, their passwords (werkzeug's
salted hashes) and their interface language. Every change is audited.

Disabling a user or giving them a new password ends their login sessions and revokes their
API tokens at once: whoever held a copy of either is shut out, and the person logs in again
(or asks for a new token) once they may.

``actor`` None is the command line: whoever runs it holds the database already, so no role
is checked, and the audit log records the change without a user.
"""

import re
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from review_app.core.messages import N_, Listing, Message
from review_app.core.passwords import password_problem
from review_app.core.workflow import AuditKind
from review_app.store import ROLES, User

from .access import require
from .audit import record
from .errors import AuthenticationFailed, InvalidInput, NotFound
from .sessions import end_sessions_of
from .tokens import revoke_tokens_of
from .uow import unit_of_work

# The refusal below spells the limit out, so that the interface can translate it.
MAX_USERNAME_LENGTH = 80
_USERNAME = re.compile(rf"[A-Za-z0-9_.@-]{{1,{MAX_USERNAME_LENGTH}}}")
# The interface languages a user may choose ("" follows the browser), each named in itself.
INTERFACE_LANGUAGES = {"en": "English", "zh_Hans_CN": "简体中文"}
# Checked when the username is unknown, so that a wrong name and a wrong password take
# equally long and response times do not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not a real password")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    actor: User | None = None,
    temporary: bool = False,
) -> User:
    """A new user; with ``temporary`` they must choose their own password at first login."""
    if actor is not None:
        require(actor, "manage_users")
    if not _USERNAME.fullmatch(username):
        raise InvalidInput(
            N_("A username is 1 to 80 letters, digits, dots, dashes, underscores or @.")
        )
    _check_role(role)
    _check_password(password)
    duplicate = InvalidInput(Message(N_("There is already a user called %(name)s."), name=username))
    if session.scalar(select(User).where(User.username == username)):
        raise duplicate
    try:
        with unit_of_work(session):
            user = User(
                username=username,
                password_hash=generate_password_hash(password),
                role=role,
                must_change_password=temporary,
            )
            session.add(user)
            session.flush()
            _audit(session, actor, user, f"created {role} {username}", role=role)
    except IntegrityError:
        # Someone created the same name between the check and the insert.
        raise duplicate from None
    return user


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(
            Message(
                N_("Unknown role %(role)s; choose one of %(roles)s."),
                role=repr(role),
                roles=Listing(ROLES),
            )
        )


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise InvalidInput(problem)


def _audit(session: Session, actor: User | None, user: User, summary: str, **details) -> None:
    record(session, actor, None, AuditKind.ACCOUNT, summary, user=user.username, **details)


def random_password() -> str:
    """16 characters from 12 random bytes: long enough for the rules, quick to type."""
    return secrets.token_urlsafe(12)


def list_users(session: Session, actor: User) -> list[User]:
    require(actor, "manage_users")
    return list(session.scalars(select(User).order_by(User.username)))


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"There is no user called {username}. Create one with `user add`.")
    return user


def named_user(session: Session, actor: User, username: str) -> User:
    """The user called ``username``, for an administrator. Forbidden for anyone else (before
    saying whether the name exists), InvalidInput for a name no user can have (too long,
    control characters), NotFound for one nobody has."""
    require(actor, "manage_users")
    if not _USERNAME.fullmatch(username):
        raise InvalidInput(
            N_("A username is 1 to 80 letters, digits, dots, dashes, underscores or @.")
        )
    return find_user(session, username)


def get_user(session: Session, actor: User, user_id: int) -> User:
    """The user with this id, for an administrator (403 for anyone else, 404 if none)."""
    require(actor, "manage_users")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(
            Message(N_("There is no user %(id)s; the users page lists them."), id=user_id)
        )
    return user


def _refuse_own(actor: User | None, user: User, refusal: str) -> None:
    # An administrator who could lock themselves out of the browser might leave nobody able
    # to manage users there; the command line can still do it.
    if actor is not None and actor.id == user.id:
        raise InvalidInput(refusal)


def set_active(session: Session, actor: User | None, user: User, active: bool) -> User:
    """Enable or disable ``user``; disabling ends their sessions and revokes their tokens."""
    if actor is not None:
        require(actor, "manage_users")
        if not active:
            _refuse_own(
                actor,
                user,
                N_(
                    "You cannot disable your own account; another administrator can, or "
                    "`review-app user` from the shell."
                ),
            )
    with unit_of_work(session):
        user.active = active
        if not active:
            _shut_out(session, user)
        _audit(session, actor, user, f"{'enabled' if active else 'disabled'} {user.username}")
    return user


def set_role(session: Session, actor: User | None, user: User, role: str) -> User:
    if actor is not None:
        require(actor, "manage_users")
        if role != user.role:
            _refuse_own(
                actor,
                user,
                N_(
                    "You cannot change the role of your own account; another administrator "
                    "can, or `review-app user` from the shell."
                ),
            )
    _check_role(role)
    if role == user.role:
        return user
    with unit_of_work(session):
        before, user.role = user.role, role
        _audit(
            session, actor, user, f"{user.username}: {before} → {role}", before=before, role=role
        )
    return user


def change_password(session: Session, actor: User | None, user: User, password: str) -> User:
    """Give ``user`` a new password; every session and token made with the old one ends."""
    if actor is not None and actor.id != user.id:
        require(actor, "manage_users")
    return _new_password(session, actor, user, password, temporary=False)


def reset_password(session: Session, actor: User, user: User, temporary: str) -> User:
    """An administrator gives ``user`` a temporary password, to be changed at next login."""
    require(actor, "manage_users")
    return _new_password(session, actor, user, temporary, temporary=True)


def _new_password(
    session: Session, actor: User | None, user: User, password: str, *, temporary: bool
) -> User:
    _check_password(password)
    with unit_of_work(session):
        user.password_hash = generate_password_hash(password)
        user.must_change_password = temporary
        _shut_out(session, user)
        kind = "temporary password" if temporary else "new password"
        _audit(session, actor, user, f"{kind} for {user.username}")
    return user


def change_own_password(session: Session, user: User, current: str, new: str) -> User:
    """The user's own change: the current password proves it is them at the keyboard."""
    if not check_password_hash(user.password_hash, current):
        raise InvalidInput(N_("The current password is wrong; nothing was changed."))
    if new == current:
        raise InvalidInput(N_("The new password is the current one; choose a different one."))
    return change_password(session, user, user, new)


def _shut_out(session: Session, user: User) -> None:
    end_sessions_of(session, user)
    revoke_tokens_of(session, user)


def set_language(session: Session, user: User, language: str) -> User:
    """The user's interface language; "" follows the browser."""
    if language and language not in INTERFACE_LANGUAGES:
        raise InvalidInput(
            Message(
                N_("Unknown interface language %(language)s; choose one of %(languages)s."),
                language=repr(language[:20]),
                languages=Listing(INTERFACE_LANGUAGES),
            )
        )
    if language == user.language:
        return user
    with unit_of_work(session):
        user.language = language
        _audit(
            session, user, user, f"interface language of {user.username}: {language or 'browser'}"
        )
    return user


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    elif user.active and check_password_hash(user.password_hash, password):
        return user
    raise AuthenticationFailed(N_("Wrong username or password."))
