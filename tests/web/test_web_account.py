"""The account page: one's own password, interface language and API tokens."""

import re

from sqlalchemy import select

from review_app.services.tokens import create_token
from review_app.services.users import authenticate
from review_app.store import ApiToken, User
from review_app.web.db import get_db

NEW = "my own long password"


def _user(app, name):
    with app.app_context():
        user = get_db().scalars(select(User).filter_by(username=name)).one()
        get_db().expunge(user)
        return user


def _change(auth, current, new, again=None):
    data = {"current_password": current, "new_password": new, "new_password_again": again or new}
    return auth.post("/account/password", data)


def test_everyone_has_an_account_page_linked_from_the_header(auth):
    auth.login("translator")
    assert 'href="/account/"' in auth.get("/").get_data(as_text=True)
    page = auth.get("/account/").get_data(as_text=True)
    assert "Current password" in page and "API tokens" in page


def test_change_ones_password_needs_the_current_one(app, auth, password):
    auth.login("translator")
    wrong = _change(auth, "not my password", NEW)
    assert wrong.status_code == 422 and "current password is wrong" in wrong.get_data(as_text=True)
    differ = _change(auth, password, NEW, "something else entirely")
    assert differ.status_code == 422 and "two new passwords differ" in differ.get_data(as_text=True)
    weak = _change(auth, password, "password1234")
    assert weak.status_code == 422 and "common passwords" in weak.get_data(as_text=True)
    assert _change(auth, password, NEW).status_code == 303
    # This browser stays logged in, with a new session.
    assert auth.get("/").status_code == 200
    with app.app_context():
        assert authenticate(get_db(), "translator", NEW)


def test_a_temporary_password_is_replaced_and_the_user_goes_on(app, auth, app_users, password):
    auth.login("admin")
    auth.post(f"/users/{app_users['editor']}/password", {"password": "temporary password"})
    auth.post("/auth/logout")
    auth.login("editor", "temporary password")
    assert auth.get("/").status_code == 303
    assert _change(auth, "temporary password", NEW).status_code == 303
    assert not _user(app, "editor").must_change_password
    assert auth.get("/").status_code == 200


def test_choose_the_interface_language(app, auth):
    auth.login("translator")
    assert auth.post("/account/language", {"language": "zh_Hans_CN"}).status_code == 303
    assert _user(app, "translator").language == "zh_Hans_CN"
    unknown = auth.post("/account/language", {"language": "xx"})
    assert unknown.status_code == 422
    assert _user(app, "translator").language == "zh_Hans_CN"
    assert auth.post("/account/language", {"language": ""}).status_code == 303
    assert _user(app, "translator").language == ""


def test_create_a_token_shown_once_and_revoke_it(app, auth):
    auth.login("translator")
    page = auth.post("/account/tokens", {"name": "my script"}).get_data(as_text=True)
    token = re.search(r'<code id="new-token">(rvw_[^<]+)</code>', page).group(1)
    assert (
        auth.client.get("/api/documents", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    again = auth.get("/account/").get_data(as_text=True)
    assert token not in again and "my script" in again
    token_id = int(re.search(r'<tr id="token-(\d+)">', again).group(1))
    assert auth.post(f"/account/tokens/{token_id}/revoke").status_code == 303
    assert (
        auth.client.get("/api/documents", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_a_token_name_with_control_characters_or_too_long_is_a_422(auth):
    auth.login("translator")
    assert auth.post("/account/tokens", {"name": "bad\x1bname"}).status_code == 422
    assert auth.post("/account/tokens", {"name": "x" * 101}).status_code == 422
    assert auth.post("/account/tokens", {"name": "nul\x00"}).status_code == 422


def test_someone_elses_token_cannot_be_revoked_from_the_account_page(app, auth):
    with app.app_context():
        record, _ = create_token(get_db(), "editor")
        token_id = record.id
    auth.login("translator")
    assert auth.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    with app.app_context():
        assert get_db().get(ApiToken, token_id).revoked_at is None


def test_the_account_page_needs_a_login(client):
    assert client.get("/account/").status_code == 302


def test_a_refused_password_is_explained_in_the_interfaces_language(auth, password):
    auth.login("translator")
    headers = {"Accept-Language": "zh-CN"}
    data = {"current_password": password, "new_password": "short", "new_password_again": "short"}
    page = auth.post("/account/password", data, headers=headers).get_data(as_text=True)
    assert "密码至少需要 12 个字符。" in page
