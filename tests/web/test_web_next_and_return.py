"""Ctrl+Enter's server answer (the next unconfirmed segment after this one in the filter) and
the way back from a segment's page to the same filter and place."""

from sqlalchemy import select

from review_app.store import Segment
from review_app.web.db import get_db


def _ids(app, document_id):
    with app.app_context():
        rows = get_db().scalars(select(Segment).filter_by(document_id=document_id)).all()
        return {s.label: s.id for s in rows}


def _confirm(auth, seg, query=""):
    return auth.post(
        f"/segments/{seg}/confirm{query}", {"target": "Done.", "version": "1"}, htmx=True
    )


def test_confirm_names_the_next_unconfirmed_in_the_filter(auth, app, app_document):
    auth.login()
    ids = _ids(app, app_document)
    # Segment 4 is already translated: after 1 comes 2, then 3; after 3 nothing.
    first = _confirm(auth, ids["1"])
    assert (first.headers["X-Next-Segment"], first.headers["X-Next-Label"]) == (
        str(ids["2"]),
        "2",
    )
    # With a search filter, the next unconfirmed segment that matches it.
    searched = _confirm(auth, ids["2"], "?q=Fourth")
    assert searched.headers["X-Next-Label"] == "3"
    last = _confirm(auth, ids["3"])
    assert "X-Next-Segment" not in last.headers
    # A filter of confirmed segments holds nothing unconfirmed; a bad filter saves nothing.
    assert "X-Next-Segment" not in _confirm(auth, ids["1"], "?status=translated").headers
    refused = auth.post(
        f"/segments/{ids['4']}/confirm?status=bogus", {"target": "No.", "version": "1"}, htmx=True
    )
    assert refused.status_code == 422
    with app.app_context():
        assert get_db().get(Segment, ids["4"]).target != "No."


def test_the_segment_page_leads_back_to_the_filter_and_the_place(auth, app, app_document):
    auth.login()
    ids = _ids(app, app_document)
    page = auth.get(f"/segments/{ids['3']}/edit?status=draft&q=sentence").text
    back = f"/documents/{app_document}?goto=3&amp;status=draft&amp;q=sentence#seg-{ids['3']}"
    assert back in page
    # Rows of a filtered grid link to their page with the filter.
    rows = auth.get(f"/documents/{app_document}/rows?status=draft", htmx=True).text
    assert f"/segments/{ids['1']}/edit?status=draft" in rows
