"""Operations: /healthz, a body over the limit, lone surrogates, and what the access log
holds (method, path, status, time, user, request id) and never holds (passwords, tokens,
segment text)."""

import json
import logging

import pytest
from sqlalchemy import select

from review_app.services.tokens import create_token
from review_app.store import Segment
from review_app.web import create_app
from review_app.web.db import get_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    # Nothing listens on port 1: every connection is refused, as with a stopped server.
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test key",
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "AUTO_MIGRATE": False,
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
    assert response.headers["Retry-After"]


def test_requests_while_the_database_is_down_are_503_not_500(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test key",
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "AUTO_MIGRATE": False,
        }
    )
    response = app.test_client().get(
        "/api/documents", headers={"Authorization": "Bearer some-token"}
    )
    assert response.status_code == 503
    assert "cannot reach its database" in response.get_json()["error"]
    assert response.headers["Retry-After"]


@pytest.fixture
def editor_token(app, app_users):
    with app.app_context():
        return create_token(get_db(), "editor")[1]


@pytest.fixture
def segment(app, app_document):
    with app.app_context():
        return get_db().scalars(select(Segment).where(Segment.document_id == app_document)).first()


def test_an_api_body_over_the_limit_is_a_413_in_json(app, client, editor_token):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post(
        "/api/documents",
        headers={"Authorization": f"Bearer {editor_token}"},
        data={"title": "x" * 4096},
    )
    assert response.status_code == 413
    assert "limited to" in response.get_json()["error"]


@pytest.mark.parametrize("text", ["\ud800", "before \udfff after", "\udc80"])
def test_json_with_a_lone_surrogate_is_a_422_and_stores_nothing(
    app, client, editor_token, segment, text
):
    response = client.patch(
        f"/api/segments/{segment.id}",
        headers={"Authorization": f"Bearer {editor_token}", "Content-Type": "application/json"},
        # json.dumps writes a lone surrogate as its escape, as a hostile client would.
        data=json.dumps({"version": segment.version, "target": text}),
    )
    assert response.status_code == 422
    assert "surrogate" in response.get_json()["error"]
    with app.app_context():
        assert get_db().get(Segment, segment.id).target == segment.target


def test_a_surrogate_pair_is_a_character_and_is_saved(app, client, editor_token, segment):
    response = client.patch(
        f"/api/segments/{segment.id}",
        headers={"Authorization": f"Bearer {editor_token}", "Content-Type": "application/json"},
        data=json.dumps({"version": segment.version, "target": "Smile \U0001f600."}),
    )
    assert response.status_code == 200
    assert response.get_json()["target"] == "Smile \U0001f600."


def _log_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "review_app.requests"]


def test_the_access_log_has_who_what_and_the_request_id_but_no_secret_or_text(
    auth, client, app_users, editor_token, segment, password, caplog
):
    secret_text = "A confidential sentence nobody may log."
    with caplog.at_level(logging.INFO, logger="review_app.requests"):
        auth.login("editor", password)
        saved = client.patch(
            f"/api/segments/{segment.id}",
            headers={"Authorization": f"Bearer {editor_token}"},
            json={"version": segment.version, "target": secret_text},
        )
        wrong = auth.client.post(
            "/auth/login", data={"username": "admin", "password": "hunter2 wrong"}
        )
    assert saved.status_code == 200 and wrong.status_code in (200, 400, 401, 422)
    lines = _log_lines(caplog)
    log = "\n".join(lines)
    for secret in (password, "hunter2", editor_token, secret_text, "confidential"):
        assert secret not in log
    patch = next(line for line in lines if line.startswith(f"PATCH /api/segments/{segment.id} "))
    assert " 200 " in patch and "ms " in patch
    assert f"user={app_users['editor']}" in patch
    assert f"request={saved.headers['X-Request-ID']}" in patch
    assert len({line.rsplit("request=", 1)[1] for line in lines}) == len(lines)
