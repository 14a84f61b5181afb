"""The users API (/api/users): administrators manage accounts with a token; every bad input
has its answer (403, 404, 422, 401) and never a 500."""

import pytest

from review_app.services.tokens import create_token
from review_app.web.db import get_db


class Api:
    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url):
        return self.client.get(url, headers=self.headers)

    def post(self, url, body=None, **kwargs):
        return self.client.post(url, headers=self.headers, json=body, **kwargs)


@pytest.fixture
def api(app, app_users, client):
    with app.app_context():
        tokens = {role: create_token(get_db(), role)[1] for role in app_users}
    return lambda role: Api(client, tokens[role])


def test_an_administrator_lists_and_creates_accounts(api):
    admin = api("admin")
    listed = admin.get("/api/users")
    assert listed.status_code == 200
    assert {u["username"]: u["role"] for u in listed.get_json()} == {
        "admin": "admin",
        "editor": "editor",
        "translator": "translator",
    }
    created = admin.post("/api/users", {"username": "mei", "role": "translator"})
    assert created.status_code == 201
    body = created.get_json()
    assert body["username"] == "mei" and body["must_change_password"] is True
    assert len(body["temporary_password"]) >= 12
    given = admin.post(
        "/api/users", {"username": "li", "role": "editor", "password": "a long temporary one"}
    )
    assert given.status_code == 201 and "temporary_password" not in given.get_json()
    again = admin.post("/api/users", {"username": "li", "role": "editor"})
    assert again.status_code == 422 and "already a user called li" in again.get_json()["error"]


def test_role_disable_enable_and_password_reset(api, auth):
    admin = api("admin")
    assert admin.post("/api/users/editor/role", {"role": "admin"}).get_json()["role"] == "admin"
    editor = api("editor")
    assert editor.get("/api/users").status_code == 200  # an administrator now
    assert admin.post("/api/users/editor/disable").get_json()["active"] is False
    # The disabled user's token stops working at once, and stays revoked once enabled again.
    assert editor.get("/api/users").status_code == 401
    assert admin.post("/api/users/editor/enable").get_json()["active"] is True
    assert editor.get("/api/users").status_code == 401
    reset = admin.post("/api/users/translator/password")
    assert reset.status_code == 200 and reset.get_json()["must_change_password"] is True
    password = reset.get_json()["temporary_password"]
    assert auth.login("translator", password).status_code == 303
    refused = admin.post("/api/users/admin/disable")
    assert refused.status_code == 422 and "your own account" in refused.get_json()["error"]


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/users", None),
        ("post", "/api/users", {"username": "x", "role": "admin", "password": "p" * 12}),
        ("get", "/api/users/nobody", None),
        ("post", "/api/users/editor/role", {"role": "admin"}),
        ("post", "/api/users/editor/disable", None),
        ("post", "/api/users/nobody/password", None),
        ("post", "/api/users/" + "x" * 200 + "/password", None),
    ],
)
def test_a_translator_or_an_editor_gets_403_from_every_user_endpoint(api, method, url, body):
    for role in ("translator", "editor"):
        caller = api(role)
        response = caller.get(url) if method == "get" else caller.post(url, body)
        assert response.status_code == 403, (role, url)


@pytest.mark.parametrize(
    ("url", "body", "status"),
    [
        ("/api/users/nobody/password", None, 404),
        ("/api/users/nobody/role", {"role": "editor"}, 404),
        ("/api/users/" + "x" * 81 + "/password", None, 422),
        ("/api/users/ma%01ry/disable", None, 422),
        ("/api/users", {"username": "x" * 81, "role": "translator"}, 422),
        ("/api/users", {"username": "ma\u0007ry", "role": "translator"}, 422),
        ("/api/users", {"username": "mary", "role": "boss"}, 422),
        ("/api/users", {"username": "mary", "role": "translator", "password": "short"}, 422),
        ("/api/users", {"username": ["mary"], "role": "translator"}, 422),
        ("/api/users", ["not", "an", "object"], 422),
        ("/api/users/editor/role", {"role": 3}, 422),
        ("/api/users/editor/password", {"password": 12345678901234}, 422),
        ("/api/users/editor/password", ["x"], 422),
    ],
)
def test_bad_input_has_its_answer(api, url, body, status):
    response = api("admin").post(url, body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]


def test_unknown_user_on_get_is_404(api):
    assert api("admin").get("/api/users/nobody").status_code == 404
