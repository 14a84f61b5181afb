"""Logging in with a password, with failed attempts limited per account and per address.

Failures are rows in ``login_attempts``, so every server process counts the same ones. Over
either limit a login is refused before the password is looked at, so a right guess among
many wrong ones gains nothing. Only failures are stored and nothing resets them: a success
from one address must not clear what another address tried.
"""

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from review_app.core.messages import N_, Message
from review_app.store import LoginAttempt, User
from review_app.store.models import utcnow

from .errors import AuthenticationFailed, ServiceError
from .uow import unit_of_work
from .users import authenticate

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 10
# Higher, because an office or a university may share one address.
MAX_FAILURES_PER_ADDRESS = 50
MAX_USERNAME_LENGTH = 80
MAX_ADDRESS_LENGTH = 64


class TooManyFailures(ServiceError):
    """Refused without checking the password; the message says how long to wait."""


def log_in(
    session: Session, username: str, password: str, address: str, *, now: datetime | None = None
) -> User:
    """The user, if the password is right and neither limit is reached."""
    now = now or utcnow()
    username, address = username[:MAX_USERNAME_LENGTH], address[:MAX_ADDRESS_LENGTH]
    since = now - WINDOW
    _refuse_if_over(
        session,
        LoginAttempt.username == username,
        MAX_FAILURES_PER_ACCOUNT,
        since,
        now,
        N_("for this account"),
    )
    _refuse_if_over(
        session,
        LoginAttempt.address == address,
        MAX_FAILURES_PER_ADDRESS,
        since,
        now,
        N_("from your address"),
    )
    try:
        user = authenticate(session, username, password)
    except AuthenticationFailed:
        with unit_of_work(session):
            session.add(LoginAttempt(username=username, address=address, created_at=now))
            # Failures older than the window count for nothing any more.
            session.execute(delete(LoginAttempt).where(LoginAttempt.created_at <= since))
        raise
    with unit_of_work(session):
        user.last_login_at = now
    return user


def _refuse_if_over(session, matches, limit: int, since: datetime, now: datetime, whose: str):
    # The limit-th newest failure in the window: once it is older than the window, the
    # count is below the limit again.
    oldest_that_counts = session.scalar(
        select(LoginAttempt.created_at)
        .where(matches, LoginAttempt.created_at > since)
        .order_by(LoginAttempt.created_at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if oldest_that_counts is None:
        return
    # SQLite hands datetimes back without a zone; they were stored in UTC.
    free_at = oldest_that_counts.replace(tzinfo=now.tzinfo) + WINDOW
    minutes = max(1, math.ceil((free_at - now).total_seconds() / 60))
    template = (
        N_("Too many failed logins %(whose)s; try again in 1 minute.")
        if minutes == 1
        else N_("Too many failed logins %(whose)s; try again in %(minutes)s minutes.")
    )
    raise TooManyFailures(Message(template, whose=Message(whose), minutes=minutes))
