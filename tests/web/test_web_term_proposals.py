"""Term proposals over HTTP: the form in the pane, proposing, and editors deciding on the
glossary page; roles on the server, CSRF, bad ids."""

from sqlalchemy import select

from review_app.store import GlossaryTerm, Segment, TermProposal
from review_app.web.db import get_db


def _seg(app, label="2"):
    with app.app_context():
        return get_db().scalars(select(Segment).filter_by(label=label)).one().id


def _propose(auth, seg, **form):
    data = {"source": "第三", "target": "third", "note": ""} | form
    return auth.post(f"/segments/{seg}/term-proposals", data, htmx=True)


def test_the_form_is_prefilled_from_the_selection(auth, app, app_document):
    auth.login()
    seg = _seg(app)
    body = auth.get(f"/segments/{seg}/term-proposals/new?source=第三", htmx=True).get_data(
        as_text=True
    )
    assert body.startswith('<aside id="panel"') and 'value="第三"' in body
    page = auth.get(f"/segments/{seg}/term-proposals/new?source=第三").get_data(as_text=True)
    assert "<html" in page and "Propose a term" in page
    assert auth.get("/segments/99999/term-proposals/new", htmx=True).status_code == 404


def test_a_translator_proposes_and_an_editor_accepts_on_the_glossary_page(auth, app, app_document):
    auth.login("translator")
    seg = _seg(app)
    response = _propose(auth, seg, note="ordinal")
    assert response.status_code == 200 and "an editor will review it" in response.text
    # Translators see no proposals to decide, and may not decide one.
    assert "Proposed terms" not in auth.get("/glossary/").text
    with app.app_context():
        proposal_id = get_db().scalars(select(TermProposal)).one().id
    refused = auth.post(f"/glossary/proposals/{proposal_id}/accept", {}, htmx=True)
    assert refused.status_code == 403

    auth.post("/auth/logout")
    auth.login("editor")
    page = auth.get("/glossary/").text
    assert "Proposed terms (1)" in page and "ordinal" in page
    accepted = auth.post(
        f"/glossary/proposals/{proposal_id}/accept",
        {"source": "第三", "target": "the third", "status": "preferred", "note": ""},
        htmx=True,
    )
    assert accepted.status_code == 200 and accepted.headers["HX-Trigger"] == "glossaryChanged"
    assert "Accepted 第三 → the third" in accepted.text and "No term is waiting" in accepted.text
    with app.app_context():
        assert get_db().scalars(select(GlossaryTerm.target)).all() == ["the third"]
    # Deciding twice is refused with the reason, not a 500.
    again = auth.post(f"/glossary/proposals/{proposal_id}/reject", {"reason": "late"}, htmx=True)
    assert again.status_code == 422 and "already accepted" in again.text


def test_bad_proposals_and_rejections_say_why(auth, app, app_document):
    auth.login("translator")
    seg = _seg(app)
    missing = _propose(auth, seg, source="第九")
    assert missing.status_code == 422 and "is not in the source" in missing.text
    assert _propose(auth, 99999).status_code == 404
    assert auth.post(f"/segments/{seg}/term-proposals", {}, csrf=False).status_code == 400
    _propose(auth, seg)
    with app.app_context():
        proposal_id = get_db().scalars(select(TermProposal)).one().id
    auth.post("/auth/logout")
    auth.login("editor")
    empty = auth.post(f"/glossary/proposals/{proposal_id}/reject", {"reason": " "}, htmx=True)
    assert empty.status_code == 422 and "Say why" in empty.text
    assert auth.post("/glossary/proposals/99999/reject", {"reason": "x"}).status_code == 404
    plain = auth.post(f"/glossary/proposals/{proposal_id}/reject", {"reason": "Use 'third'."})
    assert plain.status_code == 303
    with app.app_context():
        assert get_db().get(TermProposal, proposal_id).status == "rejected"
