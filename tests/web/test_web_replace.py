"""Find and replace over HTTP: the page, the preview (htmx fragment), replace one and all,
422 with the message for a bad pattern, roles on the server, CSRF."""

from sqlalchemy import select

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.store import Revision, Segment
from review_app.web.db import get_db


def _targets(app, document_id):
    with app.app_context():
        rows = get_db().scalars(select(Segment).filter_by(document_id=document_id)).all()
        return {s.label: s.target for s in rows}


def test_the_preview_shows_every_replacement(auth, app, app_document):
    auth.login()
    url = f"/documents/{app_document}/replace"
    page = auth.get(url)
    assert page.status_code == 200 and "Find and replace" in page.text and "<html" in page.text
    preview = auth.get(f"{url}?find=sentence&replacement=line", htmx=True)
    assert "<html" not in preview.text and "4 segments to change" in preview.text
    assert "<del>sentence</del><ins>line</ins>" in preview.text
    assert "Replace in segment 2" in preview.text and "Replace all" in preview.text
    # Markup in a target is text in the preview.
    assert "<script>" not in preview.text and "&lt;script&gt;" in preview.text
    assert _targets(app, app_document)["2"] == "Third sentence."


def test_a_bad_regex_is_a_422_with_the_message(auth, app, app_document):
    auth.login()
    answer = auth.get(f"/documents/{app_document}/replace?find=(&regex=1", htmx=True)
    assert answer.status_code == 422 and "regular expression is not valid" in answer.text
    posted = auth.post(f"/documents/{app_document}/replace", {"find": "(", "regex": "1"}, htmx=True)
    assert posted.status_code == 422 and "regular expression is not valid" in posted.text


def test_replace_one_then_all(auth, app, app_document):
    auth.login()
    url = f"/documents/{app_document}/replace"
    with app.app_context():
        two = get_db().scalars(select(Segment).filter_by(label="2")).one()
    form = {"find": "sentence", "replacement": "line"}
    one = auth.post(url, form | {"segment": str(two.id), "version": "1"}, htmx=True)
    assert one.status_code == 200 and "Replaced in 1 segment." in one.text
    assert "3 segments to change" in one.text
    assert _targets(app, app_document)["2"] == "Third line."
    every = auth.post(url, form, htmx=True)
    assert "Replaced in 3 segments." in every.text and "Nothing to replace." in every.text
    assert _targets(app, app_document)["1"] == "First line. Second line."
    with app.app_context():
        assert get_db().scalars(select(Revision).filter_by(kind="edit")).all().__len__() == 4
    # Without htmx: back to the preview page with a message.
    plain = auth.post(url, {"find": "line", "replacement": "row"})
    assert plain.status_code == 303 and "/replace?" in plain.headers["Location"]


def test_roles_csrf_and_bad_ids(auth, app, app_document):
    auth.login("translator")
    url = f"/documents/{app_document}/replace"
    asked = auth.post(url, {"find": "sentence", "replacement": "x", "approved": "1"}, htmx=True)
    assert asked.status_code == 403
    assert auth.post(url, {"find": "sentence"}, csrf=False).status_code == 400
    assert auth.post(url, {"find": "x", "segment": "abc"}, htmx=True).status_code == 422
    assert auth.post(url, {"find": "x", "segment": "99999"}, htmx=True).status_code == 404
    assert auth.get("/documents/99999/replace").status_code == 404
    with app.app_context():
        other = import_segments(
            get_db(), None, title="Other", segments=[PoSegment("1", "甲", "x", "x")]
        )
        foreign = get_db().scalars(select(Segment.id).filter_by(document_id=other.id)).one()
    assert auth.post(url, {"find": "x", "segment": str(foreign)}, htmx=True).status_code == 404
    assert _targets(app, other.id) == {"1": "x"}
    assert "Approved segments too" not in auth.get(url).text
    source = auth.post(url, {"find": "第三", "field": "source"}, htmx=True)
    assert source.status_code == 422 and "never replaced" in source.text
