"""PATCH /api/segments/<id> is one use case: everything checked first, then one transaction.

Before, a PATCH with a new text and an over-long comment saved the text, then refused the
comment with 422, so the client's corrected retry at the same version met a 409.
"""

import pytest
from sqlalchemy import select

from review_app.services.tokens import create_token
from review_app.store import Comment, Revision, Segment
from review_app.web.db import get_db


class Api:
    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def patch(self, url, body):
        return self.client.patch(url, headers=self.headers, json=body)


@pytest.fixture
def editor(app, client):
    with app.app_context():
        return Api(client, create_token(get_db(), "editor")[1])


@pytest.fixture
def segment_id(app, app_document):
    with app.app_context():
        return get_db().scalar(
            select(Segment.id).where(Segment.document_id == app_document, Segment.label == "4")
        )


def _stored(app, segment_id):
    with app.app_context():
        session = get_db()
        segment = session.get(Segment, segment_id)
        comments = session.scalars(select(Comment.body).filter_by(segment_id=segment_id)).all()
        revisions = session.scalars(select(Revision).filter_by(segment_id=segment_id)).all()
        return segment.target, segment.status, segment.version, comments, len(revisions)


def test_a_refused_comment_leaves_the_text_unsaved_and_the_retry_succeeds(app, editor, segment_id):
    before = _stored(app, segment_id)
    refused = editor.patch(
        f"/api/segments/{segment_id}", {"version": 1, "target": "New text.", "comment": "x" * 6000}
    )
    assert refused.status_code == 422 and "at most" in refused.get_json()["error"]
    assert _stored(app, segment_id) == before
    retry = editor.patch(
        f"/api/segments/{segment_id}", {"version": 1, "target": "New text.", "comment": "Why."}
    )
    assert retry.status_code == 200, retry.get_json()
    target, _, version, comments, _ = _stored(app, segment_id)
    assert (target, version, comments) == ("New text.", 2, ["Why."])


def test_a_comment_beside_an_approval_is_kept_in_the_same_change(app, editor, segment_id):
    response = editor.patch(
        f"/api/segments/{segment_id}",
        {"version": 1, "target": "Fifth sentence.", "status": "approved", "comment": "Tidied."},
    )
    assert response.status_code == 200, response.get_json()
    target, status, _, comments, _ = _stored(app, segment_id)
    assert (target, status, comments) == ("Fifth sentence.", "approved", ["Tidied."])


@pytest.mark.parametrize(
    "body",
    [
        {"status": "rejected", "comment": "Wrong.", "error": {"category": "Nonsense"}},
        {"status": "rejected", "comment": "", "error": {"category": "Style", "severity": "Minor"}},
        {
            "status": "rejected",
            "target": "x",
            "comment": "Wrong.",
            "error": {"category": "Style", "severity": "Minor"},
        },
        {"status": "approved", "target": "x" * 20_001},
        {"target": "New.", "comment": "   "},
    ],
)
def test_any_invalid_part_refuses_the_whole_request(app, editor, segment_id, body):
    before = _stored(app, segment_id)
    response = editor.patch(f"/api/segments/{segment_id}", {"version": 1, **body})
    assert response.status_code == 422, response.get_json()
    assert _stored(app, segment_id) == before


def test_a_translator_cannot_approve_by_patch(app, client, segment_id):
    with app.app_context():
        translator = Api(client, create_token(get_db(), "translator")[1])
    before = _stored(app, segment_id)
    response = translator.patch(
        f"/api/segments/{segment_id}", {"version": 1, "target": "Mine.", "status": "approved"}
    )
    assert response.status_code == 403
    assert _stored(app, segment_id) == before


def test_issues_are_ignored_through_the_api(app, client, editor, app_document, segment_id):
    with app.app_context():
        translator = Api(client, create_token(get_db(), "translator")[1])
    # Chinese left in the English: an error.
    editor.patch(f"/api/segments/{segment_id}", {"version": 1, "target": "Fifth 句子 sentence."})
    segments = editor.client.get(
        f"/api/documents/{app_document}/segments", headers=editor.headers
    ).get_json()
    errors = [i for s in segments for i in s["issues"] if i["severity"] == "error"]
    assert errors and all(
        {"id", "check", "severity", "message", "ignored"} <= set(i) for i in errors
    )
    issue = errors[0]["id"]
    url = f"/api/issues/{issue}/ignore"
    assert (
        translator.client.post(url, headers=translator.headers, json={"reason": "x"}).status_code
        == 403
    )
    assert editor.client.post(url, headers=editor.headers, json={}).status_code == 422
    answer = editor.client.post(url, headers=editor.headers, json={"reason": "A product name."})
    assert answer.status_code == 200 and answer.get_json()["ignored"] is True
    back = editor.client.post(f"/api/issues/{issue}/unignore", headers=editor.headers)
    assert back.get_json()["ignored"] is False
