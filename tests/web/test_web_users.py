"""The users page: administrators only; create, role, disable/enable, temporary passwords,
each user's tokens."""

import re

import pytest
from sqlalchemy import select

from review_app.services.tokens import create_token
from review_app.store import ApiToken, AuditEvent, User
from review_app.web.db import get_db

NEW_PASSWORD = "a temporary password"


def _logged_in_client(app, username, password):
    """A second browser, logged in as ``username``."""
    other = app.test_client()
    page = other.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"username": username, "password": password, "csrf_token": token}
    assert other.post("/auth/login", data=data).status_code == 303
    return other


def _user(app, name):
    with app.app_context():
        user = get_db().scalars(select(User).filter_by(username=name)).one()
        get_db().expunge(user)
        return user


USER_ENDPOINTS = [
    ("get", "/users/"),
    ("post", "/users/"),
    ("get", "/users/{id}"),
    ("post", "/users/{id}/role"),
    ("post", "/users/{id}/disable"),
    ("post", "/users/{id}/enable"),
    ("post", "/users/{id}/password"),
    ("post", "/users/{id}/tokens/1/revoke"),
    ("get", "/users/999999"),
    ("post", "/users/999999/password"),
]


@pytest.mark.parametrize("role", ["translator", "editor"])
@pytest.mark.parametrize(("method", "url"), USER_ENDPOINTS)
def test_only_administrators_reach_any_user_endpoint(auth, app_users, role, method, url):
    auth.login(role)
    url = url.format(id=app_users["translator"])
    response = auth.get(url) if method == "get" else auth.post(url, {"role": "admin"})
    assert response.status_code == 403


def test_logged_out_visitors_are_sent_to_the_login(client):
    response = client.get("/users/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_list_shows_role_state_and_last_login(auth):
    auth.login("admin")
    page = auth.get("/users/").get_data(as_text=True)
    assert page.count('<tr id="user-') == 3
    assert "never" in page  # translator and editor have not logged in
    assert '<time datetime="' in page  # the admin has, just now
    assert 'href="/users/"' in auth.get("/").get_data(as_text=True)  # the header links here


def test_the_header_offers_the_users_page_to_administrators_only(auth):
    auth.login("editor")
    assert 'href="/users/"' not in auth.get("/").get_data(as_text=True)


def test_create_a_user_who_must_choose_a_password_at_first_login(app, auth):
    auth.login("admin")
    response = auth.post("/users/", {"username": "mei", "role": "editor", "password": NEW_PASSWORD})
    assert response.status_code == 303
    mei = _user(app, "mei")
    assert mei.role == "editor" and mei.must_change_password
    with app.app_context():
        event = get_db().scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.kind == "account" and event.details == {"user": "mei", "role": "editor"}


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("x" * 81, NEW_PASSWORD, "1 to 80 letters"),
        ("bad\tname", NEW_PASSWORD, "1 to 80 letters"),
        ("mei\x07", NEW_PASSWORD, "1 to 80 letters"),
        ("mei", "short", "at least 12 characters"),
        ("mei", "password1234", "list of common passwords"),
        ("editor", NEW_PASSWORD, "already a user called editor"),
    ],
)
def test_a_refused_new_user_is_a_422_with_the_reason(auth, username, password, message):
    auth.login("admin")
    response = auth.post("/users/", {"username": username, "role": "editor", "password": password})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_an_unknown_role_is_a_422(auth, app_users):
    auth.login("admin")
    response = auth.post(f"/users/{app_users['translator']}/role", {"role": "owner"})
    assert response.status_code == 422


def test_change_a_role_by_htmx_returns_the_row(app, auth, app_users):
    auth.login("admin")
    url = f"/users/{app_users['translator']}/role"
    response = auth.post(url, {"role": "editor"}, htmx=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert body.startswith(f'<tr id="user-{app_users["translator"]}"')
    assert '<option value="editor" selected>' in body
    assert _user(app, "translator").role == "editor"


def test_change_a_role_without_htmx_goes_to_the_users_page(app, auth, app_users):
    auth.login("admin")
    response = auth.post(f"/users/{app_users['editor']}/role", {"role": "translator"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/users/{app_users['editor']}"
    assert _user(app, "editor").role == "translator"


def test_disabling_stops_sessions_and_tokens_at_once_and_enabling_lets_them_log_in(
    app, auth, app_users, password
):
    with app.app_context():
        token = create_token(get_db(), "translator")[1]
    bearer = {"Authorization": f"Bearer {token}"}
    translator = _logged_in_client(app, "translator", password)
    assert translator.get("/").status_code == 200
    assert translator.get("/api/documents", headers=bearer).status_code == 200
    auth.login("admin")
    response = auth.post(f"/users/{app_users['translator']}/disable", htmx=True)
    assert response.status_code == 200 and "disabled" in response.get_data(as_text=True)
    assert translator.get("/").status_code == 302
    assert translator.get("/api/documents", headers=bearer).status_code == 401
    assert auth.post(f"/users/{app_users['translator']}/enable").status_code == 303
    assert _user(app, "translator").active
    _logged_in_client(app, "translator", password)
    # The revoked token stays revoked.
    assert translator.get("/api/documents", headers=bearer).status_code == 401


def test_an_administrator_cannot_disable_or_demote_themselves(app, auth, app_users):
    auth.login("admin")
    assert auth.post(f"/users/{app_users['admin']}/disable").status_code == 422
    assert auth.post(f"/users/{app_users['admin']}/role", {"role": "editor"}).status_code == 422
    admin = _user(app, "admin")
    assert admin.active and admin.role == "admin"


def test_a_temporary_password_sends_every_page_to_the_change_form(app, auth, app_users):
    auth.login("admin")
    url = f"/users/{app_users['editor']}/password"
    assert auth.post(url, {"password": "short"}).status_code == 422
    assert auth.post(url, {"password": NEW_PASSWORD}).status_code == 303
    editor = _logged_in_client(app, "editor", NEW_PASSWORD)
    for page in ("/", "/glossary/", "/account/tokens"):
        response = editor.get(page)
        assert response.status_code == 303 and response.headers["Location"] == "/account/"
    fragment = editor.get("/glossary/", headers={"HX-Request": "true"})
    assert fragment.headers["HX-Redirect"] == "/account/"
    assert editor.get("/account/").status_code == 200


def test_a_password_reset_for_a_user_who_does_not_exist_is_a_404(auth):
    auth.login("admin")
    response = auth.post("/users/999999/password", {"password": NEW_PASSWORD})
    assert response.status_code == 404
    assert auth.get("/users/999999").status_code == 404
    assert auth.get("/users/99999999999999999999999").status_code == 404


def test_an_administrator_revokes_a_users_token(app, auth, app_users):
    with app.app_context():
        record, _ = create_token(get_db(), "editor", "ci")
        token_id = record.id
    auth.login("admin")
    page = auth.get(f"/users/{app_users['editor']}").get_data(as_text=True)
    assert '<tr id="token-' in page and "ci" in page
    # A token is revoked only through the user it belongs to.
    wrong = auth.post(f"/users/{app_users['translator']}/tokens/{token_id}/revoke")
    assert wrong.status_code == 404
    url = f"/users/{app_users['editor']}/tokens/{token_id}/revoke"
    assert auth.post(url).status_code == 303
    with app.app_context():
        assert get_db().get(ApiToken, token_id).revoked_at is not None


def test_user_changes_need_the_csrf_token(auth, app_users):
    auth.login("admin")
    response = auth.post(f"/users/{app_users['translator']}/disable", csrf=False)
    assert response.status_code == 400
