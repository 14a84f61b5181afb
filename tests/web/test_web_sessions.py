"""Login sessions live on the server: logout, disabling a user or a new password end them."""

import pytest
from click.testing import CliRunner
from flask_login.utils import encode_cookie
from sqlalchemy import select

from review_app.cli import main
from review_app.services import users as user_service
from review_app.services.tokens import create_token
from review_app.store import User, UserSession
from review_app.web.db import get_db


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _set_active(app, username, active):
    with app.app_context():
        session = get_db()
        user = user_service.find_user(session, username)
        user_service.set_active(session, None, user, active)


def test_a_copied_session_cookie_is_refused_after_logout(app, auth):
    auth.login("editor")
    copied = _session_cookie(auth.client)
    assert auth.post("/auth/logout").status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/").status_code == 302


def test_login_stores_only_a_hash_of_the_session_key(app, auth):
    auth.login("editor")
    with auth.client.session_transaction() as flask_session:
        key = flask_session["session_key"]
    with app.app_context():
        [row] = get_db().scalars(select(UserSession)).all()
        assert row.sha256 != key and len(row.sha256) == 64 and row.ended_at is None


def test_disabling_a_user_ends_their_open_sessions(app, auth):
    auth.login("translator")
    assert auth.client.get("/").status_code == 200
    _set_active(app, "translator", False)
    assert auth.client.get("/").status_code == 302
    _set_active(app, "translator", True)
    # Enabling again does not bring the ended session back: the user logs in afresh.
    assert auth.client.get("/").status_code == 302
    assert auth.login("translator").status_code == 303


def test_a_new_password_ends_sessions_and_revokes_tokens(app, auth, password):
    auth.login("editor")
    with app.app_context():
        token = create_token(get_db(), "editor")[1]
        user = user_service.find_user(get_db(), "editor")
        user_service.change_password(get_db(), None, user, "a brand new password")
    assert auth.client.get("/").status_code == 302
    headers = {"Authorization": f"Bearer {token}"}
    assert auth.client.get("/api/documents", headers=headers).status_code == 401
    assert auth.login("editor", password).status_code == 401
    assert auth.login("editor", "a brand new password").status_code == 303


def test_a_disabled_users_api_token_gets_401_and_stays_revoked(app, client, app_users):
    with app.app_context():
        token = create_token(get_db(), "translator")[1]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/documents", headers=headers).status_code == 200
    _set_active(app, "translator", False)
    assert client.get("/api/documents", headers=headers).status_code == 401
    _set_active(app, "translator", True)
    assert client.get("/api/documents", headers=headers).status_code == 401


def test_a_forged_remember_me_cookie_logs_nobody_in(app, client, app_users):
    with app.test_request_context():
        forged = encode_cookie(str(app_users["admin"]))
    client.set_cookie("remember_token", forged)
    assert client.get("/").status_code == 302


def test_login_sets_no_remember_me_cookie(auth):
    response = auth.login("editor")
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


def test_only_admins_may_disable_users(session, users):
    from review_app.services.errors import Forbidden

    with pytest.raises(Forbidden):
        user_service.set_active(session, users["editor"], users["translator"], False)
    user_service.set_active(session, users["admin"], users["translator"], False)
    assert session.get(User, users["translator"].id).active is False


def test_cli_user_disable_and_enable(tmp_path, template_db):
    import shutil

    shutil.copy(template_db, tmp_path / "review-app.sqlite3")
    runner = CliRunner()
    result = runner.invoke(main, ["user", "disable", "editor", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Disabled editor" in result.output
    from review_app.web import create_app

    app = create_app({"DATA_DIR": str(tmp_path)})
    with app.app_context():
        assert user_service.find_user(get_db(), "editor").active is False
    result = runner.invoke(main, ["user", "enable", "editor", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and "Enabled editor" in result.output
    with app.app_context():
        assert user_service.find_user(get_db(), "editor").active is True
    missing = runner.invoke(main, ["user", "disable", "nobody", "--data-dir", str(tmp_path)])
    assert missing.exit_code == 1 and "no user called nobody" in missing.output


def test_cli_user_password_sets_a_new_one(tmp_path, template_db):
    import shutil

    from review_app.services.users import authenticate
    from review_app.web import create_app

    shutil.copy(template_db, tmp_path / "review-app.sqlite3")
    secret = tmp_path / "password"
    secret.write_text("another long password\n")
    result = CliRunner().invoke(
        main,
        ["user", "password", "editor", "--password-file", str(secret), "--data-dir", str(tmp_path)],
    )
    assert result.exit_code == 0 and "Changed the password of editor" in result.output
    with create_app({"DATA_DIR": str(tmp_path)}).app_context():
        assert authenticate(get_db(), "editor", "another long password").role == "editor"
