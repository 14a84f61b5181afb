"""Live rows: GET /documents/<id>/changes answers the poller with the rows on screen that
someone else changed since its cursor (out of band) and a poller with the new cursor."""

import re

from sqlalchemy import select

from review_app.formats.po import PoSegment
from review_app.services.documents import import_segments
from review_app.services.glossary import TermFields, add_term
from review_app.services.updates import SegmentUpdate, update_segment
from review_app.store import Segment, User
from review_app.web.db import get_db

CURSOR = re.compile(r"since=(\d+)")


def _ids(app, document_id):
    with app.app_context():
        rows = get_db().scalars(select(Segment).filter_by(document_id=document_id)).all()
        return {s.label: s.id for s in rows}


def _cursor(auth, document_id):
    page = auth.get(f"/documents/{document_id}").get_data(as_text=True)
    return int(CURSOR.search(page.split('id="live-updates"')[1]).group(1))


def _poll(auth, document_id, since, rows):
    return auth.get(
        f"/documents/{document_id}/changes?since={since}&rows={','.join(map(str, rows))}",
        htmx=True,
    )


def _edit(app, username, segment_id, text):
    with app.app_context():
        session = get_db()
        actor = session.scalars(select(User).filter_by(username=username)).one()
        version = session.get(Segment, segment_id).version
        update_segment(session, actor, segment_id, SegmentUpdate(version, target=text))


def test_a_change_by_someone_else_comes_back_out_of_band(auth, app, app_document):
    auth.login("translator")
    ids = _ids(app, app_document)
    since = _cursor(auth, app_document)
    quiet = _poll(auth, app_document, since, ids.values())
    assert quiet.status_code == 200 and "<tr" not in quiet.text
    assert f"since={since}" in quiet.text and 'hx-trigger="every 1500ms"' in quiet.text

    _edit(app, "editor", ids["2"], "Edited by the editor.")
    _edit(app, "editor", ids["3"], "Not on this screen.")
    answer = _poll(auth, app_document, since, [ids["1"], ids["2"]]).text
    assert f'<tr id="seg-{ids["2"]}"' in answer and 'hx-swap-oob="true"' in answer
    assert "Edited by the editor." in answer and "Not on this screen." not in answer
    assert f"seg-{ids['1']}" not in answer
    newer = int(CURSOR.search(answer).group(1))
    assert newer > since
    assert "<tr" not in _poll(auth, app_document, newer, ids.values()).text


def test_my_own_changes_do_not_come_back(auth, app, app_document):
    auth.login("translator")
    ids = _ids(app, app_document)
    since = _cursor(auth, app_document)
    _edit(app, "translator", ids["2"], "Mine.")
    assert "<tr" not in _poll(auth, app_document, since, ids.values()).text


def test_a_new_term_refreshes_the_rows_holding_it(auth, app, app_users, app_document):
    auth.login("translator")
    ids = _ids(app, app_document)
    since = _cursor(auth, app_document)
    with app.app_context():
        session = get_db()
        add_term(session, session.get(User, app_users["editor"]), None, TermFields("第三", "3rd"))
    answer = _poll(auth, app_document, since, ids.values()).text
    assert answer.count("<tr ") == 1 and f'id="seg-{ids["2"]}"' in answer
    assert '<mark class="term"' in answer


def test_rows_of_another_document_and_bad_cursors(auth, app, app_document):
    auth.login("translator")
    ids = _ids(app, app_document)
    since = _cursor(auth, app_document)
    _edit(app, "editor", ids["2"], "Changed.")
    # Another document's poll does not render this one's rows, even when named.
    with app.app_context():
        other = import_segments(
            get_db(), None, title="Other", segments=[PoSegment("1", "甲", "A", "A")]
        )
    assert "<tr" not in _poll(auth, other.id, since, ids.values()).text
    assert auth.get("/documents/99999/changes?since=0", htmx=True).status_code == 404
    assert _poll(auth, app_document, "x", []).status_code == 422
    assert _poll(auth, app_document, since, ["junk", "", "-1"]).status_code == 200
    # Without htmx: the workspace.
    assert auth.get(f"/documents/{app_document}/changes?since=0").status_code == 302
