"""The side pane of the active segment: its glossary terms, each acceptable rendering
insertable, forbidden ones to avoid; its QA issues, comments and history as before."""

import re

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.services.glossary import TermFields, add_term
from review_app.services.review import approve_segment
from review_app.services.segments import confirm_segment
from review_app.store import Document, Segment, User
from review_app.web.db import get_db

REPEATED = [PoSegment("1", "他们签了合同。", "They signed.", "They signed.")]


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


def _segment(app, label):
    with app.app_context():
        return get_db().query(Segment).filter_by(label=label).one()


def test_the_memory_section_follows_the_terms_and_loads_the_matches(auth, app, app_document):
    seg = _segment(app, "2")
    auth.login()
    body = auth.get(f"/segments/{seg.id}/panel", htmx=True).get_data(as_text=True)
    terms, memory = (body.index(f'id="{name}-{seg.id}"') for name in ("terms", "memory"))
    assert terms < memory < body.index("<h3>Machine draft</h3>")
    assert f'hx-get="/segments/{seg.id}/matches" hx-trigger="load"' in body
    # The concordance waits for Ctrl+K, searching the document's project.
    concordance = re.search(r'<section id="pane-concordance"[^>]*>', body).group(0)
    assert "hidden" in concordance and 'hx-preserve="true"' in concordance
    with app.app_context():
        project = get_db().get(Document, app_document).project_id
    assert f'name="project" value="{project}"' in body and 'hx-get="/concordance"' in body


def test_the_pane_offers_a_match_an_insert_button_the_page_does_not(auth, app, app_users):
    with app.app_context():
        session = get_db()
        editor = session.get(User, app_users["editor"])
        first = import_segments(session, editor, title="First", segments=REPEATED)
        segment = session.query(Segment).filter_by(document_id=first.id).one()
        confirmed = confirm_segment(
            session, editor, segment.id, target="Done.", version=segment.version
        )
        approve_segment(session, editor, segment.id, version=confirmed.version)
        second = import_segments(session, editor, title="Second", segments=REPEATED)
        repeated = session.query(Segment).filter_by(document_id=second.id).one().id
    auth.login()
    pane = auth.get(f"/segments/{repeated}/matches", htmx=True).get_data(as_text=True)
    assert 'data-insert="Done."' in pane
    assert re.search(
        r'<button type="button" class="insert secondary">Insert the 10[01] % match', pane
    )
    page = auth.get(f"/segments/{repeated}/matches").get_data(as_text=True)
    assert "Insert the" not in page


def test_a_row_pre_translated_from_memory_carries_its_badge(auth, app, app_document):
    with app.app_context():
        session = get_db()
        marked, plain = (session.query(Segment).filter_by(label=n).one() for n in ("1", "2"))
        marked.tm_score, marked.tm_origin = 100, "approved in <First>"
        session.commit()
        marked_id, plain_id = marked.id, plain.id
    auth.login()
    row = auth.get(f"/segments/{marked_id}", htmx=True).get_data(as_text=True)
    origin = "approved in &lt;First&gt;"
    assert (
        f'class="tm-badge" title="Pre-translated from the translation memory: {origin}">TM 100'
        in row
    )
    assert "pre-translated from the translation memory, approved in &lt;First&gt;</span>" in row
    assert "tm-badge" not in auth.get(f"/segments/{plain_id}", htmx=True).get_data(as_text=True)
