"""The document's details form: editors correct the title and the rest, in the browser."""

import pytest
from sqlalchemy import select

from review_app.store import AuditEvent, Document
from review_app.web.db import get_db

FIELDS = {
    "title": "CANTOOP attended the Shanghai IP Protection Conference",
    "slug": "cantoop-shanghai-ip",
    "source_url": "https://www.example.com/news/1",
    "publisher": "CANTOOP",
    "article_date": "2024-07-26",
}


def _document(app, document_id):
    with app.app_context():
        return get_db().get(Document, document_id)


@pytest.mark.parametrize("htmx", [False, True])
def test_an_editor_corrects_the_details_and_the_change_is_audited(app, auth, app_document, htmx):
    auth.login("editor")
    page = auth.get(f"/documents/{app_document}/details", htmx=htmx).get_data(as_text=True)
    assert 'name="title"' in page and ("<html" in page) is not htmx
    response = auth.post(f"/documents/{app_document}/details", FIELDS, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    stored = _document(app, app_document)
    assert (stored.title, stored.slug, stored.article_date) == (
        FIELDS["title"],
        FIELDS["slug"],
        FIELDS["article_date"],
    )
    with app.app_context():
        event = get_db().scalars(select(AuditEvent).filter_by(kind="metadata")).one()
        assert event.details["changes"]["title"]["to"] == FIELDS["title"]


def test_a_refused_field_shows_the_reason_and_changes_nothing(app, auth, app_document):
    auth.login("editor")
    before = _document(app, app_document).title
    response = auth.post(
        f"/documents/{app_document}/details", {**FIELDS, "slug": "../etc"}, htmx=True
    )
    assert response.status_code == 422
    assert "slug" in response.get_data(as_text=True)
    assert _document(app, app_document).title == before


def test_translators_may_not_change_the_details(app, auth, app_document):
    auth.login("translator")
    assert auth.get(f"/documents/{app_document}/details").status_code == 403
    assert auth.post(f"/documents/{app_document}/details", FIELDS).status_code == 403
    assert _document(app, app_document).title == "Sample"
