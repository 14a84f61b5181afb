"""``review-app user list|passwd|role|disable|enable``: every account from the shell."""

from click.testing import CliRunner
from sqlalchemy import select

from review_app.cli import main
from review_app.services.errors import AuthenticationFailed
from review_app.services.users import authenticate
from review_app.store import AuditEvent, User


def _run(data_dir, *args, **kwargs):
    return CliRunner().invoke(main, ["user", *args, "--data-dir", str(data_dir)], **kwargs)


def test_list_shows_role_state_and_last_login(data_dir):
    _run(data_dir, "disable", "translator")
    result = _run(data_dir, "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "admin\tadmin\tactive\tnever",
        "editor\teditor\tactive\tnever",
        "translator\ttranslator\tdisabled\tnever",
    ]


def test_role_changes_the_role_and_is_audited(data_dir, session):
    result = _run(data_dir, "role", "translator", "editor")
    assert result.exit_code == 0 and "translator is now editor." in result.output
    assert session.scalar(select(User.role).filter_by(username="translator")) == "editor"
    event = session.scalars(
        select(AuditEvent).filter_by(kind="account").order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None and event.summary == "translator: translator → editor"
    assert event.user_id is None and event.details["before"] == "translator"
    unknown = _run(data_dir, "role", "nobody", "editor")
    assert unknown.exit_code == 1 and "There is no user called nobody" in unknown.output


def test_passwd_by_prompt_keeps_the_old_name_working_and_refuses_weak_ones(data_dir, session):
    typed = "a fresh long password\na fresh long password\n"
    assert _run(data_dir, "passwd", "editor", input=typed).exit_code == 0
    assert authenticate(session, "editor", "a fresh long password").role == "editor"
    again = "another long password\nanother long password\n"
    assert _run(data_dir, "password", "editor", input=again).exit_code == 0
    weak = _run(data_dir, "passwd", "editor", input="password1234\npassword1234\n")
    assert weak.exit_code == 1 and "list of common passwords" in weak.output
    short = _run(data_dir, "passwd", "editor", input="short\nshort\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    session.expire_all()
    assert authenticate(session, "editor", "another long password")
    try:
        authenticate(session, "editor", "a fresh long password")
    except AuthenticationFailed:
        pass
    else:
        raise AssertionError("the first new password still works")
