"""NUL characters in any request value: a clear 422 on every database, nothing stored.

PostgreSQL cannot store U+0000 in text; before the guard, such a value reached the database
mid-transaction and answered 500 there (and was stored as is on SQLite).
"""

import pytest
from sqlalchemy import select

from review_app.services.tokens import create_token
from review_app.store import Comment, GlossaryTerm, Segment
from review_app.web.db import get_db

NUL_TEXT = "Saved\x00 text."


@pytest.fixture
def segment(app, app_document):
    with app.app_context():
        return get_db().scalars(select(Segment).where(Segment.document_id == app_document)).first()


@pytest.mark.parametrize("htmx", [False, True])
def test_form_values_with_nul_are_refused(app, auth, app_document, segment, htmx):
    auth.login("editor")
    posts = [
        (f"/segments/{segment.id}", {"target": NUL_TEXT, "version": "1"}),
        (f"/segments/{segment.id}/confirm", {"target": NUL_TEXT, "version": "1"}),
        (f"/segments/{segment.id}/comments", {"body": NUL_TEXT}),
        ("/glossary/terms", {"source": "专利\x00", "target": "patent"}),
    ]
    for url, data in posts:
        response = auth.post(url, data, htmx=htmx)
        assert response.status_code == 422, (url, response.status_code)
        assert "NUL" in response.get_data(as_text=True) or "NUL" in response.headers.get(
            "X-Error-Message", ""
        )
    with app.app_context():
        session = get_db()
        assert session.get(Segment, segment.id).target == segment.target
        assert session.scalars(select(Comment)).first() is None
        assert session.scalars(select(GlossaryTerm).filter_by(target="patent")).first() is None


def test_a_search_with_nul_is_refused(auth, app_document):
    auth.login("translator")
    assert auth.get(f"/documents/{app_document}?q=a%00b").status_code == 422
    assert auth.get(f"/documents/{app_document}/rows?q=a%00b", htmx=True).status_code == 422


def test_json_with_nul_is_refused_by_the_api(app, client, segment):
    with app.app_context():
        token = create_token(get_db(), "editor")[1]
    response = client.patch(
        f"/api/segments/{segment.id}",
        headers={"Authorization": f"Bearer {token}"},
        json={"version": 1, "target": NUL_TEXT},
    )
    assert response.status_code == 422 and "NUL" in response.get_json()["error"]
