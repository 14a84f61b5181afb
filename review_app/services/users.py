"""Accounts: creating users and checking passwords (werkzeug's salted hashes)."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from review_app.store import ROLES, User

from .errors import AuthenticationFailed, InvalidInput
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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    with unit_of_work(session):
        if session.scalar(select(User).where(User.username == username)):
            raise InvalidInput(f"There is already a user called {username}.")
        user = User(username=username, password_hash=generate_password_hash(password), role=role)
        session.add(user)
    return user


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    elif user.active and check_password_hash(user.password_hash, password):
        return user
    raise AuthenticationFailed("Wrong username or password.")


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)
