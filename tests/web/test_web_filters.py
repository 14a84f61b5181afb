"""One filter vocabulary: "Approve all translated without errors (in the current filter)"
approves exactly the translated, error-free rows the workspace shows for that filter, under
every filter field, and the API narrows its list by the same fields."""

import re
from urllib.parse import urlencode

import pytest

from review_app.services import segments as segment_service
from review_app.services.tokens import create_token
from review_app.store import Segment, User
from review_app.web.db import get_db
from review_app.web.filters import FILTER_FIELDS

# One case per filter field at least, each letting through some rows and not others.
FILTERS = [
    {"status": "translated"},
    {"status": "unconfirmed"},
    {"low": "1"},
    {"q": "Third"},
    {"q": "第[三四]", "regex": "1"},
    {"q": "sentence", "field": "source"},
    {"q": "sentence", "field": "target"},
    {"qa": "any"},
    {"edits": "edited"},
    {"edits": "unedited"},
    {"edits": "most"},
]
ROW = re.compile(r'<tr id="seg-(\d+)" class="([^"]*)"')


def test_the_cases_cover_every_filter_field():
    assert {key for case in FILTERS for key in case} == set(FILTER_FIELDS)


@pytest.fixture
def translated(app, app_document, app_users):
    """Segments 1, 2 and 4 translated (1 rewritten, the others as the draft had them), 3 a
    draft: every filter field then separates some of them."""
    with app.app_context():
        session = get_db()
        translator = session.get(User, app_users["translator"])
        for s in session.query(Segment).filter_by(document_id=app_document).all():
            if s.label == "3":
                continue
            text = "A first sentence, rewritten." if s.label == "1" else s.draft
            segment_service.confirm_segment(
                session, translator, s.id, target=text, version=s.version
            )
    return app_document


def shown(auth, document_id, fields):
    """The rows the workspace lists for ``fields``: id → whether bulk approval may take it."""
    page = auth.get(f"/documents/{document_id}?{urlencode(fields)}").get_data(as_text=True)
    return {
        int(segment_id): "status-translated" in classes.split() and "has-errors" not in classes
        for segment_id, classes in ROW.findall(page)
    }


def statuses(app, document_id):
    with app.app_context():
        rows = get_db().query(Segment).filter_by(document_id=document_id, active=True)
        return {s.id: s.status for s in rows}


@pytest.mark.parametrize("fields", FILTERS, ids=lambda f: urlencode(f))
@pytest.mark.parametrize("via", ["htmx", "form"])
def test_bulk_approval_approves_what_the_workspace_shows(auth, app, translated, fields, via):
    auth.login("editor")
    expected = {i for i, approvable in shown(auth, translated, fields).items() if approvable}
    before = statuses(app, translated)
    url = f"/documents/{translated}/approve-all"
    if via == "htmx":
        current = f"http://localhost/documents/{translated}?{urlencode(fields)}"
        response = auth.post(url, htmx=True, headers={"HX-Current-URL": current})
    else:
        response = auth.post(url, fields)
    assert response.status_code in (200, 303)
    after = statuses(app, translated)
    approved = {i for i in after if after[i] == "approved" and before[i] != "approved"}
    assert approved == expected


@pytest.mark.parametrize("fields", FILTERS, ids=lambda f: urlencode(f))
def test_the_api_lists_what_the_workspace_shows(auth, app, translated, fields):
    with app.app_context():
        token = create_token(get_db(), "editor")[1]
    auth.login("editor")
    listed = auth.client.get(
        f"/api/documents/{translated}/segments?{urlencode(fields)}",
        headers={"Authorization": f"Bearer {token}"},
    ).get_json()
    workspace = shown(auth, translated, fields)
    if fields.get("edits") == "most":
        assert {s["id"] for s in listed} == set(workspace)
    else:
        assert [s["id"] for s in listed] == list(workspace)
