"""The side pane of the active segment: its glossary terms, each acceptable rendering
insertable, forbidden ones to avoid; its QA issues, comments and history as before."""

from review_app.services.glossary import TermFields, add_term
from review_app.store import Segment, User
from review_app.web.db import get_db


def _add_terms(app, app_users):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        add_term(session, editor, None, TermFields("第三句", "third line", note="House style"))
        add_term(session, editor, None, TermFields("第三句", "third sentence", "forbidden"))
        return session.query(Segment).filter_by(label="2").one().id


def test_the_pane_lists_the_source_terms_with_insert_buttons(auth, app, app_users, app_document):
    seg = _add_terms(app, app_users)
    auth.login()
    body = auth.get(f"/segments/{seg}/panel", htmx=True).get_data(as_text=True)
    assert f'data-segment-id="{seg}"' in body
    assert 'data-insert="third line"' in body and "House style" in body
    # A forbidden rendering is shown, struck out, and cannot be inserted.
    assert "third sentence" in body and 'data-insert="third sentence"' not in body
    assert "avoid" in body


def test_a_source_without_terms_says_so(auth, app, app_document):
    auth.login()
    with app.app_context():
        seg = get_db().query(Segment).filter_by(label="1").one().id
    body = auth.get(f"/segments/{seg}/panel", htmx=True).get_data(as_text=True)
    assert "No glossary term in this source." in body and "data-insert" not in body


def test_term_text_is_escaped_in_the_pane(auth, app, app_users, app_document):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        add_term(session, editor, None, TermFields("第三句", '<b>"x"</b>'))
        seg = session.query(Segment).filter_by(label="2").one().id
    auth.login()
    body = auth.get(f"/segments/{seg}/panel", htmx=True).get_data(as_text=True)
    assert "<b>" not in body and 'data-insert="&lt;b&gt;&#34;x&#34;&lt;/b&gt;"' in body
