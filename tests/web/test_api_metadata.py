"""PATCH /api/documents/<id>: editors correct the metadata; bad values are refused, audited."""

import pytest

from tests.web.test_api import Api, tokens  # noqa: F401  (the fixture)


@pytest.fixture
def api(client, tokens):  # noqa: F811
    return lambda role: Api(client, tokens[role])


def test_an_editor_changes_the_metadata_and_it_is_audited(api, app_document):
    editor = api("editor")
    body = {
        "title": "CANTOOP at the Shanghai IP conference",
        "slug": "cantoop-shanghai",
        "source_url": "https://example.com/news/1",
        "publisher": "CANTOOP",
        "article_date": "2024-07-26",
    }
    response = editor.patch(f"/api/documents/{app_document}", body)
    assert response.status_code == 200, response.get_json()
    assert {k: response.get_json()[k] for k in body} == body
    events = editor.get(f"/api/documents/{app_document}/audit").get_json()
    assert events[-1]["kind"] == "metadata"
    assert events[-1]["details"]["changes"]["title"] == {"from": "Sample", "to": body["title"]}


def test_translators_may_not_change_the_metadata(api, app_document):
    response = api("translator").patch(f"/api/documents/{app_document}", {"title": "Mine"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x" * 301},
        {"title": "  "},
        {"slug": "../etc"},
        {"slug": "a/b"},
        {"slug": "Upper Case"},
        {"source_url": "javascript:alert(1)"},
        {"article_date": "26/07/2024"},
        {"colour": "red"},
    ],
    ids=str,
)
def test_bad_metadata_is_a_422_and_changes_nothing(api, app_document, body):
    editor = api("editor")
    response = editor.patch(f"/api/documents/{app_document}", body)
    assert response.status_code == 422, response.get_json()
    assert editor.get("/api/documents").get_json()[0]["title"] == "Sample"


def test_a_slug_another_document_has_is_refused(api, app, app_users, app_document):
    from review_app.services.documents import import_segments
    from review_app.store import User
    from review_app.web.db import get_db
    from tests.conftest import SAMPLE_SEGMENTS

    with app.app_context():
        session = get_db()
        other = import_segments(
            session, session.get(User, app_users["editor"]), title="Other", segments=SAMPLE_SEGMENTS
        )
        other_slug = other.slug
    response = api("editor").patch(f"/api/documents/{app_document}", {"slug": other_slug})
    assert response.status_code == 422 and "Another document" in response.get_json()["error"]
