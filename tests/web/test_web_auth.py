"""Login, logout, roles, CSRF and the friendly error pages."""

import pytest


def test_login_page_has_the_agreed_labels(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<label for="username">Username</label>' in page
    assert '<label for="password">Password</label>' in page
    assert '<button type="submit">Log in</button>' in page


def test_anonymous_users_are_sent_to_login(client, app_users):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    fragment = client.get("/documents/1/rows", headers={"HX-Request": "true"})
    assert fragment.status_code == 401
    assert fragment.headers["HX-Redirect"].startswith("/auth/login")


def test_login_then_logout(auth):
    response = auth.login("editor")
    assert response.status_code == 303
    assert "editor (editor)" in auth.client.get("/").get_data(as_text=True)
    assert auth.post("/auth/logout").status_code == 303
    assert auth.client.get("/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(auth):
    response = auth.login("editor", "not the password")
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_login_never_redirects_off_site(client, auth, target):
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        f"/auth/login?next={target}",
        data={"username": "editor", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_posts_without_a_csrf_token_are_refused(auth, app_document):
    auth.login()
    response = auth.post("/segments/1", {"target": "x", "version": "1"}, csrf=False)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    login = auth.client.post("/auth/login", data={"username": "editor", "password": "x"})
    assert login.status_code == 400


def test_unknown_pages_get_a_friendly_404(auth):
    auth.login()
    response = auth.get("/documents/999")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "There is no document 999" in page and "Back to the documents" in page


def test_an_unexpected_error_shows_a_friendly_500(app, auth, monkeypatch):
    from review_app.services import documents

    def explode(_session):
        raise RuntimeError("boom")

    monkeypatch.setattr(documents, "list_documents", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    auth.login()
    response = auth.get("/")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page and "boom" not in page


def test_secret_key_is_random_per_data_dir_and_private(tmp_path, template_db):
    import shutil

    from review_app.web import create_app

    keys = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(template_db, folder / "review-app.sqlite3")
        app = create_app({"DATA_DIR": str(folder)})
        keys.append(app.config["SECRET_KEY"])
        assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600
        assert create_app({"DATA_DIR": str(folder)}).config["SECRET_KEY"] == keys[-1]
    assert keys[0] != keys[1] and len(keys[0]) == 64


def test_secret_key_from_the_environment_wins(data_dir, monkeypatch):
    from review_app.web import create_app

    monkeypatch.setenv("REVIEW_APP_SECRET_KEY", "from the environment")
    assert create_app({"DATA_DIR": str(data_dir)}).config["SECRET_KEY"] == "from the environment"
    assert not (data_dir / "secret_key").exists()


def test_too_many_failed_logins_get_429_with_a_clear_message(auth, password):
    from review_app.services.logins import MAX_FAILURES_PER_ACCOUNT

    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert auth.login("editor", "not the password").status_code == 401
    response = auth.login("editor", password)
    assert response.status_code == 429
    assert "Too many failed logins for this account; try again in 15 minutes." in (
        response.get_data(as_text=True)
    )
    assert auth.client.get("/").status_code == 302
