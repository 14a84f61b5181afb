"""Failed logins are limited per account and per address, counted in the database."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from review_app.services import logins
from review_app.services.errors import AuthenticationFailed
from review_app.store import LoginAttempt
from review_app.store.models import utcnow

HOME, ELSEWHERE = "192.0.2.1", "198.51.100.7"


def fail(session, username, address, times):
    for _ in range(times):
        with pytest.raises((AuthenticationFailed, logins.TooManyFailures)):
            logins.log_in(session, username, "wrong password", address)


def test_sixty_wrong_passwords_lock_the_account_even_for_the_right_one(session, users, password):
    fail(session, "editor", HOME, logins.MAX_FAILURES_PER_ACCOUNT)
    with pytest.raises(logins.TooManyFailures) as refused:
        logins.log_in(session, "editor", password, HOME)
    assert "Too many failed logins for this account; try again in 15 minutes." == str(refused.value)
    for _ in range(50):
        with pytest.raises(logins.TooManyFailures):
            logins.log_in(session, "editor", "wrong password", HOME)
    with pytest.raises(logins.TooManyFailures):
        logins.log_in(session, "editor", password, ELSEWHERE)


def test_another_account_from_another_address_still_logs_in(session, users, password):
    fail(session, "editor", HOME, 60)
    assert logins.log_in(session, "translator", password, ELSEWHERE).username == "translator"


def test_too_many_failures_from_one_address_lock_it_for_every_account(session, users, password):
    for n in range(logins.MAX_FAILURES_PER_ADDRESS):
        fail(session, f"guess{n}", HOME, 1)
    with pytest.raises(logins.TooManyFailures, match="from your address"):
        logins.log_in(session, "admin", password, HOME)
    assert logins.log_in(session, "admin", password, ELSEWHERE).username == "admin"


def test_a_successful_login_does_not_reset_the_count_of_others(session, users, password):
    fail(session, "editor", HOME, logins.MAX_FAILURES_PER_ACCOUNT - 1)
    logins.log_in(session, "translator", password, HOME)
    fail(session, "editor", ELSEWHERE, 1)
    with pytest.raises(logins.TooManyFailures):
        logins.log_in(session, "editor", password, ELSEWHERE)


def test_after_the_window_the_account_logs_in_again(session, users, password):
    fail(session, "editor", HOME, logins.MAX_FAILURES_PER_ACCOUNT)
    with pytest.raises(logins.TooManyFailures):
        logins.log_in(session, "editor", password, HOME)
    later = utcnow() + logins.WINDOW + timedelta(seconds=1)
    assert logins.log_in(session, "editor", password, HOME, now=later).username == "editor"
    session.execute(update(LoginAttempt).values(created_at=utcnow() - logins.WINDOW))
    session.commit()
    assert logins.log_in(session, "editor", password, HOME).username == "editor"


def test_the_wait_counts_down(session, users, password):
    fail(session, "editor", HOME, logins.MAX_FAILURES_PER_ACCOUNT)
    soon = utcnow() + timedelta(minutes=11)
    with pytest.raises(logins.TooManyFailures, match="try again in 4 minutes"):
        logins.log_in(session, "editor", password, HOME, now=soon)
