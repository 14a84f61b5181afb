"""Cache-Control, secure cookies, hidden SQL parameters and private file modes."""

import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from review_app.cli import main
from review_app.cli import server as server_cli
from review_app.services.tokens import create_token
from review_app.store import make_engine, sqlite_url
from review_app.web import create_app
from review_app.web.db import get_db


@pytest.mark.parametrize("path", ["/", "/documents/", "/glossary/", "/static/app.css", "/nowhere"])
def test_pages_for_a_logged_in_user_are_not_stored(auth, path):
    auth.login("editor")
    with auth.client.get(path) as response:
        assert response.headers["Cache-Control"] == "no-store"


def test_api_responses_are_not_stored(app, client, app_users):
    with app.app_context():
        token = create_token(get_db(), "editor")[1]
    ok = client.get("/api/documents", headers={"Authorization": f"Bearer {token}"})
    assert ok.headers["Cache-Control"] == "no-store"
    assert client.get("/api/documents").headers["Cache-Control"] == "no-store"


def _secure(data_dir, monkeypatch, setting, host=None):
    if setting is None:
        monkeypatch.delenv("REVIEW_APP_SECURE_COOKIES", raising=False)
    else:
        monkeypatch.setenv("REVIEW_APP_SECURE_COOKIES", setting)
    config = {"DATA_DIR": str(data_dir), "SECRET_KEY": "k"}
    if host is not None:
        config["BIND_HOST"] = host
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"] == app.config["REMEMBER_COOKIE_SECURE"]
    return app.config["SESSION_COOKIE_SECURE"]


@pytest.mark.parametrize(
    ("setting", "host", "secure"),
    [
        ("1", "127.0.0.1", True),
        ("0", "0.0.0.0", False),
        (None, None, True),
        (None, "0.0.0.0", True),
        (None, "review.example.org", True),
        (None, "127.0.0.1", False),
        (None, "localhost", False),
        (None, "::1", False),
    ],
)
def test_secure_cookies_by_default_unless_served_on_this_machine_only(
    data_dir, monkeypatch, setting, host, secure
):
    assert _secure(data_dir, monkeypatch, setting, host) is secure


def test_an_unknown_secure_cookies_setting_is_refused(data_dir, monkeypatch):
    with pytest.raises(ValueError, match="REVIEW_APP_SECURE_COOKIES"):
        _secure(data_dir, monkeypatch, "yes")


def test_serve_tells_the_app_where_it_listens(tmp_path, monkeypatch):
    monkeypatch.delenv("REVIEW_APP_SECURE_COOKIES", raising=False)
    served = []
    monkeypatch.setattr(server_cli, "waitress_serve", lambda app, **kw: served.append(app))
    outputs = []
    for host in ("127.0.0.1", "0.0.0.0"):
        result = CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path), "--host", host])
        assert result.exit_code == 0, result.output
        outputs.append("HTTPS only" in result.output)
    assert outputs == [False, True]
    assert [app.config["SESSION_COOKIE_SECURE"] for app in served] == [False, True]


def test_the_session_cookie_is_secure_when_set_so(data_dir, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_SECURE_COOKIES", "1")
    app = create_app({"DATA_DIR": str(data_dir), "SECRET_KEY": "k", "TESTING": True})
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/auth/login",
        data={"username": "editor", "password": "correct horse battery", "csrf_token": token},
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie


def test_sql_errors_never_show_the_parameters(tmp_path):
    engine = make_engine(sqlite_url(tmp_path))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "secret segment text"})
    with pytest.raises(IntegrityError) as error, engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "secret segment text"})
    assert "secret segment text" not in str(error.value)


def test_a_new_data_folder_and_database_are_private(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_SECRET_KEY", "k")
    folder = tmp_path / "fresh" / "data"
    app = create_app({"DATA_DIR": str(folder)})
    with app.app_context():
        get_db().execute(text("SELECT 1 FROM users")).all()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for name in ("review-app.sqlite3", "review-app.sqlite3-wal", "review-app.sqlite3-shm"):
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name


def test_an_existing_data_folder_keeps_its_mode(data_dir, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_SECRET_KEY", "k")
    data_dir.chmod(0o750)
    create_app({"DATA_DIR": str(data_dir)})
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o750


def test_a_mistyped_import_budget_stops_the_app_at_start(data_dir, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_IMPORT_SECONDS", "two minutes")
    with pytest.raises(ValueError, match="REVIEW_APP_IMPORT_SECONDS"):
        create_app({"DATA_DIR": str(data_dir)})
